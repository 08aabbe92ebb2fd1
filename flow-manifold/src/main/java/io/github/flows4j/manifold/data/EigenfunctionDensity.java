package io.github.flows4j.manifold.data;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.mesh.CotangentLaplacian;
import io.github.flows4j.manifold.mesh.EigenOptions;
import io.github.flows4j.manifold.mesh.Eigenpairs;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.SurfaceSample;
import io.github.flows4j.manifold.mesh.TriangleMesh;

/**
 * The eigenfunction densities of the mesh benchmarks of Riemannian Flow Matching (Chen and Lipman 2024, §5.2,
 * "bunny/spot, k = 10, 50, 100"), generated rather than downloaded:
 * <ol>
 *   <li>subdivide the mesh three times by midpoint subdivision (each triangle into four);</li>
 *   <li>solve L φ = λ M φ (cotangent Laplacian, mixed Voronoi mass) and take φ_k, the k-th non-constant
 *       eigenfunction (φ₀ is the constant);</li>
 *   <li>average φ_k over each face's three vertices, clip at zero and normalise to a distribution over faces,
 *       p_f ∝ max(0, (φ_k(a) + φ_k(b) + φ_k(c))/3);</li>
 *   <li>draw samples by choosing a face from p and a uniform barycentric point in it; the benchmark set is
 *       100,000 samples drawn with {@code Rng.seeded(0)}.</li>
 * </ol>
 * The sign of an eigenvector is arbitrary; flows4j fixes it so that the entry of largest magnitude is positive
 * ({@link Eigenpairs}) and flips it for (bunny, k = 10) and (spot, k = 50), the data set's convention. The sample
 * density with respect to area is p_f / A_f on face f ({@link FaceDistribution#logDensity(int)}), the exact
 * log-likelihood against which a model's test NLL can be compared.
 *
 * <pre>{@code
 * EigenfunctionDensity d = EigenfunctionDensity.benchmark(BenchmarkMesh.BUNNY, 10);   // 160,002 vertices
 * SurfaceSample data = d.benchmarkSamples();                                           // 100,000 points
 * INDArray x1 = data.points(DataType.FLOAT);
 * }</pre>
 */
public final class EigenfunctionDensity {
    /** Subdivisions of the benchmark meshes. */
    public static final int SUBDIVISIONS = 3;
    /** Size of the benchmark sample. */
    public static final int SAMPLES = 100_000;

    private final TriangleMesh mesh;
    private final int k;
    private final double eigenvalue;
    private final double[] eigenfunction;
    private final FaceDistribution distribution;

    private EigenfunctionDensity(TriangleMesh mesh, int k, double eigenvalue, double[] eigenfunction,
            FaceDistribution distribution) {
        this.mesh = mesh;
        this.k = k;
        this.eigenvalue = eigenvalue;
        this.eigenfunction = eigenfunction;
        this.distribution = distribution;
    }

    /**
     * @param base         the mesh before subdivision
     * @param k            which non-constant eigenfunction, &ge; 1
     * @param flip         whether to negate it
     * @param subdivisions midpoint subdivisions first, in [0, 5]
     * @param options      eigensolver options
     * @return the density
     * @throws InvalidConfigException if k or subdivisions is out of range, or the clipped eigenfunction is zero
     *                                everywhere
     */
    public static EigenfunctionDensity of(TriangleMesh base, int k, boolean flip, int subdivisions,
            EigenOptions options) {
        if (subdivisions < 0 || subdivisions > 5) {
            throw InvalidConfigException.of("subdivisions", "in [0, 5]", subdivisions);
        }
        TriangleMesh mesh = base;
        for (int s = 0; s < subdivisions; s++) {
            mesh = mesh.subdivide();
        }
        if (k < 1 || k >= mesh.vertexCount()) {
            throw InvalidConfigException.of("k", "in [1, " + (mesh.vertexCount() - 1) + "]", k);
        }
        Eigenpairs eig = CotangentLaplacian.of(mesh).eigenpairs(k + 1, options);
        double[] phi = eig.vector(k);
        if (flip) {
            for (int i = 0; i < phi.length; i++) {
                phi[i] = -phi[i];
            }
        }
        int[] f = mesh.faces();
        double[] w = new double[mesh.faceCount()];
        for (int t = 0; t < w.length; t++) {
            w[t] = Math.max(0, (phi[f[3 * t]] + phi[f[3 * t + 1]] + phi[f[3 * t + 2]]) / 3);
        }
        return new EigenfunctionDensity(mesh, k, eig.value(k), phi, FaceDistribution.of(mesh, w));
    }

    /**
     * @param mesh the benchmark mesh
     * @param k    the eigenfunction index (the benchmarks use 10, 50 and 100)
     * @return whether the data set's sign convention negates this eigenfunction: (bunny, 10) and (spot, 50)
     */
    public static boolean flipped(BenchmarkMesh mesh, int k) {
        return (mesh == BenchmarkMesh.BUNNY && k == 10) || (mesh == BenchmarkMesh.SPOT && k == 50);
    }

    /**
     * The benchmark density: {@link #SUBDIVISIONS} subdivisions, default eigensolver options, the data set's sign.
     *
     * @param mesh the benchmark mesh
     * @param k    the eigenfunction index, &ge; 1
     * @return the density (a 160k- or 187k-vertex eigensolve: tens of seconds)
     * @throws InvalidConfigException if k is out of range
     */
    public static EigenfunctionDensity benchmark(BenchmarkMesh mesh, int k) {
        return of(mesh.load(), k, flipped(mesh, k), SUBDIVISIONS, EigenOptions.defaults());
    }

    /** @return the subdivided mesh the density lives on */
    public TriangleMesh mesh() {
        return mesh;
    }

    /** @return k */
    public int k() {
        return k;
    }

    /** @return λ_k */
    public double eigenvalue() {
        return eigenvalue;
    }

    /** @return a copy of φ_k per vertex (sign as used), M-normalised */
    public double[] eigenfunction() {
        return eigenfunction.clone();
    }

    /** @return the face distribution */
    public FaceDistribution distribution() {
        return distribution;
    }

    /**
     * @param rng the random stream (advanced)
     * @param n   how many points, &ge; 0
     * @return n samples
     */
    public SurfaceSample sample(Rng rng, int n) {
        return distribution.sample(rng, n);
    }

    /** @return the benchmark set: {@link #SAMPLES} points drawn with {@code Rng.seeded(0)} */
    public SurfaceSample benchmarkSamples() {
        return sample(Rng.seeded(0), SAMPLES);
    }
}
