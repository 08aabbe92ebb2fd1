/**
 * Riemannian manifolds embedded in R^D, on batches of points [batch, D], with everything Riemannian Flow
 * Matching (Chen and Lipman 2024) needs on simple geometries:
 * <ul>
 *   <li>{@link io.github.flows4j.manifold.manifold.Manifold}: projections, exponential and logarithm maps,
 *       distance, metric, geodesics, on-manifold checks and a base distribution (uniform where compact, a
 *       wrapped normal otherwise);</li>
 *   <li>{@link io.github.flows4j.manifold.manifold.DifferentiableManifold}: the same maps on
 *       {@link io.github.flows4j.core.autodiff.Tensor}s, so gradients flow through geodesic paths and manifold ODE
 *       steps;</li>
 *   <li>{@link io.github.flows4j.manifold.manifold.WrappedNormalFamily}: closed-form wrapped normals, for base
 *       distributions and synthetic data;</li>
 *   <li>{@link io.github.flows4j.manifold.manifold.Premetric}: a distance and its gradient, what RFM's conditional
 *       flows on general geometries are built from (the geodesic distance here, spectral distances on meshes).</li>
 * </ul>
 * Implementations: {@link io.github.flows4j.manifold.manifold.Euclidean},
 * {@link io.github.flows4j.manifold.manifold.Sphere}, {@link io.github.flows4j.manifold.manifold.FlatTorus},
 * {@link io.github.flows4j.manifold.manifold.Hyperbolic} (Lorentz model),
 * {@link io.github.flows4j.manifold.manifold.SpdMatrices} (affine-invariant metric) and products of any of them,
 * {@link io.github.flows4j.manifold.manifold.ProductManifold}. A point that should lie on the manifold and does
 * not raises {@link io.github.flows4j.manifold.manifold.OffManifoldException}.
 *
 * <p>Each map is written once: the manifolds state their formulas generically over a package-private algebra of
 * row operations, which runs them eagerly on float64 host rows for the {@code INDArray} maps (sampling, likelihood
 * solves and projections stay free of autodiff bookkeeping) and records them on Tensors for the differentiable
 * maps. Euclidean space and the torus share one flat implementation that differs only in its wrap-around;
 * hyperbolic space and SPD matrices share their wrapped-normal base; products split and join column blocks once
 * for both representations.
 *
 * <pre>{@code
 * DifferentiableManifold m = ProductManifold.of(new Sphere(3), new FlatTorus(2));
 * INDArray x0 = m.randomBase(Rng.seeded(0), DataType.DOUBLE, 128);   // uniform on S² × T²
 * INDArray u = m.logmap(x0, x1);                                     // tangent at x0, ‖u‖ = dist(x0, x1)
 * Tensor xt = m.geodesic(Tensor.constant(x0), Tensor.constant(x1), t);
 * }</pre>
 */
package io.github.flows4j.manifold.manifold;
