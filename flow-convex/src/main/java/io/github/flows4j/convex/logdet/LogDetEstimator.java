package io.github.flows4j.convex.logdet;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;

/**
 * A way to get log det ∇²F(x_b) for each row of a batch from Hessian-vector products — or, for training, a
 * surrogate whose gradient is an unbiased estimate of the gradient of log det (Huang et al., Convex Potential
 * Flows, ICLR 2021, Sec. 4):
 * <ul>
 *   <li>{@link ExactLogDet}: the full Hessian from d products, then a Cholesky factorisation in tensor ops — exact,
 *       differentiable, for small d;</li>
 *   <li>{@link StochasticLanczos}: stochastic Lanczos quadrature (Ubaru, Chen and Saad 2017) — an estimate of the
 *       value for evaluation, no gradient;</li>
 *   <li>{@link CgLogDetGradient}: Hutchinson probes with conjugate gradients, the training surrogate
 *       Σ (H v) ⊙ stopgrad(H⁻¹ v) — its value is <em>not</em> the log-determinant ({@link #isSurrogate()}).</li>
 * </ul>
 *
 * <pre>{@code
 * LogDetEstimator train = new CgLogDetGradient(new CgConfig(10, 1e-3, 0), 1);
 * LogDetEstimator test = ExactLogDet.evaluation();
 * Tensor logDet = test.estimate(hessian, rng);      // [batch, 1]
 * }</pre>
 */
public interface LogDetEstimator {
    /**
     * @param hessian the batched Hessian at the points
     * @param rng     the source of probe vectors (unused by exact estimators, may then be null)
     * @return [batch, 1]: log det ∇²F per row, or the surrogate when {@link #isSurrogate()}
     */
    Tensor estimate(HessianOperator hessian, Rng rng);

    /** @return whether the value is a training surrogate (only its gradient means anything) */
    boolean isSurrogate();

    /** @return whether gradients flow through the estimate to the parameters and the points */
    boolean isDifferentiable();
}
