package io.github.flows4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** L-BFGS on problems with known minimisers: Rosenbrock, shifted quadratics, and its failure outcomes. */
class LbfgsTest {

    /** Extended Rosenbrock Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1), one problem per row. */
    static BatchedObjective rosenbrock() {
        return (x, rows) -> {
            int k = (int) x.size(0);
            int d = (int) x.size(1);
            double[] v = HostArrays.toDoubles(x);
            double[] f = new double[k];
            double[] g = new double[k * d];
            for (int b = 0; b < k; b++) {
                int o = b * d;
                for (int i = 0; i < d - 1; i++) {
                    double a = v[o + i + 1] - v[o + i] * v[o + i];
                    double c = 1 - v[o + i];
                    f[b] += 100 * a * a + c * c;
                    g[o + i] += -400 * v[o + i] * a - 2 * c;
                    g[o + i + 1] += 200 * a;
                }
            }
            return new BatchedObjective.Evaluation(HostArrays.fromDoubles(f, DataType.DOUBLE, k),
                    HostArrays.fromDoubles(g, DataType.DOUBLE, k, d));
        };
    }

    @Test
    void solvesRosenbrockFromTheClassicStartAndFromRandomOnes() {
        Rng rng = Rng.seeded(1);
        INDArray x0 = rng.uniform(-2, 2, DataType.DOUBLE, 6, 2);
        x0.putRow(0, Nd4j.createFromArray(-1.2, 1.0));
        LbfgsResult r = new Lbfgs(LbfgsConfig.builder().gradientTolerance(1e-9).build()).minimize(rosenbrock(), x0);
        assertTrue(r.allConverged(), r.summary());
        double[] x = HostArrays.toDoubles(r.x());
        for (double xi : x) {
            assertEquals(1.0, xi, 1e-7);
        }
        for (double f : r.values()) {
            assertTrue(f < 1e-14, "f = " + f);
        }
        assertTrue(r.iterations()[0] < 60, "classic start took " + r.iterations()[0] + " iterations");
    }

    @Test
    void solvesTenDimensionalRosenbrock() {
        INDArray x0 = Nd4j.zeros(DataType.DOUBLE, 3, 10);
        x0.putRow(1, Rng.seeded(2).uniform(-1, 1, DataType.DOUBLE, 10));
        x0.putRow(2, Nd4j.valueArrayOf(new long[] {10}, -1.0).castTo(DataType.DOUBLE));
        LbfgsResult r = new Lbfgs(LbfgsConfig.builder().maxIterations(1000).gradientTolerance(1e-8).build())
                .minimize(rosenbrock(), x0);
        assertTrue(r.allConverged(), r.summary());
        for (int b = 0; b < 3; b++) {
            double[] row = HostArrays.toDoubles(r.x().getRow(b));
            double err = 0;
            for (double v : row) {
                err = Math.max(err, Math.abs(v - 1));
            }
            // row 2 starts at (−1, …, −1), near the local minimum of the 10-d Rosenbrock at x₁ ≈ −1
            if (b < 2) {
                assertTrue(err < 1e-6, "row " + b + " error " + err);
            }
        }
    }

    @Test
    void eachRowIsItsOwnProblemWithItsOwnData() {
        Rng rng = Rng.seeded(3);
        INDArray targets = rng.normal(DataType.DOUBLE, 5, 3);
        INDArray scales = rng.uniform(0.1, 10, DataType.DOUBLE, 5, 3);
        BatchedObjective quad = (x, rows) -> {
            INDArray t = targets.getRows(rows);
            INDArray s = scales.getRows(rows);
            INDArray diff = x.sub(t);
            INDArray grad = diff.mul(s);
            return new BatchedObjective.Evaluation(grad.mul(diff).sum(1).muli(0.5), grad);
        };
        Lbfgs lbfgs = new Lbfgs(LbfgsConfig.builder().gradientTolerance(1e-12).build());
        LbfgsResult all = lbfgs.minimize(quad, Nd4j.zeros(DataType.DOUBLE, 5, 3));
        assertTrue(all.allConverged(), all.summary());
        assertArrayEquals(HostArrays.toDoubles(targets), HostArrays.toDoubles(all.x()), 1e-11);
    }

    /**
     * f = 10⁸ + ½ Σ a_i (x_i − 1)² with a = (1, 10, 100, 1000): values carry ~1e-8 of rounding, so near the
     * minimum no decrease is visible; the approximate Wolfe test still converges on the gradient.
     */
    @Test
    void convergesBelowTheRoundingFloorOfTheValues() {
        INDArray a = Nd4j.createFromArray(1.0, 10.0, 100.0, 1000.0);
        BatchedObjective offset = (x, rows) -> {
            INDArray diff = x.sub(1.0);
            INDArray grad = diff.mulRowVector(a);
            return new BatchedObjective.Evaluation(grad.mul(diff).sum(1).muli(0.5).addi(1e8), grad);
        };
        INDArray x0 = Rng.seeded(7).normal(DataType.DOUBLE, 3, 4).muli(0.01).addi(1.0);
        LbfgsResult approx = new Lbfgs(LbfgsConfig.builder().gradientTolerance(1e-12).build()).minimize(offset, x0);
        assertTrue(approx.allConverged(), approx.summary());
        assertArrayEquals(new double[12], HostArrays.toDoubles(approx.x().sub(1.0)), 1e-12);
    }

