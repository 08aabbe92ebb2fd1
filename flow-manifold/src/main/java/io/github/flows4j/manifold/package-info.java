/**
 * flows4j manifold: Riemannian Flow Matching (Chen and Lipman 2024) on manifolds; Probability Path Divergence is planned.
 * Geometry lives in {@link io.github.flows4j.manifold.manifold}: a
 * {@link io.github.flows4j.manifold.manifold.Manifold} gives the exponential and logarithm maps, projections and
 * distances that geodesic probability paths are built from; {@link io.github.flows4j.manifold.mesh} gives triangle
 * meshes with spectral premetrics for general geometries, {@link io.github.flows4j.manifold.maze} mazes with walls,
 * and {@link io.github.flows4j.manifold.data} the benchmark datasets. RFM lives in {@code rfm}; PPD is planned for a package of its own.
 *
 * <pre>{@code
 * Manifold sphere = new Sphere(3);
 * INDArray xt = sphere.geodesic(x0, x1, t);      // the geodesic path at times t, [batch, 3]
 * }</pre>
 */
package io.github.flows4j.manifold;
