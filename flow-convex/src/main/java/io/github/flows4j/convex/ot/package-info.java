/**
 * Optimal transport in closed form: the 2-Wasserstein distance between Gaussians and the linear Monge map between
 * them ({@link io.github.flows4j.convex.ot.GaussianTransport}), represented as an
 * {@link io.github.flows4j.convex.ot.AffineMap}.
 *
 * <pre>{@code
 * AffineMap t = GaussianTransport.optimalMap(m1, c1, m2, c2);
 * INDArray y = t.apply(x);                 // x ~ N(m1, c1)  ⇒  y ~ N(m2, c2)
 * }</pre>
 */
package io.github.flows4j.convex.ot;