    @Test
    void sameInputSameOutput() {
        INDArray x0 = Rng.seeded(4).uniform(-2, 2, DataType.DOUBLE, 4, 2);
        Lbfgs lbfgs = new Lbfgs(LbfgsConfig.defaults());
        LbfgsResult a = lbfgs.minimize(rosenbrock(), x0);
        LbfgsResult b = lbfgs.minimize(rosenbrock(), x0);
        assertArrayEquals(HostArrays.toDoubles(a.x()), HostArrays.toDoubles(b.x()));
        assertArrayEquals(a.iterations(), b.iterations());
        assertEquals(a.evaluations(), b.evaluations());
    }

    @Test
    void runsOutOfIterationsWithAHint() {
        INDArray x0 = Nd4j.createFromArray(new double[][] {{-1.2, 1.0}});
        LbfgsResult r = new Lbfgs(LbfgsConfig.builder().maxIterations(3).build()).minimize(rosenbrock(), x0);
        assertEquals(LbfgsOutcome.MAX_ITERATIONS, r.outcome(0));
        assertEquals(3, r.iterations()[0]);
        assertTrue(r.summary().contains("raise maxIterations"), r.summary());
    }

    @Test
    void aGradientThatDisagreesWithTheValuesFailsTheLineSearch() {
        // value x², gradient reported with the wrong sign: every "descent" direction goes uphill
        BatchedObjective liar = (x, rows) -> new BatchedObjective.Evaluation(x.mul(x).sum(1), x.mul(-2));
        LbfgsResult r = new Lbfgs(LbfgsConfig.defaults()).minimize(liar, Nd4j.createFromArray(new double[][] {{1.0}}));
        assertEquals(LbfgsOutcome.LINE_SEARCH_FAILED, r.outcome(0));
        assertEquals(1.0, r.x().getDouble(0, 0), 0.0, "a failed search leaves the point where it was");
    }

    @Test
    void aNonFiniteStartIsReportedNotLooped() {
        AtomicInteger calls = new AtomicInteger();
        BatchedObjective nan = (x, rows) -> {
            calls.incrementAndGet();
            return new BatchedObjective.Evaluation(Nd4j.valueArrayOf(new long[] {x.size(0)}, Double.NaN),
                    x.dup());
        };
        LbfgsResult r = new Lbfgs(LbfgsConfig.defaults()).minimize(nan, Nd4j.ones(DataType.DOUBLE, 2, 2));
        assertEquals(LbfgsOutcome.NON_FINITE, r.outcome(1));
        assertEquals(1, calls.get());
    }

    @Test
    void badInputsAreRejectedWithNamedErrors() {
        Lbfgs lbfgs = new Lbfgs(LbfgsConfig.defaults());
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
                () -> lbfgs.minimize(rosenbrock(), Nd4j.zeros(DataType.DOUBLE, 3)));
        assertTrue(shape.getMessage().startsWith("x0 must have shape [batch, dim]"), shape.getMessage());
        NonFiniteException nf = assertThrows(NonFiniteException.class,
                () -> lbfgs.minimize(rosenbrock(), Nd4j.createFromArray(new double[][] {{0, Double.NaN}})));
        assertTrue(nf.getMessage().contains("x0"), nf.getMessage());
        BatchedObjective wrong = (x, rows) -> new BatchedObjective.Evaluation(Nd4j.zeros(DataType.DOUBLE, x.size(0)),
                Nd4j.zeros(DataType.DOUBLE, x.size(0), 1));
        ShapeMismatchException g = assertThrows(ShapeMismatchException.class,
                () -> lbfgs.minimize(wrong, Nd4j.zeros(DataType.DOUBLE, 2, 3)));
        assertTrue(g.getMessage().contains("[2, 3]"), g.getMessage());
        InvalidConfigException c = assertThrows(InvalidConfigException.class,
                () -> LbfgsConfig.builder().wolfe(0.5, 0.1).build());
        assertTrue(c.getMessage().startsWith("c2 must be in (c1"), c.getMessage());
        assertThrows(InvalidConfigException.class, () -> LbfgsConfig.builder().historySize(0).build());
        assertThrows(InvalidConfigException.class, () -> LbfgsConfig.builder().gradientTolerance(-1).build());
        assertThrows(InvalidConfigException.class, () -> new Lbfgs(null));
    }
}
