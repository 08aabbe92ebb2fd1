package io.github.flows4j.core.flows;

import static io.github.flows4j.core.flows.FlowTesting.Kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Coupling layers and permutations: exact inverses, exact log-determinants, gradients, tails, bad input. */
class CouplingTest {
    private static final int[] HIDDEN = {16, 16};

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void inverseComposesToIdentityConditionalOrNot(Kind kind) {
        Rng rng = Rng.seeded(1);
        for (int d = 2; d <= 6; d++) {
            for (int c : new int[] {0, 3}) {
                for (boolean parity : new boolean[] {false, true}) {
                    Coupling layer = FlowTesting.coupling(kind, d, c, parity, HIDDEN, rng.split());
                    FlowTesting.randomize(layer, 0.25, rng.split());
                    Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 64, d).muli(2.0));
                    Tensor ctx = c == 0 ? null : Tensor.constant(rng.normal(DataType.DOUBLE, 64, c));
                    Transformed fwd = layer.forward(x, ctx);
                    Transformed back = layer.inverse(fwd.value(), ctx);
                    String where = kind + " d=" + d + " c=" + c + " parity=" + parity;
                    assertTrue(maxAbsDiff(back.value().value(), x.value()) <= 1e-10, where + ": x round trip");
                    assertTrue(maxAbsDiff(fwd.logDet().value(), back.logDet().value().neg()) <= 1e-10,
                            where + ": logDet forward = -logDet inverse");
                    assertTrue(maxAbsDiff(fwd.value().value(), x.value()) > 1e-3, where + ": not the identity");
                    assertEquals(1, fwd.logDet().rank(), where);
                    assertEquals(64, fwd.logDet().size(0), where);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void logDetEqualsLogAbsDetOfTapeJacobian(Kind kind) {
        Rng rng = Rng.seeded(2);
        int n = 12;
        for (int d = 2; d <= 6; d++) {
            Coupling layer = FlowTesting.coupling(kind, d, 2, d % 2 == 0, HIDDEN, rng.split());
            FlowTesting.randomize(layer, 0.25, rng.split());
            Tensor ctx = Tensor.constant(rng.normal(DataType.DOUBLE, n, 2));
            INDArray x = rng.normal(DataType.DOUBLE, n, d).muli(1.5);
            for (boolean inverse : new boolean[] {false, true}) {
                Tensor in = Tensor.constant(x);
                Tensor jac = Autodiff.jacobian(v -> inverse ? layer.inverse(v, ctx).value() : layer.forward(v, ctx)
                        .value(), in, false);
                double[] logDet = (inverse ? layer.inverse(in, ctx) : layer.forward(in, ctx)).logDet()
                        .toDoubleArray();
                INDArray j = jac.value();
                for (int b = 0; b < n; b++) {
                    double[][] m = new double[d][d];
                    for (int r = 0; r < d; r++) {
                        for (int s = 0; s < d; s++) {
                            m[r][s] = j.getDouble(b, r, s);
                        }
                    }
                    assertEquals(FlowTesting.logAbsDet(m), logDet[b], 1e-9,
                            kind + " d=" + d + " inverse=" + inverse + " row " + b);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void parameterGradientsPassFiniteDifferences(Kind kind) {
        Rng rng = Rng.seeded(3);
        Coupling layer = FlowTesting.coupling(kind, 3, 2, false, new int[] {5}, rng.split());
        FlowTesting.randomize(layer, 0.25, rng.split());
        Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 6, 3).muli(1.5));
        Tensor ctx = Tensor.constant(rng.normal(DataType.DOUBLE, 6, 2));
        Tensor w = Tensor.constant(rng.normal(DataType.DOUBLE, 6, 3));
        for (boolean inverse : new boolean[] {false, true}) {
            GradCheck.checkParameters(() -> {
                Transformed t = inverse ? layer.inverse(x, ctx) : layer.forward(x, ctx);
                return t.value().mul(w).sum().add(t.logDet().sum());
            }, layer.parameters(), 1e-6, 1e-5);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void inputAndContextGradientsPassFiniteDifferences(Kind kind) {
        Rng rng = Rng.seeded(4);
        Coupling layer = FlowTesting.coupling(kind, 4, 2, true, new int[] {6}, rng.split());
        FlowTesting.randomize(layer, 0.25, rng.split());
        INDArray x = rng.normal(DataType.DOUBLE, 5, 4).muli(1.5);
        INDArray c = rng.normal(DataType.DOUBLE, 5, 2);
        GradCheck.check(in -> {
            Transformed t = layer.forward(in[0], in[1]);
            return Tensor.concat(1, t.value(), t.logDet().reshape(5, 1));
        }, x, c);
        GradCheck.check(in -> {
            Transformed t = layer.inverse(in[0], in[1]);
            return Tensor.concat(1, t.value(), t.logDet().reshape(5, 1));
        }, x, c);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void secondOrderInputGradientsPassFiniteDifferences(Kind kind) {
        Rng rng = Rng.seeded(19);
        Coupling layer = FlowTesting.coupling(kind, 2, 1, false, new int[] {4}, rng.split());
        FlowTesting.randomize(layer, 0.25, rng.split());
        INDArray x = rng.normal(DataType.DOUBLE, 3, 2);
        INDArray c = rng.normal(DataType.DOUBLE, 3, 1);
        GradCheck.checkOrder(2, in -> {
            Transformed t = layer.forward(in[0], in[1]);
            return Tensor.concat(1, t.value(), t.logDet().reshape(3, 1));
        }, x, c);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void float32RoundTripsToSinglePrecision(Kind kind) {
        Rng rng = Rng.seeded(20);
        Coupling layer = kind == Kind.AFFINE
                ? AffineCoupling.builder().dim(3).contextDim(2).hidden(16).build(rng.split())
                : RationalQuadraticSplineCoupling.builder().dim(3).contextDim(2).hidden(16).tailBound(3)
                        .build(rng.split());
        FlowTesting.randomize(layer, 0.25, rng.split());
        Tensor x = Tensor.constant(rng.normal(DataType.FLOAT, 64, 3).muli(2f));
        Tensor c = Tensor.constant(rng.normal(DataType.FLOAT, 64, 2));
        Transformed fwd = layer.forward(x, c);
        Transformed back = layer.inverse(fwd.value(), c);
        assertEquals(DataType.FLOAT, fwd.value().dtype());
        assertEquals(DataType.FLOAT, fwd.logDet().dtype());
        assertTrue(maxAbsDiff(back.value().value(), x.value()) <= 1e-4, kind + " float32 round trip");
        assertTrue(maxAbsDiff(fwd.logDet().value(), back.logDet().value().neg()) <= 1e-4, kind + " float32 logDet");
    }

    @Test
    void splineIsTheIdentityOutsideTheTailBound() {
        Rng rng = Rng.seeded(5);
        Coupling layer = FlowTesting.coupling(Kind.SPLINE, 2, 0, false, HIDDEN, rng.split());
        FlowTesting.randomize(layer, 0.8, rng.split());
        // feature 0 is copied, feature 1 transformed; put feature 1 outside [-3, 3]
        INDArray x = Nd4j.create(new double[][] {{0.3, 3.5}, {-1.0, -7.0}, {2.0, 100.0}, {-0.5, -3.0001}});
        Transformed fwd = layer.forward(Tensor.constant(x), null);
        assertEquals(0.0, maxAbsDiff(fwd.value().value(), x));
        assertEquals(0.0, fwd.logDet().value().amaxNumber().doubleValue());
        Transformed inv = layer.inverse(Tensor.constant(x), null);
        assertEquals(0.0, maxAbsDiff(inv.value().value(), x));
        // continuous at the bound: the spline maps ±B to ±B with derivative 1
        INDArray edge = Nd4j.create(new double[][] {{0.3, 3 - 1e-9}, {0.3, -3 + 1e-9}});
        Transformed e = layer.forward(Tensor.constant(edge), null);
        assertEquals(0.0, maxAbsDiff(e.value().value(), edge), 1e-8);
        assertEquals(0.0, e.logDet().value().amaxNumber().doubleValue(), 1e-6);
        // inside, the map moves points
        INDArray inside = Nd4j.create(new double[][] {{0.3, 0.4}, {-1.0, -1.5}});
        assertTrue(maxAbsDiff(layer.forward(Tensor.constant(inside), null).value().value(), inside) > 1e-3);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void freshLayerIsTheIdentity(Kind kind) {
        Rng rng = Rng.seeded(6);
        Coupling layer = FlowTesting.coupling(kind, 3, 1, false, HIDDEN, rng.split());
        INDArray x = rng.normal(DataType.DOUBLE, 10, 3);
        Transformed t = layer.forward(Tensor.constant(x), Tensor.constant(rng.normal(DataType.DOUBLE, 10, 1)));
        assertEquals(0.0, maxAbsDiff(t.value().value(), x), 1e-12);
        assertEquals(0.0, t.logDet().value().amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void couplingCopiesMaskedFeatures() {
        Rng rng = Rng.seeded(7);
        Coupling layer = AffineCoupling.builder().dim(4).mask(true, false, false, true).hidden(8)
                .dtype(DataType.DOUBLE).build(rng.split());
        FlowTesting.randomize(layer, 0.25, rng.split());
        INDArray x = rng.normal(DataType.DOUBLE, 5, 4);
        INDArray y = layer.forward(Tensor.constant(x), null).value().value();
        assertEquals(0.0, maxAbsDiff(y.getColumn(0), x.getColumn(0)));
        assertEquals(0.0, maxAbsDiff(y.getColumn(3), x.getColumn(3)));
        assertTrue(maxAbsDiff(y.getColumn(1), x.getColumn(1)) > 1e-3);
    }

    @Test
    void affineLogScaleIsBounded() {
        Rng rng = Rng.seeded(8);
        AffineCoupling layer = AffineCoupling.builder().dim(2).hidden(8).scaleBound(0.5).dtype(DataType.DOUBLE)
                .build(rng.split());
        FlowTesting.randomize(layer, 20.0, rng.split());
        INDArray x = rng.normal(DataType.DOUBLE, 200, 2).muli(10);
        double[] ld = layer.forward(Tensor.constant(x), null).logDet().toDoubleArray();
        for (double v : ld) {
            assertTrue(Math.abs(v) <= 0.5 + 1e-12, "|log-scale| <= bound: " + v);
        }
    }

    @Test
    void permutationIsExactAndVolumePreserving() {
        Rng rng = Rng.seeded(9);
        Permutation p = Permutation.random(5, DataType.DOUBLE, rng.split());
        INDArray x = rng.normal(DataType.DOUBLE, 7, 5);
        Transformed t = p.forward(Tensor.constant(x), null);
        int[] perm = p.permutation();
        for (int j = 0; j < 5; j++) {
            assertEquals(0.0, maxAbsDiff(t.value().value().getColumn(j), x.getColumn(perm[j])));
        }
        assertEquals(0.0, t.logDet().value().amaxNumber().doubleValue());
        assertEquals(0.0, maxAbsDiff(p.inverse(t.value(), null).value().value(), x));
        int[] rev = Permutation.reverse(3, DataType.DOUBLE).permutation();
        assertEquals(2, rev[0]);
        assertEquals(0, rev[2]);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Permutation.of(new int[] {0, 0, 1}, 0, DataType.DOUBLE));
        assertTrue(e.getMessage().contains("perm"), e.getMessage());
        Permutation pc = p.withContextDim(2);
        assertEquals(0.0, maxAbsDiff(pc.forward(Tensor.constant(x), Tensor.constant(rng.normal(DataType.DOUBLE, 7,
                2))).value().value(), t.value().value()));
    }

    @Test
    void badInputNamesTheArgument() {
        Rng rng = Rng.seeded(10);
        Coupling layer = FlowTesting.coupling(Kind.SPLINE, 3, 2, false, HIDDEN, rng.split());
        Tensor ctx = Tensor.constant(rng.normal(DataType.DOUBLE, 4, 2));
        assertMessage(ShapeMismatchException.class, "x",
                () -> layer.forward(Tensor.constant(rng.normal(DataType.DOUBLE, 4, 2)), ctx));
        assertMessage(ShapeMismatchException.class, "y",
                () -> layer.inverse(Tensor.constant(rng.normal(DataType.DOUBLE, 4)), ctx));
        Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 4, 3));
        assertMessage(ShapeMismatchException.class, "context",
                () -> layer.forward(x, Tensor.constant(rng.normal(DataType.DOUBLE, 4, 3))));
        assertMessage(ShapeMismatchException.class, "context",
                () -> layer.forward(x, Tensor.constant(rng.normal(DataType.DOUBLE, 5, 2))));
        assertMessage(InvalidConfigException.class, "context", () -> layer.forward(x, null));
        Coupling plain = FlowTesting.coupling(Kind.AFFINE, 3, 0, false, HIDDEN, rng.split());
        assertMessage(ShapeMismatchException.class, "context", () -> plain.forward(x, ctx));
        INDArray nan = rng.normal(DataType.DOUBLE, 4, 3);
        nan.putScalar(new long[] {2, 1}, Double.NaN);
        assertMessage(NonFiniteException.class, "x", () -> layer.forward(Tensor.constant(nan), ctx));
        INDArray badCtx = ctx.value().dup();
        badCtx.putScalar(new long[] {0, 0}, Double.POSITIVE_INFINITY);
        assertMessage(NonFiniteException.class, "context", () -> layer.forward(x, Tensor.constant(badCtx)));
        assertMessage(DTypeMismatchException.class, "x",
                () -> layer.forward(Tensor.constant(x.value().castTo(DataType.FLOAT)), ctx));
        assertMessage(InvalidConfigException.class, "bins",
                () -> RationalQuadraticSplineCoupling.builder().dim(2).bins(1).build(rng.split()));
        assertMessage(InvalidConfigException.class, "tailBound",
                () -> RationalQuadraticSplineCoupling.builder().dim(2).tailBound(0).build(rng.split()));
        assertMessage(InvalidConfigException.class, "tailBound",
                () -> RationalQuadraticSplineCoupling.builder().dim(2).tailBound(Double.NaN).build(rng.split()));
        assertMessage(InvalidConfigException.class, "minBinWidth",
                () -> RationalQuadraticSplineCoupling.builder().dim(2).bins(4).minBinWidth(0.25).build(rng.split()));
        assertMessage(InvalidConfigException.class, "minDerivative",
                () -> RationalQuadraticSplineCoupling.builder().dim(2).minDerivative(1).build(rng.split()));
        assertMessage(InvalidConfigException.class, "dim", () -> AffineCoupling.builder().dim(1).build(rng.split()));
        assertMessage(InvalidConfigException.class, "contextDim",
                () -> AffineCoupling.builder().dim(2).contextDim(-1).build(rng.split()));
        assertMessage(InvalidConfigException.class, "scaleBound",
                () -> AffineCoupling.builder().dim(2).scaleBound(-1).build(rng.split()));
        assertMessage(InvalidConfigException.class, "mask",
                () -> AffineCoupling.builder().dim(2).mask(true, true).build(rng.split()));
        assertMessage(InvalidConfigException.class, "mask",
                () -> AffineCoupling.builder().dim(3).mask(true, false).build(rng.split()));
        assertMessage(InvalidConfigException.class, "hidden[1]",
                () -> AffineCoupling.builder().dim(2).hidden(4, 0).build(rng.split()));
        assertMessage(InvalidConfigException.class, "dtype",
                () -> AffineCoupling.builder().dim(2).dtype(DataType.INT32).build(rng.split()));
        assertMessage(InvalidConfigException.class, "rng", () -> AffineCoupling.builder().dim(2).build(null));
    }

    static <T extends Throwable> void assertMessage(Class<T> type, String argument,
            org.junit.jupiter.api.function.Executable call) {
        T e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(argument), "message should name '" + argument + "': " + e.getMessage());
    }
}
