package io.github.flows4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class SgdTest {
    private static final int STEPS = 6;

    /** torch.optim.SGD's rule in double, written independently of the implementation. */
    private static double[][] reference(double lr, double mu, double damp, boolean nesterov, double wd) {
        int n = Quadratic.P0.length;
        double[] p = Quadratic.P0.clone();
        double[] buf = new double[n];
        double[][] trajectory = new double[STEPS][];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < n; i++) {
                double g = Quadratic.grad(i, p[i]) + wd * p[i];
                if (mu != 0) {
                    buf[i] = t == 1 ? g : mu * buf[i] + (1 - damp) * g;
                    g = nesterov ? g + mu * buf[i] : buf[i];
                }
                p[i] -= lr * g;
            }
            trajectory[t - 1] = p.clone();
        }
        return trajectory;
    }

    private static void check(SgdConfig config, double[][] expected, DataType type, double tol) {
        Quadratic q = new Quadratic(type);
        Sgd sgd = new Sgd(q.params(), config);
        for (int t = 0; t < STEPS; t++) {
            q.backward();
            sgd.step();
            assertArrayEquals(expected[t], q.values(), tol, config + " after step " + (t + 1));
        }
    }

    @Test
    void plainGradientDescent() {
        check(SgdConfig.builder().lr(0.05).build(), reference(0.05, 0, 0, false, 0), DataType.DOUBLE, 1e-14);
        double[] after1 = reference(0.05, 0, 0, false, 0)[0];
        for (int i = 0; i < after1.length; i++) {
            assertEquals(Quadratic.P0[i] - 0.05 * Quadratic.grad(i, Quadratic.P0[i]), after1[i], 1e-15);
        }
    }

    @Test
    void heavyBallMomentumWithDampingAndDecay() {
        SgdConfig c = SgdConfig.builder().lr(0.05).momentum(0.9).dampening(0.1).weightDecay(0.01).build();
        check(c, reference(0.05, 0.9, 0.1, false, 0.01), DataType.DOUBLE, 1e-14);
        check(c, reference(0.05, 0.9, 0.1, false, 0.01), DataType.FLOAT, 1e-5);
    }

    @Test
    void nesterovMomentum() {
        SgdConfig c = SgdConfig.builder().lr(0.05).momentum(0.9).nesterov(true).build();
        double[][] expected = reference(0.05, 0.9, 0, true, 0);
        check(c, expected, DataType.DOUBLE, 1e-14);
        assertTrue(Math.abs(expected[STEPS - 1][1] - reference(0.05, 0.9, 0, false, 0)[STEPS - 1][1]) > 1e-3);
    }

    @Test
    void momentumBufferIsState() {
        Quadratic q = new Quadratic(DataType.DOUBLE);
        Sgd sgd = new Sgd(q.params(), SgdConfig.builder().lr(0.1).momentum(0.5).build());
        q.backward();
        sgd.step();
        double[] g0 = new double[Quadratic.P0.length];
        for (int i = 0; i < g0.length; i++) {
            g0[i] = Quadratic.grad(i, Quadratic.P0[i]);
        }
        assertArrayEquals(g0, sgd.state().buffers().get("p/momentum_buffer").toDoubleVector(), 1e-15);
        assertTrue(Sgd.of(q.params(), 0.1).state().buffers().isEmpty());
    }

    @Test
    void configIsValidated() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> SgdConfig.builder().nesterov(true).build());
        assertEquals("nesterov must be used with momentum > 0 and dampening 0; got momentum 0.0, dampening 0.0",
                e.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> SgdConfig.builder().momentum(0.9).dampening(0.1).nesterov(true).build());
        assertThrows(InvalidConfigException.class, () -> SgdConfig.builder().momentum(-0.1).build());
        assertThrows(InvalidConfigException.class, () -> SgdConfig.builder().dampening(1.5).build());
        assertThrows(InvalidConfigException.class, () -> SgdConfig.builder().lr(-1).build());
        assertThrows(InvalidConfigException.class, () -> SgdConfig.builder().weightDecay(Double.NaN).build());
    }
}
