package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A per-token training loss of a {@link DiscreteDenoiser} on a {@link DiscretePathSample}: {@link CrossEntropyLoss}
 * or {@link GeneralizedKlLoss}.
 *
 * <pre>{@code
 * DiscreteLoss loss = new GeneralizedKlLoss(path);
 * Tensor perToken = loss.perToken(model.logits(s.xt(), s.t()), s);   // [batch, length]
 * Tensor scalar = perToken.mean();
 * }</pre>
 */
public sealed interface DiscreteLoss permits CrossEntropyLoss, GeneralizedKlLoss {
    /**
     * @param logits the model's output on {@code sample.xt()}, [batch · length, K]
     * @param sample the path sample
     * @return the loss of every position, [batch, length]
     * @throws io.github.flows4j.core.ShapeMismatchException if logits do not match the sample
     * @throws io.github.flows4j.core.InvalidConfigException if K differs from the path's vocabulary or a token is
     *         out of range
     */
    Tensor perToken(Tensor logits, DiscretePathSample sample);

    /** @return the path the loss belongs to (its vocabulary checks the logits) */
    MixtureDiscretePath path();
}
