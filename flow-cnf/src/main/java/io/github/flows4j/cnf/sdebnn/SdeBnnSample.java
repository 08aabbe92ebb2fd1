package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;

/**
 * One forward pass of an {@link SdeBnn}: one weight path per row of the batch, the network's output at depth
 * {@code t1}, the per-row KL estimate and the solve that produced them.
 *
 * <pre>{@code
 * SdeBnnSample s = model.sample(x, rng);
 * Tensor nll = s.output().sub(y).square().mean();     // s.output(): [batch, outputDim]
 * Tensor kl = s.kl().mean();                           // s.kl(): [batch, 1]
 * }</pre>
 *
 * @param output   the output layer applied to {@code h(t1)}, {@code [batch, outputDim]}
 * @param kl       the configured estimator of {@code log dQ/dP} along each path, {@code [batch, 1]}
 * @param quadratic the logqp term {@code ½ ∫ ‖u‖² dt} alone, {@code [batch, 1]}
 * @param solution the augmented solve: states {@code [[h, w] [batch, d_h + d_w], KL [batch, 1]]} at every step
 */
public record SdeBnnSample(Tensor output, Tensor kl, Tensor quadratic, Solution solution) {
    /** @return the number of solver steps of the solve */
    public int steps() {
        return solution.stats().steps();
    }

    /** @return the drift evaluations of the solve (the hidden field's number of function evaluations) */
    public int functionEvaluations() {
        return solution.stats().functionEvaluations();
    }
}
