/**
 * Log-determinants of Hessians from Hessian-vector products, as convex potential flows need them (Huang et al.,
 * ICLR 2021, Sec. 4): the batched {@link io.github.flows4j.convex.logdet.HessianOperator} (double backprop),
 * {@link io.github.flows4j.convex.logdet.ConjugateGradient} for H u = v, and three
 * {@link io.github.flows4j.convex.logdet.LogDetEstimator}s — the exact value for small d
 * ({@link io.github.flows4j.convex.logdet.ExactLogDet}), stochastic Lanczos quadrature for evaluation
 * ({@link io.github.flows4j.convex.logdet.StochasticLanczos}) and the training surrogate whose gradient is unbiased
 * for ∇ log det ({@link io.github.flows4j.convex.logdet.CgLogDetGradient}).
 *
 * <pre>{@code
 * HessianOperator h = new HessianOperator(x, f);                     // f = ∇F(x), recorded with a graph
 * Tensor surrogate = new CgLogDetGradient(new CgConfig(10, 1e-3, 0), 1).estimate(h, rng);
 * Tensor exact = ExactLogDet.evaluation().estimate(h, null);          // [batch, 1]
 * }</pre>
 */
package io.github.flows4j.convex.logdet;
