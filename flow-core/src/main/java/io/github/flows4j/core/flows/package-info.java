/**
 * Discrete-time normalizing flows with exact log-determinants: {@link io.github.flows4j.core.flows.Bijection}s
 * ({@link io.github.flows4j.core.flows.AffineCoupling}, {@link io.github.flows4j.core.flows.RationalQuadraticSplineCoupling},
 * {@link io.github.flows4j.core.flows.Permutation}), optionally conditioned on a context vector, composed into a
 * {@link io.github.flows4j.core.flows.NormalizingFlow} with a standard normal base, in FLOAT or DOUBLE.
 *
 * <p>They live in flow-core, not in a method module, because several method modules need an exact-likelihood
 * density (flow-voronoi's dequantizers and mixture components, flow-cnf's baselines, flow-rl's policies) and method
 * modules may not depend on one another. Every layer is a {@link io.github.flows4j.core.nn.Module} written with
 * {@link io.github.flows4j.core.autodiff.Tensor} ops, so flows train through the
 * {@link io.github.flows4j.core.train.Trainer} and take part in gradients of any order.
 *
 * <pre>{@code
 * NormalizingFlow flow = NormalizingFlow.builder().dim(2).layers(4).spline(8, 5.0).dtype(DataType.DOUBLE)
 *         .build(Rng.seeded(0));
 * Tensor nll = flow.logProb(Tensor.constant(x), null).mean().neg();   // x: [n, 2]
 * }</pre>
 */
package io.github.flows4j.core.flows;
