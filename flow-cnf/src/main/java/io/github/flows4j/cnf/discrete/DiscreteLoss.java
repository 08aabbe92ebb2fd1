package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.ShapeMismatchException;
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
     * @throws ShapeMismatchException if logits do not match the sample
     * @throws io.github.flows4j.core.InvalidConfigException if K differs from the path's vocabulary or a token is
     *         out of range
     */
    Tensor perToken(Tensor logits, DiscretePathSample sample);

    /** @return the path the loss belongs to, or {@code null} when the loss does not depend on it */
    MixtureDiscretePath path();

    /**
     * @return the logits' row count checked against the sample; K checked against {@code vocabulary}
     */
    static int[] checkLogits(Tensor logits, DiscretePathSample sample, int vocabulary) {
        long batch = sample.x1().size(0);
        long length = sample.x1().size(1);
        if (logits.rank() != 2 || logits.size(0) != batch * length) {
            throw ShapeMismatchException.of("logits", "[" + batch * length + ", K] (batch " + batch + " x length "
                    + length + ")", logits.shape());
        }
        if (vocabulary > 0 && logits.size(1) != vocabulary) {
            throw io.github.flows4j.core.InvalidConfigException.of("logits", "[batch * length, " + vocabulary
                    + "] (the path's vocabulary; vocabulary mismatch)", java.util.Arrays.toString(logits.shape()));
        }
        return new int[] {(int) batch, (int) length};
    }
}
