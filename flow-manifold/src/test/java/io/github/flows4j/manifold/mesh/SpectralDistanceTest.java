package io.github.flows4j.manifold.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Spectral premetrics against the analytic ones on the unit square, and their gradients against finite
 * differences.
 *
 * <p>The comparison: on [0, 1]² with Neumann boundary the eigenpairs are λ_ab = π²(a² + b²) and
 * φ_ab = c_a c_b cos(aπx) cos(bπy) (c_0 = 1, c_a = √2), L²-orthonormal like the mesh's M-orthonormal ones. The
 * analytic premetric is truncated to the K modes with 0 &lt; a² + b² ≤ 20 — a cutoff in a gap of the spectrum
 * (the next value is 25), so that the truncation contains whole eigenspaces and the arbitrary rotation of the
 * mesh's eigenvectors within a repeated eigenvalue cancels out; the mesh premetric uses its first K non-constant
 * pairs. Their difference is the finite-element error, O(h²), and it must shrink as the grid is refined.
 */
class SpectralDistanceTest {
    private static final int CUTOFF = 20;

    private static List<int[]> modes() {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a * a <= CUTOFF; a++) {
            for (int b = 0; a * a + b * b <= CUTOFF; b++) {
                if (a + b > 0) {
                    out.add(new int[] {a, b});
                }
            }
        }
        return out;
    }

    private static double analytic(SpectralWeight w, double x0, double y0, double x1, double y1) {
        double s = 0;
        for (int[] ab : modes()) {
            double lambda = Math.PI * Math.PI * (ab[0] * ab[0] + ab[1] * ab[1]);
            double ca = ab[0] == 0 ? 1 : Math.sqrt(2);
            double cb = ab[1] == 0 ? 1 : Math.sqrt(2);
            double p = ca * cb * Math.cos(ab[0] * Math.PI * x0) * Math.cos(ab[1] * Math.PI * y0);
            double q = ca * cb * Math.cos(ab[0] * Math.PI * x1) * Math.cos(ab[1] * Math.PI * y1);
            s += w.weight(lambda) * (p - q) * (p - q);
        }
        return Math.sqrt(s);
    }

    /** Max relative error of the mesh premetric over random pairs. */
    private static double error(int cells, SpectralWeight w) {
        TriangleMesh square = MeshShapes.grid(cells, cells, 1, 1);
        int k = modes().size();
        SpectralDistance d = SpectralDistance.of(square, k, w, EigenOptions.defaults());
        assertEquals(k, d.modes());
        Rng rng = Rng.seeded(21);
        INDArray x = rng.uniform(DataType.DOUBLE, 60, 3);
        INDArray y = rng.uniform(DataType.DOUBLE, 60, 3);
        double[] got = HostArrays.toDoubles(d.dist(x, y));
        double[] xv = HostArrays.toDoubles(x);
        double[] yv = HostArrays.toDoubles(y);
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < 60; i++) {
            scale = Math.max(scale, analytic(w, xv[3 * i], xv[3 * i + 1], yv[3 * i], yv[3 * i + 1]));
        }
        for (int i = 0; i < 60; i++) {
            double exact = analytic(w, xv[3 * i], xv[3 * i + 1], yv[3 * i], yv[3 * i + 1]);
            worst = Math.max(worst, Math.abs(got[i] - exact) / scale);
        }
        return worst;
    }

    @Test
    void flatSquareBiharmonicAndDiffusionDistancesApproachTheAnalyticOnes() {
        for (SpectralWeight w : new SpectralWeight[] {SpectralWeight.biharmonic(), SpectralWeight.diffusion(0.01),
            SpectralWeight.commuteTime()}) {
            double coarse = error(16, w);
            double fine = error(32, w);
            assertTrue(fine < 0.02, w + ": error " + fine + " relative to the largest distance");
            assertTrue(fine < coarse / 2.5, w + ": O(h²) convergence, " + coarse + " -> " + fine);
        }
    }

    @Test
    void premetricIsZeroOnTheDiagonalSymmetricAndItsGradientMatchesFiniteDifferences() {
        TriangleMesh mesh = MeshShapes.icosphere(3);
        SpectralDistance d = SpectralDistance.of(mesh, 30, SpectralWeight.biharmonic(), EigenOptions.defaults());
        FaceDistribution uniform = FaceDistribution.uniform(mesh);
        Rng rng = Rng.seeded(22);
        SurfaceSample xs = uniform.sample(rng, 40);
        SurfaceSample ys = uniform.sample(rng, 40);
        INDArray x = xs.points(DataType.DOUBLE);
        INDArray y = ys.points(DataType.DOUBLE);
        double[] dxy = HostArrays.toDoubles(d.dist(x, y));
        double[] dyx = HostArrays.toDoubles(d.dist(y, x));
        double[] dxx = HostArrays.toDoubles(d.dist(x, x));
        for (int i = 0; i < 40; i++) {
            assertEquals(dxy[i], dyx[i], 1e-12);
            assertEquals(0, dxx[i], 1e-12);
            assertTrue(dxy[i] > 0);
        }
        double[] grad = HostArrays.toDoubles(d.gradient(x, y));
        double[] zero = HostArrays.toDoubles(d.gradient(x, x));
        MeshLocator loc = d.locator();
        SurfacePoint[] ys0 = loc.locate(y);
        double[] bary = xs.barycentric();
        for (int i = 0; i < 40; i++) {
            int t = xs.face(i);
            double[] n = mesh.faceNormal(t);
            assertEquals(0, n[0] * grad[3 * i] + n[1] * grad[3 * i + 1] + n[2] * grad[3 * i + 2], 1e-10,
                    "tangent to the face");
            assertEquals(0, Math.abs(zero[3 * i]) + Math.abs(zero[3 * i + 1]) + Math.abs(zero[3 * i + 2]), 0);
            // move within the face along the edge direction v1 − v0, in barycentric coordinates
            int[] f = mesh.face(t);
            double[] e = new double[3];
            for (int c = 0; c < 3; c++) {
                e[c] = mesh.vertex(f[1])[c] - mesh.vertex(f[0])[c];
            }
            double h = 1e-6 * Math.min(bary[3 * i], 1);
            SurfacePoint plus = loc.at(t, bary[3 * i] - h, bary[3 * i + 1] + h, bary[3 * i + 2], 0);
            SurfacePoint minus = loc.at(t, bary[3 * i] + h, bary[3 * i + 1] - h, bary[3 * i + 2], 0);
            double numeric = (Math.sqrt(d.squaredDistance(plus, ys0[i])) - Math.sqrt(d.squaredDistance(minus,
                    ys0[i]))) / (2 * h);
            double analytic = grad[3 * i] * e[0] + grad[3 * i + 1] * e[1] + grad[3 * i + 2] * e[2];
            assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), "directional derivative " + i);
        }
    }

    @Test
    void badInputsAreTypedErrors() {
        TriangleMesh mesh = MeshShapes.icosphere(1);
        assertThrows(InvalidConfigException.class,
                () -> SpectralDistance.of(mesh, 0, SpectralWeight.biharmonic(), EigenOptions.defaults()));
        assertThrows(InvalidConfigException.class, () -> SpectralWeight.diffusion(-1));
        SpectralDistance d = SpectralDistance.of(mesh, 5, SpectralWeight.commuteTime(), EigenOptions.defaults());
        assertThrows(io.github.flows4j.core.ShapeMismatchException.class,
                () -> d.dist(mesh.vertexArray(DataType.DOUBLE), mesh.vertexArray(DataType.DOUBLE).getRows(0, 1)));
        assertThrows(InvalidConfigException.class, () -> new EigenOptions(0, 1, 0));
    }
}
