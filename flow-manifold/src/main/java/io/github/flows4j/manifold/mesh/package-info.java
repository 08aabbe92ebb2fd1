/**
 * Triangle meshes as manifolds for Riemannian Flow Matching on general geometries (Chen and Lipman 2024, §3.2):
 * <ul>
 *   <li>{@link io.github.flows4j.manifold.mesh.TriangleMesh} (areas, midpoint subdivision, boundary), read from OBJ
 *       by {@link io.github.flows4j.manifold.mesh.ObjReader}, or built by
 *       {@link io.github.flows4j.manifold.mesh.MeshShapes};</li>
 *   <li>the cotangent Laplacian and mixed Voronoi mass matrix
 *       ({@link io.github.flows4j.manifold.mesh.CotangentLaplacian}) as
 *       {@link io.github.flows4j.manifold.mesh.SparseMatrix} CSR matrices, with Neumann boundary, and the smallest
 *       eigenpairs of L φ = λ M φ by shift-invert Lanczos
 *       ({@link io.github.flows4j.manifold.mesh.ShiftInvertLanczos}) over a nested-dissection sparse Cholesky
 *       ({@link io.github.flows4j.manifold.mesh.SparseCholesky});</li>
 *   <li>closest points, barycentric location, projections onto the surface and its tangent planes
 *       ({@link io.github.flows4j.manifold.mesh.MeshLocator});</li>
 *   <li>moving points along the surface through its connectivity, sliding along boundary edges
 *       ({@link io.github.flows4j.manifold.mesh.SurfaceWalk});</li>
 *   <li>uniform and face-weighted distributions on the surface
 *       ({@link io.github.flows4j.manifold.mesh.FaceDistribution});</li>
 *   <li>spectral premetrics — biharmonic, diffusion, commute time — with their per-face gradients
 *       ({@link io.github.flows4j.manifold.mesh.SpectralDistance}).</li>
 * </ul>
 *
 * <pre>{@code
 * TriangleMesh mesh = ObjReader.read(Path.of("spot.obj"));
 * SpectralDistance d = SpectralDistance.of(mesh, 100, SpectralWeight.biharmonic(), EigenOptions.defaults());
 * SurfaceSample x0 = FaceDistribution.uniform(mesh).sample(Rng.seeded(0), 1024);
 * INDArray grad = d.gradient(x0.points(DataType.DOUBLE), x1);     // [1024, 3]
 * }</pre>
 */
package io.github.flows4j.manifold.mesh;
