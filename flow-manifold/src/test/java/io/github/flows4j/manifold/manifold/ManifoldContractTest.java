package io.github.flows4j.manifold.manifold;

import static io.github.flows4j.manifold.manifold.ManifoldCases.assertClose;
import static io.github.flows4j.manifold.manifold.ManifoldCases.assertFinite;
import static io.github.flows4j.manifold.manifold.ManifoldCases.tangents;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.ManifoldCases.Case;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Riemannian identities that every manifold must satisfy, on random points of its base distribution. */
class ManifoldContractTest {
    private static final int N = 64;

    static java.util.stream.Stream<Case> cases() {
        return ManifoldCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void projectionsAreIdempotentTangentAndOrthogonal(Case c) {
        Manifold m = c.manifold();
        Rng rng = Rng.seeded(1);
        INDArray z = rng.normal(DataType.DOUBLE, N, m.ambientDim()).muli(2);
        INDArray px = m.projx(z);
        m.checkPoints("projx(z)", px);
        assertClose(px, m.projx(px), 1e-9, "projx idempotent");
        INDArray x = m.randomBase(rng, DataType.DOUBLE, N);
        assertClose(x, m.projx(x), 1e-9, "projx fixes points on the manifold");
        INDArray v = rng.normal(DataType.DOUBLE, N, m.ambientDim());
        INDArray pu = m.proju(x, v);
        assertClose(pu, m.proju(x, pu), 1e-10, "proju idempotent");
        // the projection is g_x-orthogonal: g_x(P v, v − P v) = 0
        double[] g = HostArrays.toDoubles(m.inner(x, pu, v.sub(pu)));
        double[] scale = HostArrays.toDoubles(m.inner(x, v, v));
        for (int i = 0; i < N; i++) {
            assertEquals(0, g[i], 1e-9 * Math.max(1, Math.abs(scale[i])), "g(Pv, v - Pv) row " + i);
        }
        m.expmap(x, pu);    // accepted as tangent
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expOfLogAndLogOfExpAreIdentities(Case c) {
        Manifold m = c.manifold();
        Rng rng = Rng.seeded(2);
        INDArray x = m.randomBase(rng, DataType.DOUBLE, N);
        INDArray y = m.randomBase(rng, DataType.DOUBLE, N);
        assertClose(y, m.expmap(x, m.logmap(x, y)), 1e-8, "exp(x, log(x, y)) = y");
        INDArray u = tangents(m, x, rng, c.maxRadius());
        assertClose(u, m.logmap(x, m.expmap(x, u)), 1e-7, "log(x, exp(x, u)) = u");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void distanceAlongExpEqualsTangentNormAndIsSymmetric(Case c) {
        Manifold m = c.manifold();
        Rng rng = Rng.seeded(3);
        INDArray x = m.randomBase(rng, DataType.DOUBLE, N);
        INDArray u = tangents(m, x, rng, c.maxRadius());
        assertClose(m.norm(x, u), m.dist(x, m.expmap(x, u)), 1e-8, "dist(x, exp(x, u)) = |u|");
        INDArray y = m.randomBase(rng, DataType.DOUBLE, N);
        assertClose(m.dist(x, y), m.dist(y, x), 1e-9, "dist symmetric");
        assertClose(m.dist(x, y), m.norm(x, m.logmap(x, y)), 1e-9, "|log(x, y)| = dist");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void geodesicHitsEndpointsWithConstantSpeed(Case c) {
        Manifold m = c.manifold();
        Rng rng = Rng.seeded(4);
        INDArray x = m.randomBase(rng, DataType.DOUBLE, N);
        INDArray y = m.expmap(x, tangents(m, x, rng, c.maxRadius()));
        assertClose(x, m.geodesic(x, y, Nd4j.zeros(DataType.DOUBLE, N, 1)), 1e-12, "geodesic(0) = x");
        assertClose(y, m.geodesic(x, y, Nd4j.ones(DataType.DOUBLE, N, 1)), 1e-8, "geodesic(1) = y");
        double[] d = HostArrays.toDoubles(m.dist(x, y));
        for (double t : new double[] {0.25, 0.5, 0.9}) {
            INDArray xt = m.geodesic(x, y, Nd4j.valueArrayOf(new long[] {N, 1}, t, DataType.DOUBLE));
            double[] a = HostArrays.toDoubles(m.dist(x, xt));
            double[] b = HostArrays.toDoubles(m.dist(xt, y));
            for (int i = 0; i < N; i++) {
                assertEquals(t * d[i], a[i], 1e-8 * Math.max(1, d[i]), "dist(x, x_t) row " + i);
                assertEquals((1 - t) * d[i], b[i], 1e-8 * Math.max(1, d[i]), "dist(x_t, y) row " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void identicalPointsGiveZerosAndNoNaN(Case c) {
        Manifold m = c.manifold();
        INDArray x = m.randomBase(Rng.seeded(5), DataType.DOUBLE, N);
        INDArray log = m.logmap(x, x);
        assertFinite(log, "log(x, x)");
        assertArrayEquals(new double[N * m.ambientDim()], HostArrays.toDoubles(log), 1e-7);
        assertArrayEquals(new double[N], HostArrays.toDoubles(m.dist(x, x)), 1e-7);
        assertClose(x, m.geodesic(x, x, Nd4j.valueArrayOf(new long[] {N, 1}, 0.3, DataType.DOUBLE)), 1e-9,
                "geodesic(x, x, t)");
        assertClose(x, m.expmap(x, Nd4j.zeros(DataType.DOUBLE, N, m.ambientDim())), 1e-12, "exp(x, 0)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void baseSamplesLieOnTheManifoldReproduciblyWithFiniteDensity(Case c) {
        Manifold m = c.manifold();
        INDArray a = m.randomBase(Rng.seeded(6), DataType.DOUBLE, 200);
        INDArray b = m.randomBase(Rng.seeded(6), DataType.DOUBLE, 200);
        assertArrayEquals(HostArrays.toDoubles(a), HostArrays.toDoubles(b), "same seed, same draws");
        m.checkPoints("base sample", a);
        assertFinite(m.baseLogProb(a), "base log-density");
        INDArray f = m.randomBase(Rng.seeded(6), DataType.FLOAT, 10);
        assertEquals(DataType.FLOAT, f.dataType());
        assertEquals(DataType.FLOAT, m.baseLogProb(f).dataType());
        assertArrayEquals(new long[] {10}, m.baseLogProb(f).shape());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32RoundTripsWithinFloatTolerance(Case c) {
        Manifold m = c.manifold();
        Rng rng = Rng.seeded(7);
        INDArray x = m.randomBase(rng, DataType.FLOAT, N);
        INDArray y = m.randomBase(rng, DataType.FLOAT, N);
        INDArray back = m.expmap(x, m.logmap(x, y));
        assertEquals(DataType.FLOAT, back.dataType());
        assertClose(y, back, 2e-3, "float32 exp(x, log(x, y))");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wrongShapesAreTypedErrors(Case c) {
        Manifold m = c.manifold();
        INDArray x = m.randomBase(Rng.seeded(8), DataType.DOUBLE, 4);
        INDArray wide = Nd4j.zeros(DataType.DOUBLE, 4, m.ambientDim() + 1);
        assertThrows(ShapeMismatchException.class, () -> m.projx(wide));
        assertThrows(ShapeMismatchException.class, () -> m.logmap(x, x.getRows(0, 1)));
        assertThrows(ShapeMismatchException.class, () -> m.expmap(x, wide));
        assertThrows(ShapeMismatchException.class, () -> m.dist(Nd4j.zeros(DataType.DOUBLE, m.ambientDim()), x));
        assertThrows(ShapeMismatchException.class, () -> m.checkPoints("x", wide));
        assertThrows(ShapeMismatchException.class, () -> m.baseLogProb(wide));
        assertThrows(ShapeMismatchException.class, () -> m.geodesic(x, x, Nd4j.zeros(DataType.DOUBLE, 4)));
        assertTrue(m.intrinsicDim() <= m.ambientDim());
    }
}
