/**
 * Riemannian manifolds embedded in R^D, on batches of points [batch, D]: the
 * {@link io.github.flows4j.manifold.manifold.Manifold} interface (projections, exponential and logarithm maps,
 * distance, metric, geodesics) and the unit {@link io.github.flows4j.manifold.manifold.Sphere}. A point that should
 * lie on the manifold and does not raises {@link io.github.flows4j.manifold.manifold.OffManifoldException}.
 *
 * <pre>{@code
 * Sphere s = new Sphere(3);
 * INDArray u = s.logmap(x, y);             // tangent at x, ‖u‖ = dist(x, y)
 * INDArray back = s.expmap(x, u);          // ≈ y
 * }</pre>
 */
package io.github.flows4j.manifold.manifold;
