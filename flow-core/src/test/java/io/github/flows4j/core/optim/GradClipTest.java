package io.github.flows4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class GradClipTest {
    private static Map<String, Tensor> params(double[] g1, double[] g2, DataType type) {
        Tensor a = Tensor.variable(Nd4j.zeros(type, g1.length));
        Tensor b = Tensor.variable(Nd4j.zeros(type, 1, g2.length));
        a.setGrad(Nd4j.createFromArray(g1).castTo(type));
        b.setGrad(Nd4j.createFromArray(g2).castTo(type).reshape(1, g2.length));
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("b", b);
        return m;
    }

    @Test
    void rescalesToTheMaxNormAndReturnsThePreClipNorm() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Map<String, Tensor> p = params(new double[] {3, 0}, new double[] {0, 4}, type);   // global norm 5
            double norm = GradClip.clipGlobalNorm(p, 1.0);
            assertEquals(5.0, norm, 1e-12);
            double c = 1.0 / (5.0 + 1e-6);
            assertArrayEquals(new double[] {3 * c, 0}, p.get("a").grad().toDoubleVector(), 1e-7);
            assertArrayEquals(new double[] {0, 4 * c}, p.get("b").grad().toDoubleVector(), 1e-7);
            assertEquals(1.0, GradClip.globalNorm(p), 1e-6);
        }
    }

    @Test
    void leavesSmallGradientsAlone() {
        Map<String, Tensor> p = params(new double[] {0.3, 0}, new double[] {0, 0.4}, DataType.DOUBLE);
        assertEquals(0.5, GradClip.clipGlobalNorm(p.values(), 1.0), 1e-15);
        assertArrayEquals(new double[] {0.3, 0}, p.get("a").grad().toDoubleVector(), 0.0);
    }

    @Test
    void skipsParametersWithoutGradient() {
        Map<String, Tensor> p = params(new double[] {6, 8}, new double[] {0}, DataType.DOUBLE);
        p.put("none", Tensor.variable(Nd4j.ones(3)));
        assertEquals(10.0, GradClip.clipGlobalNorm(p, 2.0), 1e-12);
        assertEquals(2.0, GradClip.globalNorm(p), 1e-6);
    }

    @Test
    void nonFiniteGradientIsNamedAndNothingChanges() {
        Map<String, Tensor> p = params(new double[] {1, 2}, new double[] {3, Double.NaN}, DataType.FLOAT);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> GradClip.clipGlobalNorm(p, 1.0));
        assertEquals("gradient of 'b' must be finite; found NaN at flat index 1", e.getMessage());
        assertArrayEquals(new double[] {1, 2}, p.get("a").grad().toDoubleVector(), 0.0);
    }

    @Test
    void maxNormIsValidated() {
        Map<String, Tensor> p = params(new double[] {1}, new double[] {1}, DataType.FLOAT);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> GradClip.clipGlobalNorm(p, 0));
        assertEquals("maxNorm must be > 0 and finite; got 0.0", e.getMessage());
    }
}
