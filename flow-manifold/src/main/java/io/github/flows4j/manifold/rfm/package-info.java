/**
 * Riemannian Flow Matching (Chen and Lipman, "Flow Matching on General Geometries", ICLR 2024): flows on
 * manifolds trained by regressing a tangent velocity field onto the velocity of a conditional path built from a
 * premetric. On simple geometries (sphere, flat torus, Euclidean space) the premetric is the geodesic distance and
 * the path is x_t = exp_{x₁}(κ(t) log_{x₁} x₀) ({@link io.github.flows4j.manifold.rfm.GeodesicPath}); on meshes it
 * is a spectral distance and the path is simulated ({@link io.github.flows4j.manifold.rfm.PremetricPath}).
 *
 * <p>Solving on a manifold composes any flow-core solver with a projection ({@link
 * io.github.flows4j.manifold.rfm.ProjectedSolver}); likelihoods reuse flow-cnf's {@code CnfTerm} with the exact
 * divergence of a field that is constant along normal rays ({@link io.github.flows4j.manifold.rfm.TangentMlpField}),
 * which equals the Riemannian divergence ({@link io.github.flows4j.manifold.rfm.ManifoldLikelihood}).
 *
 * <p>On triangle meshes (bunny, spot, mazes) the model is {@link io.github.flows4j.manifold.rfm.MeshTangentField}
 * (an MLP on ambient coordinates, optionally the mesh's Laplacian eigenfunctions, and time, projected onto the
 * plane of the face, or turned into one flux per edge interpolated by Raviart–Thomas elements), trained with
 * {@link io.github.flows4j.manifold.rfm.MeshRfmLoss} on the simulated premetric path; likelihoods integrate the
 * divergence over each face's tangent plane, tr(P J P), plus the base log-density, −log area for the uniform base
 * ({@link io.github.flows4j.manifold.rfm.MeshLikelihood}); sampling projects onto the mesh after each step, or walks
 * along it ({@link io.github.flows4j.manifold.rfm.SurfaceWalkSolver}) where boundary slits (maze walls) must not
 * be stepped through.
 *
 * <pre>{@code
 * Sphere s2 = new Sphere(3);
 * TangentMlpField field = TangentMlpField.builder(s2).hidden(128, 128).build(Rng.seeded(0));
 * RfmLoss loss = new RfmLoss(new GeodesicPath(s2, KappaScheduler.linear()));
 * try (TensorScope scope = TensorScope.open()) {
 *     loss.loss(field, batch, rng).backward();              // batch: [b, 3] points on S²
 *     adam.step();
 * }
 * double nll = -ManifoldLikelihood.builder(s2).build().evaluate(field, test).mean();
 * }</pre>
 */
package io.github.flows4j.manifold.rfm;
