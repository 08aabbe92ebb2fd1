package io.github.flows4j.manifold.manifold;

import static io.github.flows4j.manifold.manifold.ManifoldCases.assertClose;
import static io.github.flows4j.manifold.manifold.ManifoldCases.assertFinite;
import static io.github.flows4j.manifold.manifold.ManifoldCases.tangents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import io.github.flows4j.manifold.manifold.ManifoldCases.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Tensor maps agree with the array maps and their gradients pass float64 finite-difference checks. */
class TensorMapsTest {
    private static final int N = 32;

    static Stream<Case> cases() {
        return ManifoldCases.differentiable();
    }

    private static Tensor c(INDArray a) {
        return Tensor.constant(a);
    }

    private static INDArray flat(Tensor t) {
        return t.value().reshape(t.length());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tensorMapsEqualArrayMaps(Case k) {
        DifferentiableManifold m = (DifferentiableManifold) k.manifold();
        Rng rng = Rng.seeded(11);
        INDArray x = m.randomBase(rng, DataType.DOUBLE, N);
        INDArray y = m.randomBase(rng, DataType.DOUBLE, N);
        INDArray u = tangents(m, x, rng, k.maxRadius());
        INDArray v = rng.normal(DataType.DOUBLE, N, m.ambientDim());
        INDArray z = rng.normal(DataType.DOUBLE, N, m.ambientDim());
        INDArray t = rng.uniform(DataType.DOUBLE, N, 1);
        assertClose(m.projx(z), m.projx(c(z)).value(), 1e-12, "projx");
        assertClose(m.proju(x, v), m.proju(c(x), c(v)).value(), 1e-12, "proju");
        assertClose(m.expmap(x, u), m.expmap(c(x), c(u)).value(), 1e-12, "expmap");
        assertClose(m.logmap(x, y), m.logmap(c(x), c(y)).value(), 1e-12, "logmap");
        assertClose(m.dist(x, y), flat(m.dist(c(x), c(y))), 1e-12, "dist");
        assertClose(m.inner(x, u, m.proju(x, v)), flat(m.inner(c(x), c(u), c(m.proju(x, v)))), 1e-12, "inner");
        assertClose(m.norm(x, u), flat(m.norm(c(x), c(u))), 1e-12, "norm");
        // a composition: the array expmap re-projects its tangent argument and its result (the Tensor maps leave
        // that to the caller), which on the hyperboloid amplifies rounding like e^{2r}
        assertClose(m.geodesic(x, y, t), m.geodesic(c(x), c(y), c(t)).value(), 1e-10, "geodesic");
        // small tangents and nearby points: the series branches
        INDArray tiny = tangents(m, x, rng, 1e-3);
        assertClose(m.expmap(x, tiny), m.expmap(c(x), c(tiny)).value(), 1e-12, "expmap, small tangents");
        INDArray near = m.expmap(x, tiny);
        assertClose(m.logmap(x, near), m.logmap(c(x), c(near)).value(), 1e-12, "logmap, nearby points");
        assertClose(m.dist(x, near), flat(m.dist(c(x), c(near))), 1e-12, "dist, nearby points");
        // the Tensor path keeps the maps' identities: exp(log) = id and proju idempotent
        Tensor log = m.logmap(c(x), c(y));
        assertClose(m.proju(c(x), log).value(), log.value(), 1e-12, "Tensor proju idempotent");
        assertClose(y, m.expmap(c(x), log).value(), 1e-9, "Tensor exp(log)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsPassFiniteDifferenceChecks(Case k) {
        DifferentiableManifold m = (DifferentiableManifold) k.manifold();
        Rng rng = Rng.seeded(12);
        INDArray x = m.randomBase(rng, DataType.DOUBLE, 2);
        INDArray y = m.randomBase(rng, DataType.DOUBLE, 2);
        INDArray u = tangents(m, x, rng, k.maxRadius());
        INDArray small = tangents(m, x, rng, 5e-3);
        INDArray t = rng.uniform(0.1, 0.9, DataType.DOUBLE, 2, 1);
        INDArray z = rng.normal(DataType.DOUBLE, 2, m.ambientDim());
        GradCheck.check(in -> m.projx(in[0]), z.add(0.1));
        GradCheck.check(in -> m.proju(in[0], in[1]), x, z);
        GradCheck.check(in -> m.expmap(in[0], in[1]), x, u);
        GradCheck.check(in -> m.expmap(in[0], in[1]), x, small);
        GradCheck.check(in -> m.logmap(in[0], in[1]), x, y);
        GradCheck.check(in -> m.logmap(in[0], in[1]), x, m.expmap(x, small));
        GradCheck.check(in -> m.dist(in[0], in[1]), x, y);
        GradCheck.check(in -> m.inner(in[0], in[1], in[2]), x, u, z);
        GradCheck.check(in -> m.geodesic(in[0], in[1], in[2]), x, y, t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondOrderGradientsOfTheGeodesicPass(Case k) {
        DifferentiableManifold m = (DifferentiableManifold) k.manifold();
        Rng rng = Rng.seeded(13);
        INDArray x = m.randomBase(rng, DataType.DOUBLE, 1);
        INDArray y = m.randomBase(rng, DataType.DOUBLE, 1);
        INDArray t = rng.uniform(0.1, 0.9, DataType.DOUBLE, 1, 1);
        GradCheck.checkOrder(2, in -> m.geodesic(in[0], in[1], in[2]), x, y, t);
        GradCheck.checkOrder(2, in -> m.dist(in[0], in[1]).square(), x, y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsAtIdenticalPointsAreFinite(Case k) {
        DifferentiableManifold m = (DifferentiableManifold) k.manifold();
        INDArray x = m.randomBase(Rng.seeded(14), DataType.DOUBLE, 8);
        Tensor a = Tensor.variable(x);
        Tensor b = Tensor.variable(x.dup());
        Tensor t = Tensor.variable(Nd4j.valueArrayOf(new long[] {8, 1}, 0.5, DataType.DOUBLE));
        Tensor loss = m.logmap(a, b).square().sum().add(m.dist(a, b).sum()).add(m.geodesic(a, b, t).sum())
                .add(m.expmap(a, m.logmap(a, b)).sum());
        assertFinite(loss.value(), "value at x = y");
        Tensor[] g = Autodiff.grad(loss, a, b, t);
        for (Tensor gi : g) {
            assertFinite(gi.value(), "gradient at x = y");
        }
        // the squared distance is smooth at x = y: its gradient there is 0
        Tensor[] g2 = Autodiff.grad(m.dist(a, b).square().sum(), a);
        assertClose(new double[(int) x.length()], HostArrays.toDoubles(g2[0].value()), 1e-6, "grad dist² at x = y");
    }

    @Test
    void sphereAntipodesGiveFiniteValuesAndGradients() {
        Sphere s = new Sphere(3);
        INDArray x = s.randomBase(Rng.seeded(15), DataType.DOUBLE, 6);
        Tensor a = Tensor.variable(x);
        Tensor b = Tensor.variable(x.neg());
        Tensor log = s.logmap(a, b);
        assertClose(s.logmap(x, x.neg()), log.value(), 1e-12, "antipodal log matches the array map");
        double[] norms = HostArrays.toDoubles(s.norm(x, log.value()));
        for (double n : norms) {
            assertEquals(Math.PI, n, 1e-12);
        }
        Tensor loss = log.sum().add(s.dist(a, b).sum()).add(s.geodesic(a, b, Tensor.constant(
                Nd4j.valueArrayOf(new long[] {6, 1}, 0.5, DataType.DOUBLE))).sum());
        for (Tensor gi : Autodiff.grad(loss, a, b)) {
            assertFinite(gi.value(), "gradient at the antipode");
        }
    }

    @Test
    void torusCutLocusIsDeterministicAndFinite() {
        FlatTorus t = new FlatTorus(2);
        INDArray x = Nd4j.createFromArray(new double[][] {{0.5, 1.0}});
        INDArray y = Nd4j.createFromArray(new double[][] {{0.5 + Math.PI, 1.0}});
        INDArray log = t.logmap(x, y);
        assertClose(new double[] {-Math.PI, 0}, HostArrays.toDoubles(log), 1e-12, "log at the cut locus");
        assertClose(log, t.logmap(c(x), c(y)).value(), 1e-12, "Tensor log at the cut locus");
        Tensor a = Tensor.variable(x);
        Tensor[] g = Autodiff.grad(t.dist(a, Tensor.constant(y)).sum(), a);
        assertFinite(g[0].value(), "gradient at the cut locus");
    }

    @Test
    void hyperbolicTensorMapsStayAccurateFarFromTheOrigin() {
        Hyperbolic h = new Hyperbolic(3, 1.5);
        Rng rng = Rng.seeded(16);
        INDArray x = h.randomBase(rng, DataType.DOUBLE, 32);
        INDArray y = h.randomBase(rng, DataType.DOUBLE, 32);
        double max = 0;
        for (double d : HostArrays.toDoubles(h.dist(x, y))) {
            max = Math.max(max, d);
        }
        assertTrue(max > 5, "the sample reaches far points; max distance " + max);
        assertClose(h.dist(x, y), flat(h.dist(c(x), c(y))), 1e-12, "far dist");
        assertClose(h.logmap(x, y), h.logmap(c(x), c(y)).value(), 1e-12, "far log");
        assertClose(y, h.expmap(x, h.logmap(x, y)), 1e-6, "far exp(log)");
    }

    @Test
    void tensorShapeAndTypeErrorsAreTyped() {
        Sphere s = new Sphere(3);
        Tensor x = c(s.randomBase(Rng.seeded(17), DataType.DOUBLE, 4));
        assertThrows(ShapeMismatchException.class, () -> s.expmap(x, c(Nd4j.zeros(DataType.DOUBLE, 4, 4))));
        assertThrows(ShapeMismatchException.class, () -> s.logmap(x, c(Nd4j.zeros(DataType.DOUBLE, 3, 3))));
        assertThrows(DTypeMismatchException.class, () -> s.proju(x, c(Nd4j.zeros(DataType.FLOAT, 4, 3))));
        assertThrows(ShapeMismatchException.class, () -> s.geodesic(x, x, c(Nd4j.zeros(DataType.DOUBLE, 4))));
        DifferentiableProduct p = ProductManifold.of(new Sphere(3), new FlatTorus(1));
        assertThrows(ShapeMismatchException.class, () -> p.dist(x, x));
    }
}
