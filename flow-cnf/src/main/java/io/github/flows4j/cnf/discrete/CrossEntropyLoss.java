package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * The cross-entropy loss of x-prediction (Gat et al. 2024, eq. 28): −log p_{1|t}(x₁ⁱ | x_t) at every position, the
 * loss flow_matching's text example trains with. It does not depend on the scheduler.
 *
 * <pre>{@code
 * DiscreteFlowMatching fm = new DiscreteFlowMatching(path, new CrossEntropyLoss(path), 1.0);
 * }</pre>
 *
 * @param path the path the model is trained on (checked against the logits' vocabulary)
 */
public record CrossEntropyLoss(MixtureDiscretePath path) implements DiscreteLoss {
    /**
     * @throws NullPointerException if path is null
     */
    public CrossEntropyLoss {
        io.github.flows4j.core.Checks.notNull("path", path);
    }

    @Override
    public Tensor perToken(Tensor logits, DiscretePathSample sample) {
        int k = path.source().vocabulary();
        int[] bl = Tokens.checkLogits(logits, sample, k);
        int[] x1 = Tokens.read("x1", sample.x1(), bl[1], k);
        Tensor hot = Tensor.constant(Tokens.oneHot(x1, k, logits.dtype()));
        return logits.logSoftmax(1).mul(hot).sum(1).neg().reshape(bl[0], bl[1]);
    }
}
