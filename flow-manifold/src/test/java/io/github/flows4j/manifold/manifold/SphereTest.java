package io.github.flows4j.manifold.manifold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SphereTest {
    private static final int N = 200;

    private static void assertFinite(INDArray a, String what) {
        for (double v : HostArrays.toDoubles(a)) {
            assertTrue(Double.isFinite(v), what + " has a non-finite value");
        }
    }

    private static double[] rowNorms(INDArray a) {
        double[] v = HostArrays.toDoubles(a);
        int d = (int) a.size(1);
        double[] out = new double[v.length / d];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += v[i * d + j] * v[i * d + j];
            }
            out[i] = Math.sqrt(s);
        }
        return out;
    }

    private static double[] rowDots(INDArray a, INDArray b) {
        double[] x = HostArrays.toDoubles(a);
        double[] y = HostArrays.toDoubles(b);
        int d = (int) a.size(1);
        double[] out = new double[x.length / d];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i] += x[i * d + j] * y[i * d + j];
            }
        }
        return out;
    }

    /** Tangent vectors at x with norms uniform in [0, maxNorm). */
    private static INDArray tangents(Sphere s, INDArray x, Rng rng, double maxNorm) {
        INDArray u = s.proju(x, rng.normal(DataType.DOUBLE, x.size(0), x.size(1)));
        double[] v = HostArrays.toDoubles(u);
        double[] norms = rowNorms(u);
        int d = (int) x.size(1);
        for (int i = 0; i < norms.length; i++) {
            double target = maxNorm * rng.nextDouble();
            for (int j = 0; j < d; j++) {
                v[i * d + j] *= target / norms[i];
            }
        }
        return HostArrays.fromDoubles(v, DataType.DOUBLE, x.size(0), d);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 10})
    void expOfLogIsIdentityAndLogOfExpIsIdentity(int d) {
        Sphere s = new Sphere(d);
        Rng rng = Rng.seeded(d);
        INDArray x = s.projx(rng.normal(DataType.DOUBLE, N, d));
        INDArray y = s.projx(rng.normal(DataType.DOUBLE, N, d));
        assertArrayEquals(HostArrays.toDoubles(y), HostArrays.toDoubles(s.expmap(x, s.logmap(x, y))), 1e-10);
        INDArray u = tangents(s, x, rng, Math.PI - 1e-3);
        assertArrayEquals(HostArrays.toDoubles(u), HostArrays.toDoubles(s.logmap(x, s.expmap(x, u))), 1e-8);
    }

    @Test
    void distanceAlongExpEqualsTangentNorm() {
        Sphere s = new Sphere(4);
        Rng rng = Rng.seeded(11);
        INDArray x = s.projx(rng.normal(DataType.DOUBLE, N, 4));
        INDArray u = tangents(s, x, rng, Math.PI - 1e-6);
        assertArrayEquals(rowNorms(u), HostArrays.toDoubles(s.dist(x, s.expmap(x, u))), 1e-9);
        // and ‖log_x y‖ = dist(x, y), dist symmetric, metric is the Euclidean one
        INDArray y = s.projx(rng.normal(DataType.DOUBLE, N, 4));
        assertArrayEquals(HostArrays.toDoubles(s.dist(x, y)), rowNorms(s.logmap(x, y)), 1e-12);
        assertArrayEquals(HostArrays.toDoubles(s.dist(x, y)), HostArrays.toDoubles(s.dist(y, x)), 1e-12);
        assertArrayEquals(rowDots(u, u), HostArrays.toDoubles(s.inner(x, u, u)), 1e-12);
    }

    @Test
    void projectionsAreIdempotentAndTangent() {
        Sphere s = new Sphere(3);
        Rng rng = Rng.seeded(5);
        INDArray x = s.projx(rng.normal(DataType.DOUBLE, N, 3));
        for (double n : rowNorms(x)) {
            assertEquals(1, n, 1e-14);
        }
        assertArrayEquals(HostArrays.toDoubles(x), HostArrays.toDoubles(s.projx(x)), 1e-15);
        INDArray pu = s.proju(x, rng.normal(DataType.DOUBLE, N, 3));
        for (double dot : rowDots(x, pu)) {
            assertEquals(0, dot, 1e-14);
        }
        assertArrayEquals(HostArrays.toDoubles(pu), HostArrays.toDoubles(s.proju(x, pu)), 1e-14);
        assertArrayEquals(new double[] {1, 0, 0}, HostArrays.toDoubles(s.projx(Nd4j.zeros(DataType.DOUBLE, 1, 3))));
    }

    @Test
    void identicalPointsAndSmallAnglesGiveNoNaN() {
        Sphere s = new Sphere(3);
        INDArray x = s.projx(Rng.seeded(2).normal(DataType.DOUBLE, 10, 3));
        INDArray log = s.logmap(x, x);
        assertArrayEquals(new double[30], HostArrays.toDoubles(log), 1e-15);
        assertArrayEquals(new double[10], HostArrays.toDoubles(s.dist(x, x)), 1e-15);
        assertArrayEquals(HostArrays.toDoubles(x), HostArrays.toDoubles(s.expmap(x, log)), 1e-15);
        INDArray tiny = tangents(s, x, Rng.seeded(3), 1e-9);
        INDArray y = s.expmap(x, tiny);
        assertFinite(y, "exp of a tiny tangent");
        assertArrayEquals(HostArrays.toDoubles(tiny), HostArrays.toDoubles(s.logmap(x, y)), 1e-15);
    }

    @Test
    void antipodesGiveADeterministicTangentOfLengthPi() {
        Sphere s = new Sphere(3);
        INDArray x = s.projx(Rng.seeded(4).normal(DataType.DOUBLE, 10, 3));
        INDArray y = x.neg();
        INDArray log = s.logmap(x, y);
        assertFinite(log, "log at the antipode");
        for (double n : rowNorms(log)) {
            assertEquals(Math.PI, n, 1e-12);
        }
        for (double dot : rowDots(x, log)) {
            assertEquals(0, dot, 1e-12);
        }
        assertArrayEquals(HostArrays.toDoubles(log), HostArrays.toDoubles(s.logmap(x, y)));
        assertArrayEquals(HostArrays.toDoubles(y), HostArrays.toDoubles(s.expmap(x, log)), 1e-12);
        for (double dd : HostArrays.toDoubles(s.dist(x, y))) {
            assertEquals(Math.PI, dd, 1e-12);
        }
        // an axis point: the fallback axis is one where x is zero
        INDArray e3 = Nd4j.createFromArray(new double[][] {{0, 0, 1}});
        assertArrayEquals(new double[] {Math.PI, 0, 0}, HostArrays.toDoubles(s.logmap(e3, e3.neg())), 1e-15);
    }

    @Test
    void geodesicHitsEndpointsAndHalvesTheDistance() {
        Sphere s = new Sphere(3);
        Rng rng = Rng.seeded(8);
        INDArray x = s.projx(rng.normal(DataType.FLOAT, 50, 3));
        INDArray y = s.projx(rng.normal(DataType.FLOAT, 50, 3));
        INDArray zero = Nd4j.zeros(DataType.FLOAT, 50, 1);
        INDArray one = Nd4j.ones(DataType.FLOAT, 50, 1);
        INDArray half = one.mul(0.5);
        assertArrayEquals(HostArrays.toDoubles(x), HostArrays.toDoubles(s.geodesic(x, y, zero)), 1e-6);
        assertArrayEquals(HostArrays.toDoubles(y), HostArrays.toDoubles(s.geodesic(x, y, one)), 1e-5);
        INDArray mid = s.geodesic(x, y, half);
        assertEquals(DataType.FLOAT, mid.dataType());
        double[] dxy = HostArrays.toDoubles(s.dist(x, y));
        double[] dxm = HostArrays.toDoubles(s.dist(x, mid));
        double[] dmy = HostArrays.toDoubles(s.dist(mid, y));
        for (int i = 0; i < dxy.length; i++) {
            assertEquals(dxy[i] / 2, dxm[i], 1e-5);
            assertEquals(dxy[i] / 2, dmy[i], 1e-5);
        }
    }

    @Test
    void offManifoldAndWrongShapesAreTypedErrors() {
        Sphere s = new Sphere(3);
        INDArray x = s.projx(Rng.seeded(1).normal(DataType.DOUBLE, 4, 3));
        INDArray far = x.mul(2);
        OffManifoldException e = assertThrows(OffManifoldException.class, () -> s.logmap(x, far));
        assertTrue(e.getMessage().startsWith("y row 0 must lie on the unit sphere"), e.getMessage());
        assertThrows(OffManifoldException.class, () -> s.dist(far, x));
        assertThrows(OffManifoldException.class, () -> s.expmap(x, x));
        assertThrows(ShapeMismatchException.class, () -> s.projx(Nd4j.zeros(DataType.DOUBLE, 4, 4)));
        assertThrows(ShapeMismatchException.class, () -> s.projx(Nd4j.zeros(DataType.DOUBLE, 3)));
        assertThrows(ShapeMismatchException.class, () -> s.logmap(x, x.getRows(0, 1)));
        assertThrows(ShapeMismatchException.class, () -> s.geodesic(x, x, Nd4j.zeros(DataType.DOUBLE, 4)));
        assertThrows(DTypeMismatchException.class, () -> s.proju(x, x.castTo(DataType.FLOAT)));
        assertThrows(InvalidConfigException.class, () -> new Sphere(1));
        assertEquals(2, s.intrinsicDim());
        assertEquals(3, s.ambientDim());
    }
}
