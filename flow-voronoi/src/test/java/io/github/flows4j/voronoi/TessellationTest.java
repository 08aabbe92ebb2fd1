package io.github.flows4j.voronoi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TessellationTest {

    private static int[] cells(Rng rng, int n, int k) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = rng.nextInt(k);
        }
        return c;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6})
    void forwardLandsInItsCellAndTheBoxAndInverseIsIdentity(int d) {
        Rng rng = Rng.seeded(10 + d);
        int k = 12;
        int n = 400;
        VoronoiTransform vt = VoronoiTransform.random(k, d, 2.0, DataType.DOUBLE, rng.split());
        Tessellation t = vt.tessellation();
        int[] cells = cells(rng, n, k);
        INDArray x = rng.normal(DataType.DOUBLE, n, d).muli(4.0);
        CellMap m = t.forward(Tensor.constant(x), cells);
        INDArray z = m.value().value();
        assertArrayEquals(cells, t.assign(z), "every output's nearest anchor is its cell");
        double[] zv = HostArrays.toDoubles(z);
        double[] lo = HostArrays.toDoubles(t.lower().value());
        double[] hi = HostArrays.toDoubles(t.upper().value());
        for (int i = 0; i < zv.length; i++) {
            assertTrue(zv[i] > lo[i % d] && zv[i] < hi[i % d], "row " + i / d + " leaves the box");
        }
        CellMap back = t.inverse(m.value(), cells);
        double[] xv = HostArrays.toDoubles(x);
        double[] bv = HostArrays.toDoubles(back.value().value());
        for (int i = 0; i < xv.length; i++) {
            assertEquals(xv[i], bv[i], 1e-10 * Math.max(1, Math.abs(xv[i])), "inverse(forward(x)) at " + i);
        }
        double[] f = HostArrays.toDoubles(m.logDet().value());
        double[] g = HostArrays.toDoubles(back.logDet().value());
        for (int i = 0; i < n; i++) {
            assertEquals(-f[i], g[i], 1e-9, "inverse log-det is minus the forward one, row " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6})
    void closedFormLogDetEqualsTheTapeJacobian(int d) {
        Rng rng = Rng.seeded(20 + d);
        int k = 9;
        int n = 64;
        Tessellation t = VoronoiTransform.random(k, d, 1.5, DataType.DOUBLE, rng.split()).tessellation();
        int[] cells = cells(rng, n, k);
        INDArray x = rng.normal(DataType.DOUBLE, n, d).muli(2.0);
        Tensor jac = Autodiff.jacobian(xx -> t.forward(xx, cells).value(), Tensor.constant(x), false);
        double[] j = HostArrays.toDoubles(jac.value());
        double[] ld = HostArrays.toDoubles(t.forward(Tensor.constant(x), cells).logDet().value());
        for (int i = 0; i < n; i++) {
            assertEquals(Determinants.logAbsDet(j, i * d * d, d), ld[i], 1e-8, "row " + i + " (d = " + d + ")");
        }
        // and for the inverse, at points inside the cells
        INDArray z = t.forward(Tensor.constant(x), cells).value().value();
        Tensor jinv = Autodiff.jacobian(zz -> t.inverse(zz, cells).value(), Tensor.constant(z), false);
        double[] ji = HostArrays.toDoubles(jinv.value());
        double[] ldi = HostArrays.toDoubles(t.inverse(Tensor.constant(z), cells).logDet().value());
        for (int i = 0; i < n; i++) {
            assertEquals(Determinants.logAbsDet(ji, i * d * d, d), ldi[i], 1e-7,
                    "inverse row " + i + " (d = " + d + ")");
        }
    }

    @Test
    void gradientsInPointsAnchorsBoxAndScalesPassFiniteDifferences() {
        Rng rng = Rng.seeded(3);
        int k = 6;
        int d = 3;
        int n = 20;
        Tessellation t0 = VoronoiTransform.random(k, d, 1.0, DataType.DOUBLE, rng.split()).tessellation();
        int[] cells = cells(rng, n, k);
        INDArray x = rng.normal(DataType.DOUBLE, n, d).muli(1.5);
        INDArray scale = rng.normal(DataType.DOUBLE, k, 1).muli(0.3);
        GradCheck.check(in -> {
            CellMap m = Tessellation.of(in[1], in[2], in[3], in[4]).forward(in[0], cells);
            return Tensor.concat(1, m.value(), m.logDet());
        }, x, t0.anchors().value().dup(), t0.lower().value().dup(), t0.upper().value().dup(), scale);
        INDArray z = t0.forward(Tensor.constant(x), cells).value().value();
        GradCheck.check(in -> {
            CellMap m = Tessellation.of(in[1], t0.lower(), t0.upper(), t0.logScale()).inverse(in[0], cells);
            return Tensor.concat(1, m.value(), m.logDet());
        }, z, t0.anchors().value().dup());
    }

    @Test
    void moduleParametersPassFiniteDifferences() {
        Rng rng = Rng.seeded(4);
        VoronoiTransform vt = VoronoiTransform.random(5, 2, 1.0, DataType.DOUBLE, rng.split());
        int[] cells = cells(rng, 30, 5);
        Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 30, 2));
        INDArray w = rng.normal(DataType.DOUBLE, 30, 2);
        GradCheck.checkParameters(() -> {
            CellMap m = vt.forward(x, cells);
            return m.value().mul(Tensor.constant(w)).sum().add(m.logDet().sum());
        }, vt.parameters(), 1e-6, 1e-6);
    }

    @Test
    void float32CloseAnchorsStayDistinctAndOutputsLandInTheirCells() {
        INDArray close = Nd4j.createFromArray(new float[][] {{0.5f, 0.5f}, {0.5001f, 0.5f}, {-0.3f, 0.2f}});
        INDArray lo = Nd4j.createFromArray(new float[][] {{-1, -1}});
        INDArray hi = Nd4j.createFromArray(new float[][] {{1, 1}});
        assertEquals(3, VoronoiTransform.of(close, lo, hi, true).tessellation().numCells());
        Rng rng = Rng.seeded(8);
        Tessellation t = VoronoiTransform.random(91, 2, 2.0, DataType.FLOAT, rng.split()).tessellation();
        int[] cells = cells(rng, 2000, 91);
        CellMap m = t.forward(Tensor.constant(rng.normal(DataType.FLOAT, 2000, 2).muli(3.0)), cells);
        assertArrayEquals(cells, t.assign(m.value().value()));
    }

    @Test
    void anchorMapsToItselfAndKOneUsesTheBox() {
        INDArray anchors = Nd4j.createFromArray(new double[][] {{0.25, -0.5}});
        INDArray lo = Nd4j.createFromArray(new double[][] {{-1, -1}});
        INDArray hi = Nd4j.createFromArray(new double[][] {{1, 2}});
        Tessellation t = VoronoiTransform.of(anchors, lo, hi, false).tessellation();
        CellMap m = t.forward(Tensor.constant(anchors.dup()), new int[] {0});
        assertEquals(0.25, m.value().value().getDouble(0, 0), 1e-12);
        assertEquals(-0.5, m.value().value().getDouble(0, 1), 1e-12);
        // far along +x the image approaches the box face x = 1
        CellMap far = t.forward(Tensor.constant(Nd4j.createFromArray(new double[][] {{1e9, -0.5}})), new int[] {0});
        assertEquals(1.0, far.value().value().getDouble(0, 0), 1e-6);
    }

    @Test
    void badInputsAreTypedErrorsNamingTheArgument() {
        INDArray lo = Nd4j.createFromArray(new double[][] {{-1, -1}});
        INDArray hi = Nd4j.createFromArray(new double[][] {{1, 1}});
        INDArray dup = Nd4j.createFromArray(new double[][] {{0.1, 0.2}, {0.5, 0.5}, {0.1, 0.2}});
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> VoronoiTransform.of(dup, lo, hi, true));
        assertTrue(e.getMessage().contains("anchors"), e.getMessage());
        INDArray outside = Nd4j.createFromArray(new double[][] {{0.1, 0.2}, {1.5, 0.5}});
        e = assertThrows(InvalidConfigException.class, () -> VoronoiTransform.of(outside, lo, hi, true));
        assertTrue(e.getMessage().contains("anchors[1][0]"), e.getMessage());
        INDArray ok = Nd4j.createFromArray(new double[][] {{-0.5, 0}, {0.5, 0}});
        Tessellation t = VoronoiTransform.of(ok, lo, hi, true).tessellation();
        Tensor p = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.3, 0.1}, {2.0, 0.0}}));
        e = assertThrows(InvalidConfigException.class, () -> t.inverse(p, new int[] {1, 1}));
        assertTrue(e.getMessage().contains("z[1][0]"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> t.assign(p.value()));
        Tensor inBox = Tensor.constant(Nd4j.createFromArray(new double[][] {{0.3, 0.1}}));
        e = assertThrows(InvalidConfigException.class, () -> t.inverse(inBox, new int[] {0}));
        assertTrue(e.getMessage().contains("cell 0"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> t.forward(inBox, new int[] {2}));
        assertTrue(e.getMessage().contains("cells[0]"), e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> t.forward(inBox, new int[] {0, 1}));
        assertThrows(ShapeMismatchException.class,
                () -> t.forward(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 1, 3)), new int[] {0}));
    }
}
