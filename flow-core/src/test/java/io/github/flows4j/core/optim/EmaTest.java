package io.github.flows4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class EmaTest {
    private static Map<String, Tensor> one(double... values) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", Tensor.variable(Nd4j.createFromArray(values)));
        return m;
    }

    @Test
    void averageFollowsTheFormula() {
        Map<String, Tensor> params = one(1.0, -2.0);
        Tensor w = params.get("w");
        Ema ema = new Ema(params, 0.9);
        double[] s = {1.0, -2.0};
        double[][] trajectory = {{2, 0}, {3, 1}, {-1, 5}, {0.5, 0.5}};
        for (double[] p : trajectory) {
            w.value().assign(Nd4j.createFromArray(p));
            ema.update();
            for (int i = 0; i < 2; i++) {
                s[i] = 0.9 * s[i] + 0.1 * p[i];
            }
            assertArrayEquals(s, ema.averages().get("w").toDoubleVector(), 1e-15);
        }
        assertEquals(4, ema.updateCount());
    }

    @Test
    void warmupUsesTheNumUpdatesDecayUntilItReachesD() {
        Map<String, Tensor> params = one(5.0);
        Tensor w = params.get("w");
        Ema ema = Ema.withWarmup(params, 0.9);
        double s = 5.0;
        for (int n = 0; n < 200; n++) {
            double d = Math.min(0.9, (1.0 + n) / (10.0 + n));
            assertEquals(d, ema.currentDecay(), 0.0, "update " + n);
            double p = Math.sin(n);
            w.value().assign(Nd4j.createFromArray(p));
            ema.update();
            s = d * s + (1 - d) * p;
            assertEquals(s, ema.averages().get("w").getDouble(0), 1e-12, "update " + n);
        }
        assertEquals(0.9, ema.currentDecay(), 0.0);
        // the initial weights' share after n updates: ∏ d_k, far below the plain dⁿ early on
        Map<String, Tensor> q = one(1.0);
        Ema warm = Ema.withWarmup(q, 0.999);
        Ema plain = new Ema(one(1.0), 0.999);
        q.get("w").value().assign(Nd4j.createFromArray(0.0));
        for (int n = 0; n < 1200; n++) {
            warm.update();
        }
        assertEquals(true, warm.averages().get("w").getDouble(0) < 0.01);
        assertEquals(false, plain.warmsUp());
        assertEquals(true, warm.warmsUp());
    }

    @Test
    void float32AverageMatchesTheFormula() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("w", Tensor.variable(Nd4j.createFromArray(0f, 10f)));
        Ema ema = new Ema(params, 0.5);
        params.get("w").value().assign(Nd4j.createFromArray(4f, 2f));
        ema.update();
        assertArrayEquals(new double[] {2, 6}, ema.averages().get("w").toDoubleVector(), 0.0);
    }

    @Test
    void swapInExchangesUntilClosed() {
        Map<String, Tensor> params = one(0.0);
        Tensor w = params.get("w");
        Ema ema = new Ema(params, 0.5);
        w.value().assign(Nd4j.createFromArray(8.0));
        ema.update();                                      // average 4, parameter 8
        Ema.Swap s = ema.swapIn();
        try {
            assertEquals(4.0, w.value().getDouble(0));
            assertThrows(IllegalStateException.class, ema::update);
            assertThrows(IllegalStateException.class, ema::swapIn);
        } finally {
            s.close();
        }
        assertEquals(8.0, w.value().getDouble(0));
        assertEquals(4.0, ema.averages().get("w").getDouble(0));
    }

    @Test
    void copyToOverwritesAnotherModelsParameters() {
        Map<String, Tensor> params = one(1.0, 2.0);
        Ema ema = new Ema(params, 0.99);
        Map<String, Tensor> target = one(0.0, 0.0);
        ema.copyTo(target);
        assertArrayEquals(new double[] {1, 2}, target.get("w").value().toDoubleVector(), 0.0);
        Map<String, Tensor> other = new LinkedHashMap<>();
        other.put("v", Tensor.variable(Nd4j.zeros(DataType.DOUBLE, 2)));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ema.copyTo(other));
        assertEquals("target must have the averaged parameters' names; missing [w], unexpected [v]", e.getMessage());
    }

    @Test
    void decayIsValidated() {
        assertThrows(InvalidConfigException.class, () -> new Ema(one(1.0), 1.0));
        assertThrows(InvalidConfigException.class, () -> new Ema(one(1.0), -0.1));
        assertThrows(InvalidConfigException.class, () -> new Ema(Map.of(), 0.9));
    }

    @Test
    void restoreContinuesTheAverageExactly() {
        Map<String, Tensor> params = one(1.0, -2.0);
        Tensor w = params.get("w");
        Ema ema = Ema.withWarmup(params, 0.99);
        double[][] trajectory = {{2, 0}, {3, 1}, {-1, 5}, {0.5, 0.5}};
        for (int i = 0; i < 2; i++) {
            w.value().assign(Nd4j.createFromArray(trajectory[i]));
            ema.update();
        }
        Map<String, Tensor> other = one(7.0, 7.0);
        Ema copy = Ema.withWarmup(other, 0.99);
        copy.restore(ema.averages(), ema.updateCount());
        assertEquals(2, copy.updateCount());
        assertEquals(ema.currentDecay(), copy.currentDecay(), 0.0);
        for (int i = 2; i < 4; i++) {
            w.value().assign(Nd4j.createFromArray(trajectory[i]));
            other.get("w").value().assign(Nd4j.createFromArray(trajectory[i]));
            ema.update();
            copy.update();
        }
        assertArrayEquals(ema.averages().get("w").toDoubleVector(), copy.averages().get("w").toDoubleVector(), 0.0);
        assertThrows(InvalidConfigException.class, () -> copy.restore(Map.of("v", Nd4j.zeros(2)), 0));
        assertThrows(InvalidConfigException.class, () -> copy.restore(ema.averages(), -1));
        assertThrows(io.github.flows4j.core.ShapeMismatchException.class,
                () -> copy.restore(Map.of("w", Nd4j.zeros(DataType.DOUBLE, 3)), 0));
    }
}
