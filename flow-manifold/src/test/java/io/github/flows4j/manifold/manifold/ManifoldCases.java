package io.github.flows4j.manifold.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The manifolds every contract test runs on, with the helpers the tests share. */
final class ManifoldCases {
    private ManifoldCases() {
    }

    /**
     * @param manifold  the manifold
     * @param maxRadius tangent norms stay below this in "within the injectivity radius" tests
     */
    record Case(Manifold manifold, double maxRadius) {
        @Override
        public String toString() {
            return manifold.toString();
        }
    }

    static Stream<Case> all() {
        return Stream.of(
                new Case(new Euclidean(3), 4),
                new Case(new Sphere(3), Math.PI - 1e-3),
                new Case(new Sphere(6), Math.PI - 1e-3),
                new Case(new FlatTorus(1), Math.PI - 1e-3),
                new Case(new FlatTorus(4), Math.PI - 1e-3),
                new Case(new Hyperbolic(2), 3),
                new Case(new Hyperbolic(4, 0.7), 3),
                new Case(new SpdMatrices(1), 3),
                new Case(new SpdMatrices(2), 3),
                new Case(new SpdMatrices(3, 0.5), 3),
                new Case(ProductManifold.of(new Sphere(3), new FlatTorus(2)), Math.PI - 1e-3),
                new Case(ProductManifold.of(new Hyperbolic(2), new Euclidean(2)), 3),
                new Case(ProductManifold.of(new SpdMatrices(2), new Sphere(3)), Math.PI - 1e-3));
    }

    static Stream<Case> differentiable() {
        return all().filter(c -> c.manifold() instanceof DifferentiableManifold);
    }

    /** Random tangent vectors at x with Riemannian norms uniform in [0, maxNorm). */
    static INDArray tangents(Manifold m, INDArray x, Rng rng, double maxNorm) {
        INDArray u = m.proju(x, rng.normal(x.dataType(), x.size(0), x.size(1)));
        double[] v = HostArrays.toDoubles(u);
        double[] norms = HostArrays.toDoubles(m.norm(x, u));
        int d = (int) x.size(1);
        for (int i = 0; i < norms.length; i++) {
            double target = maxNorm * rng.nextDouble();
            for (int j = 0; j < d; j++) {
                v[i * d + j] *= target / norms[i];
            }
        }
        return HostArrays.fromDoubles(v, x.dataType(), x.size(0), d);
    }

    static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertClose(HostArrays.toDoubles(expected), HostArrays.toDoubles(actual), tol, what);
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * scale,
                    what + ": element " + i + " expected " + expected[i] + ", got " + actual[i]);
        }
    }

    static void assertFinite(INDArray a, String what) {
        double[] v = HostArrays.toDoubles(a);
        for (int i = 0; i < v.length; i++) {
            assertTrue(Double.isFinite(v[i]), what + " has " + v[i] + " at " + i);
        }
    }

    static INDArray column(double[] v) {
        return HostArrays.fromDoubles(v, DataType.DOUBLE, v.length, 1);
    }
}
