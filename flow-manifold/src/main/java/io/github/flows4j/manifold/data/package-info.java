/**
 * Data for manifold generative models: the four earth-science datasets on S²
 * ({@link io.github.flows4j.manifold.data.EarthDataset}) with seeded 80/10/10
 * {@link io.github.flows4j.manifold.data.DataSplits}, the bunny and Spot meshes
 * ({@link io.github.flows4j.manifold.data.BenchmarkMesh}) and their eigenfunction-density benchmarks
 * ({@link io.github.flows4j.manifold.data.EigenfunctionDensity}), and wrapped-normal mixtures on tori of any
 * dimension, hyperbolic space and SPD matrices ({@link io.github.flows4j.manifold.data.WrappedMixture}). The
 * shipped files' sources are listed in the repository's NOTICE.
 *
 * <pre>{@code
 * DataSplits volcano = EarthDataset.VOLCANO.splits(Rng.seeded(0), DataType.FLOAT);   // unit vectors on S²
 * SurfaceSample bunny10 = EigenfunctionDensity.benchmark(BenchmarkMesh.BUNNY, 10).benchmarkSamples();
 * }</pre>
 */
package io.github.flows4j.manifold.data;
