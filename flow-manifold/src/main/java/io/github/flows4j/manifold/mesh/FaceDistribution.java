package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A distribution on a triangle mesh that is uniform within each face: face f has probability p_f, and within it
 * points are uniform, so the density with respect to surface area is p_f / A_f. {@link #uniform} takes
 * p_f = A_f / Σ A (the uniform distribution on the surface, density 1/area, the base distribution of mesh RFM);
 * {@link #of} takes any non-negative face weights (the eigenfunction benchmarks). Sampling picks a face by binary
 * search in the cumulative probabilities, then a uniform barycentric point (1 − √r₁, √r₁(1 − r₂), √r₁ r₂).
 *
 * <pre>{@code
 * FaceDistribution uniform = FaceDistribution.uniform(mesh);
 * SurfaceSample s = uniform.sample(Rng.seeded(0), 10_000);
 * INDArray x0 = s.points(DataType.FLOAT);                  // [10000, 3] on the surface
 * }</pre>
 */
public final class FaceDistribution {
    private final TriangleMesh mesh;
    private final double[] prob;
    private final double[] cumulative;

    private FaceDistribution(TriangleMesh mesh, double[] prob) {
        this.mesh = mesh;
        this.prob = prob;
        this.cumulative = new double[prob.length];
        double s = 0;
        for (int i = 0; i < prob.length; i++) {
            s += prob[i];
            cumulative[i] = s;
        }
        cumulative[prob.length - 1] = Double.POSITIVE_INFINITY;     // round-off never falls off the end
    }

    /**
     * @param mesh a mesh
     * @return the uniform distribution on its surface
     */
    public static FaceDistribution uniform(TriangleMesh mesh) {
        return of(mesh, mesh.faceAreas());
    }

    /**
     * @param mesh    a mesh
     * @param weights non-negative finite weight per face, not all zero, [m] (copied and normalised)
     * @return the distribution with p_f ∝ weights[f]
     * @throws ShapeMismatchException if there is not one weight per face
     * @throws InvalidConfigException if a weight is negative or not finite, all are zero, or a face of zero area
     *                                has positive weight
     */
    public static FaceDistribution of(TriangleMesh mesh, double[] weights) {
        if (weights.length != mesh.faceCount()) {
            throw ShapeMismatchException.of("weights", "[" + mesh.faceCount() + "]", new long[] {weights.length});
        }
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0 && Double.isFinite(weights[i]))) {
                throw InvalidConfigException.of("weights[" + i + "]", "finite and >= 0", weights[i]);
            }
            if (weights[i] > 0 && !(mesh.faceArea(i) > 0)) {
                throw InvalidConfigException.of("weights[" + i + "]", "0 on a face of zero area", weights[i]);
            }
            sum += weights[i];
        }
        if (!(sum > 0)) {
            throw InvalidConfigException.of("weights", "not all zero", "sum " + sum);
        }
        double[] p = new double[weights.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = weights[i] / sum;
        }
        return new FaceDistribution(mesh, p);
    }

    /** @return the mesh */
    public TriangleMesh mesh() {
        return mesh;
    }

    /** @return a copy of the face probabilities, summing to 1, [m] */
    public double[] probabilities() {
        return prob.clone();
    }

    /**
     * @param face a face index
     * @return log(p_f / A_f), the log-density with respect to area at any point of the face (−∞ where p_f = 0)
     */
    public double logDensity(int face) {
        return Math.log(prob[face]) - Math.log(mesh.faceArea(face));
    }

    /**
     * @param points points on the mesh, located by their closest point, [n, 3]
     * @param locator a locator over this distribution's mesh
     * @return log-densities, [n], of the points' type
     * @throws InvalidConfigException if the locator is over another mesh
     * @throws ShapeMismatchException if points is not [n, 3]
     */
    public INDArray logDensity(INDArray points, MeshLocator locator) {
        if (locator.mesh() != mesh) {
            throw InvalidConfigException.of("locator", "built on this distribution's mesh", locator.mesh());
        }
        SurfacePoint[] s = locator.locate(points);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = logDensity(s[i].face());
        }
        return HostArrays.fromDoubles(out, points.dataType(), s.length);
    }

    /**
     * @param rng the random stream (advanced by three draws per sample)
     * @param n   the number of samples, &ge; 0
     * @return n points: faces, barycentric coordinates and positions
     * @throws InvalidConfigException if n &lt; 0
     */
    public SurfaceSample sample(Rng rng, int n) {
        if (n < 0) {
            throw InvalidConfigException.of("n", ">= 0", n);
        }
        int[] faces = new int[n];
        double[] bary = new double[3 * n];
        double[] pos = new double[3 * n];
        double[] v = mesh.v();
        int[] f = mesh.f();
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            int t = lo;
            faces[i] = t;
            double s = Math.sqrt(rng.nextDouble());
            double r2 = rng.nextDouble();
            double b0 = 1 - s;
            double b1 = s * (1 - r2);
            double b2 = s * r2;
            bary[3 * i] = b0;
            bary[3 * i + 1] = b1;
            bary[3 * i + 2] = b2;
            for (int d = 0; d < 3; d++) {
                pos[3 * i + d] = b0 * v[3 * f[3 * t] + d] + b1 * v[3 * f[3 * t + 1] + d] + b2 * v[3 * f[3 * t + 2] + d];
            }
        }
        return new SurfaceSample(faces, bary, pos);
    }
}
