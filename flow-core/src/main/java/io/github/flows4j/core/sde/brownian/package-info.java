/**
 * Brownian sample paths for SDE solves: a {@link io.github.flows4j.core.sde.brownian.BrownianPath} answers
 * {@link io.github.flows4j.core.sde.brownian.BrownianPath#increment(double, double)} on any interval with the
 * increment and the space-time Lévy area ({@link io.github.flows4j.core.sde.brownian.BrownianIncrement}),
 * consistently and reproducibly from a seed, so that every step size and every adjoint sees the same path.
 * {@link io.github.flows4j.core.sde.brownian.VirtualBrownianTree} is the implementation.
 *
 * <pre>{@code
 * VirtualBrownianTree w = VirtualBrownianTree.of(0.0, 1.0, 128, 3, 42);   // [128, 3], seed 42
 * BrownianIncrement dw = w.increment(0.2, 0.3);
 * }</pre>
 */
package io.github.flows4j.core.sde.brownian;
