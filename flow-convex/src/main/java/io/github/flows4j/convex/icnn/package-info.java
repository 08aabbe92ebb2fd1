/**
 * Input-convex neural networks: {@link io.github.flows4j.convex.icnn.Icnn} (convex in its input) and
 * {@link io.github.flows4j.convex.icnn.Picnn} (convex in x for every fixed context), both
 * {@link io.github.flows4j.convex.icnn.ConvexNetwork}s, built from non-negative hidden-to-hidden weights
 * ({@link io.github.flows4j.convex.icnn.PositiveLinear}, a softplus reparameterisation), convex non-decreasing
 * activations ({@link io.github.flows4j.convex.icnn.ConvexActivation}: softplus and the Gaussian softplus
 * x Φ(x) + φ(x), plain or zero-shifted) and skip connections from the input (Amos, Xu and Kolter, ICML 2017;
 * Huang et al., ICLR 2021).
 *
 * <pre>{@code
 * Icnn g = new Icnn(IcnnConfig.builder().inputDim(2).width(32).depth(20)
 *         .activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO).augmented(true).actNorm(true)
 *         .dtype(DataType.DOUBLE).build(), Rng.seeded(0));
 * g.initialize(batch, null);                // data-dependent ActNorm initialisation
 * Tensor out = g.forward(x, null);          // [batch, 2] -> [batch, 1], convex in x
 * }</pre>
 */
package io.github.flows4j.convex.icnn;
