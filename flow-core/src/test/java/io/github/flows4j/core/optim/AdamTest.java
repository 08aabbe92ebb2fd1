package io.github.flows4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class AdamTest {
    private static final int STEPS = 6;

    /** The textbook rule in double, written independently of the implementation. */
    private static double[][] reference(double lr, double b1, double b2, double eps, double wd, boolean decoupled) {
        int n = Quadratic.P0.length;
        double[] p = Quadratic.P0.clone();
        double[] m = new double[n];
        double[] v = new double[n];
        double[][] trajectory = new double[STEPS][];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < n; i++) {
                double g = Quadratic.grad(i, p[i]);
                if (decoupled) {
                    p[i] *= 1 - lr * wd;
                } else {
                    g += wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                // torch: p -= lr/bc1 · m / (sqrt(v)/sqrt(bc2) + eps), i.e. eps is added to sqrt(v̂)
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
            trajectory[t - 1] = p.clone();
        }
        return trajectory;
    }

    private static void assertFollows(double[][] expected, Quadratic q, Optimizer opt, double tol) {
        for (int t = 0; t < STEPS; t++) {
            q.backward();
            opt.step();
            assertArrayEquals(expected[t], q.values(), tol, "after step " + (t + 1));
        }
        assertEquals(STEPS, opt.stepCount());
    }

    @Test
    void adamFollowsTheTorchRuleInDouble() {
        Quadratic q = new Quadratic(DataType.DOUBLE);
        Adam adam = new Adam(q.params(), AdamConfig.builder().lr(0.1).betas(0.9, 0.999).eps(1e-8).build());
        assertFollows(reference(0.1, 0.9, 0.999, 1e-8, 0, false), q, adam, 1e-13);
    }

    @Test
    void adamWithL2DecayAddsItToTheGradient() {
        Quadratic q = new Quadratic(DataType.DOUBLE);
        Adam adam = new Adam(q.params(), AdamConfig.builder().lr(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.3)
                .build());
        assertFollows(reference(0.05, 0.8, 0.99, 1e-6, 0.3, false), q, adam, 1e-13);
    }

    @Test
    void adamWDecouplesTheDecay() {
        Quadratic q = new Quadratic(DataType.DOUBLE);
        AdamW adamw = new AdamW(q.params(), AdamConfig.builder().lr(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.3)
                .build());
        double[][] expected = reference(0.05, 0.8, 0.99, 1e-6, 0.3, true);
        assertFollows(expected, q, adamw, 1e-13);
        // and it differs from L2 decay
        double[][] l2 = reference(0.05, 0.8, 0.99, 1e-6, 0.3, false);
        assertTrue(Math.abs(expected[STEPS - 1][0] - l2[STEPS - 1][0]) > 1e-4);
    }

    @Test
    void float32FollowsTheDoubleReferenceToSinglePrecision() {
        Quadratic q = new Quadratic(DataType.FLOAT);
        AdamW adamw = new AdamW(q.params(), AdamConfig.builder().lr(0.1).weightDecay(0.01).build());
        assertFollows(reference(0.1, 0.9, 0.999, 1e-8, 0.01, true), q, adamw, 1e-5);
    }

    @Test
    void nonDenseParametersTakeTheNd4jPathWithTheSameResult() {
        // column 1 of a [4, 3] c-ordered matrix: a strided view
        INDArray base = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        INDArray column = base.get(NDArrayIndex.all(), NDArrayIndex.point(1));
        column.assign(Nd4j.createFromArray(Quadratic.P0));
        Tensor p = Tensor.variable(column);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("p", p);
        Adam adam = new Adam(params, AdamConfig.builder().lr(0.1).weightDecay(0.2).build());
        double[][] expected = reference(0.1, 0.9, 0.999, 1e-8, 0.2, false);
        Tensor a = Tensor.constant(Nd4j.createFromArray(Quadratic.A));
        Tensor c = Tensor.constant(Nd4j.createFromArray(Quadratic.C));
        for (int t = 0; t < STEPS; t++) {
            p.zeroGrad();
            TensorScope s = TensorScope.open();
            try {
                p.sub(c).square().mul(a).sum().mul(0.5).backward();
            } finally {
                s.close();
            }
            adam.step();
            assertArrayEquals(expected[t], base.getColumn(1).toDoubleVector(), 1e-12, "after step " + (t + 1));
        }
        assertEquals(0.0, base.getColumn(0).sumNumber().doubleValue(), "neighbouring memory untouched");
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Quadratic q = new Quadratic(DataType.DOUBLE);
        Tensor idle = Tensor.variable(Nd4j.ones(DataType.DOUBLE, 2));
        Map<String, Tensor> params = new LinkedHashMap<>(q.params());
        params.put("idle", idle);
        Adam adam = Adam.of(params, 0.1);
        q.backward();
        adam.step();
        assertNull(idle.grad());
        assertArrayEquals(new double[] {1, 1}, idle.value().toDoubleVector());
        OptimizerState s = adam.state();
        assertEquals(1L, s.counters().get("step"));
        assertEquals(1L, s.counters().get("p/step"));
        assertEquals(0L, s.counters().get("idle/step"));
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        Quadratic a = new Quadratic(DataType.FLOAT);
        Adam adamA = Adam.of(a.params(), 0.05);
        for (int i = 0; i < 3; i++) {
            a.backward();
            adamA.step();
        }
        OptimizerState saved = adamA.state();
        Quadratic b = new Quadratic(DataType.FLOAT);
        b.p.value().assign(a.p.value());
        Adam adamB = Adam.of(b.params(), 0.05);
        adamB.loadState(saved);
        assertEquals(3, adamB.stepCount());
        for (int i = 0; i < 4; i++) {
            a.backward();
            adamA.step();
            b.backward();
            adamB.step();
        }
        assertEquals(a.p.value(), b.p.value());
        assertArrayEquals(a.values(), b.values(), 0.0);
    }

    @Test
    void loadStateRejectsAForeignState() {
        Quadratic q = new Quadratic(DataType.DOUBLE);
        Adam adam = Adam.of(q.params(), 0.1);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> adam.loadState(Sgd.of(q.params(), 0.1).state()));
        assertEquals("state.kind must be 'adam'; got 'sgd'", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> adam.loadState(AdamW.of(q.params(), 0.1).state()));
    }

    @Test
    void configIsValidated() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> AdamConfig.builder().lr(0).build());
        assertEquals("lr must be > 0 and finite; got 0.0", e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> AdamConfig.builder().betas(1.0, 0.999).build());
        assertEquals("beta1 must be in [0, 1); got 1.0", e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> AdamConfig.builder().betas(0.9, -0.1).build());
        assertEquals("beta2 must be in [0, 1); got -0.1", e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> AdamConfig.builder().eps(0).build());
        assertEquals("eps must be > 0 and finite; got 0.0", e.getMessage());
        assertThrows(InvalidConfigException.class, () -> AdamConfig.builder().weightDecay(-1).build());
        assertThrows(InvalidConfigException.class, () -> AdamConfig.builder().betas(Double.NaN, 0.9).build());
        assertThrows(InvalidConfigException.class, () -> new Adam(Map.of(), AdamConfig.builder().build()));
        assertThrows(InvalidConfigException.class, () -> new Adam(new Quadratic(DataType.FLOAT).params(), null));
        Map<String, Tensor> notLeaf = Map.of("x", Tensor.constant(Nd4j.ones(2)));
        e = assertThrows(InvalidConfigException.class, () -> Adam.of(notLeaf, 0.1));
        assertTrue(e.getMessage().startsWith("parameter 'x' must be a Tensor.variable leaf"), e.getMessage());
    }
}
