package io.github.flows4j.cnf.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Log-domain Sinkhorn: marginals, the ε → 0 and ε → ∞ limits, tiny-ε stability, general marginals, errors. */
class SinkhornTest {

    private static double[] cloudCost(long seed, int n) {
        Rng rng = Rng.seeded(seed);
        INDArray x0 = rng.normal(DataType.DOUBLE, n, 2);
        INDArray x1 = Clouds.eightGaussians(rng, DataType.DOUBLE, n).div(4);   // costs of order 1
        return PairwiseCost.squaredEuclidean(x0, x1);
    }

    @Test
    void marginalsAreUniformWithinTol() {
        int n = 40;
        double[] cost = cloudCost(21, n);
        for (double eps : new double[] {1.0, 0.1, 0.03}) {
            TransportPlan plan = new Sinkhorn(eps, 5_000, 1e-8).solve(cost, n, n);
            assertTrue(plan.converged(), "eps " + eps + " after " + plan.iterations() + " iterations");
            assertTrue(plan.marginalError() <= 1e-8 + 1e-12, "eps " + eps + ": " + plan.marginalError());
            double[] rows = plan.rowSums();
            double[] cols = plan.colSums();
            double total = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(1.0 / n, rows[i], 1e-8, "row " + i);
                assertEquals(1.0 / n, cols[i], 1e-12, "column " + i + " (exact after the column update)");
                total += rows[i];
            }
            assertEquals(1.0, total, 1e-8);
        }
    }

    @Test
    void costApproachesExactOtAsEpsilonShrinks() {
        int n = 30;
        double[] cost = cloudCost(22, n);
        double exact = LinearAssignment.solve(cost, n).cost() / n;
        double previousGap = Double.POSITIVE_INFINITY;
        double firstGap = Double.NaN;
        for (double eps : new double[] {1.0, 0.3, 0.1, 0.03}) {
            TransportPlan plan = new Sinkhorn(eps, 50_000, 1e-8).solve(cost, n, n);
            assertTrue(plan.converged(), "eps " + eps + ": error " + plan.marginalError());
            double gap = plan.transportCost() - exact;
            // 0 <= <P_eps, C> - OT <= eps (H(P_eps) - H(P*)) <= eps log n for uniform marginals.
            assertTrue(gap >= -1e-9, "eps " + eps + ": entropic cost " + plan.transportCost() + " below OT " + exact);
            assertTrue(gap <= eps * Math.log(n) + 1e-9, "eps " + eps + ": gap " + gap + " > eps log n");
            assertTrue(gap <= previousGap + 1e-12, "gap must shrink with eps: " + gap + " after " + previousGap);
            previousGap = gap;
            firstGap = Double.isNaN(firstGap) ? gap : firstGap;
            System.out.printf("Sinkhorn n=30 eps=%.2f: <P,C> - OT %.3e (bound eps log n = %.3e), %d iterations%n",
                    eps, gap, eps * Math.log(n), plan.iterations());
        }
        assertTrue(previousGap < 0.05 * firstGap, "gap at eps 0.03: " + previousGap + ", at eps 1: " + firstGap);
    }

    @Test
    void largeEpsilonGivesTheIndependentPlan() {
        int n = 12;
        TransportPlan plan = new Sinkhorn(1e6).solve(cloudCost(23, n), n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(1.0 / (n * n), plan.get(i, j), 1e-5 / (n * n));
            }
        }
    }

    @Test
    void tinyEpsilonStaysFiniteInTheLogDomain() {
        int n = 25;
        double[] cost = cloudCost(24, n);
        for (double eps : new double[] {1e-4, 1e-8, 1e-12}) {
            // exp(-C/eps) underflows to 0 for every entry here: a scaling-domain Sinkhorn would divide 0 by 0.
            TransportPlan plan = new Sinkhorn(eps, 300, 1e-9).solve(cost, n, n);
            double[][] p = plan.toArray();
            for (double[] row : p) {
                for (double v : row) {
                    assertTrue(Double.isFinite(v) && v >= 0, "eps " + eps + ": plan entry " + v);
                }
            }
            for (double f : plan.f()) {
                assertTrue(Double.isFinite(f), "eps " + eps + ": f " + f);
            }
            for (double g : plan.g()) {
                assertTrue(Double.isFinite(g), "eps " + eps + ": g " + g);
            }
            assertTrue(Double.isFinite(plan.transportCost()) && Double.isFinite(plan.marginalError()));
            // Columns are exact after a column update, up to the rounding of potentials of size C/eps.
            for (double col : plan.colSums()) {
                assertEquals(1.0 / n, col, 1e-3 / n, "eps " + eps);
            }
        }
    }

    @Test
    void reportsNonConvergenceInsteadOfFailing() {
        int n = 20;
        TransportPlan plan = new Sinkhorn(1e-3, 2, 1e-12).solve(cloudCost(25, n), n, n);
        assertFalse(plan.converged());
        assertEquals(2, plan.iterations());
        assertTrue(plan.marginalError() > 1e-12);
    }

    @Test
    void generalMarginalsAndRectangularCosts() {
        Rng rng = Rng.seeded(26);
        int rows = 5;
        int cols = 8;
        double[] cost = new double[rows * cols];
        for (int k = 0; k < cost.length; k++) {
            cost[k] = rng.nextDouble();
        }
        double[] a = {0.1, 0.2, 0.3, 0.15, 0.25};
        double[] b = new double[cols];
        for (int j = 0; j < cols; j++) {
            b[j] = (j + 1) / 36.0;
        }
        TransportPlan plan = new Sinkhorn(0.05, 10_000, 1e-10).solve(cost, a, b);
        assertTrue(plan.converged());
        double[] r = plan.rowSums();
        double[] c = plan.colSums();
        for (int i = 0; i < rows; i++) {
            assertEquals(a[i], r[i], 1e-10);
        }
        for (int j = 0; j < cols; j++) {
            assertEquals(b[j], c[j], 1e-12);
        }
        // The potentials reproduce the plan: P_ij = exp((f_i + g_j - C_ij) / eps).
        double[] f = plan.f();
        double[] g = plan.g();
        assertEquals(Math.exp((f[2] + g[5] - cost[2 * cols + 5]) / 0.05), plan.get(2, 5), 1e-15);
        // double[][] and flat entry points agree.
        double[][] nested = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(cost, i * cols, nested[i], 0, cols);
        }
        Sinkhorn s = new Sinkhorn(0.2);
        assertEquals(s.solve(cost, rows, cols).transportCost(), s.solve(nested).transportCost(), 0.0);
    }

    @Test
    void samplingFollowsThePlan() {
        double[][] cost = {{0, 1}, {1, 0}};
        TransportPlan plan = new Sinkhorn(0.5, 1_000, 1e-12).solve(cost);
        double p00 = plan.get(0, 0);   // = p11 = e^2 / (2 (1 + e^2)) ≈ 0.4404
        assertEquals(Math.exp(2) / (2 * (1 + Math.exp(2))), p00, 1e-9);
        Rng rng = Rng.seeded(27);
        int draws = 200_000;
        int[][] ij = plan.sample(draws, rng);
        int diagonal = 0;
        for (int k = 0; k < draws; k++) {
            if (ij[0][k] == ij[1][k]) {
                diagonal++;
            }
        }
        assertEquals(2 * p00, diagonal / (double) draws, 4 * Math.sqrt(0.25 / draws));
        int[] conditional = plan.sampleRows(Rng.seeded(28));
        assertEquals(2, conditional.length);
        // Zero-mass entries are never drawn.
        TransportPlan sharp = new Sinkhorn(1e-3, 1_000, 1e-12).solve(cost);
        int[][] sharpDraws = sharp.sample(10_000, rng);
        for (int k = 0; k < 10_000; k++) {
            assertEquals(sharpDraws[0][k], sharpDraws[1][k]);
        }
    }

    @Test
    void rejectsBadConfigurationAndInput() {
        assertEquals("epsilon must be finite and > 0; got 0.0",
                assertThrows(InvalidConfigException.class, () -> new Sinkhorn(0.0)).getMessage());
        assertThrows(InvalidConfigException.class, () -> new Sinkhorn(-1.0));
        assertThrows(InvalidConfigException.class, () -> new Sinkhorn(Double.NaN));
        assertThrows(InvalidConfigException.class, () -> new Sinkhorn(Double.POSITIVE_INFINITY));
        assertEquals("maxIters must be >= 1; got 0",
                assertThrows(InvalidConfigException.class, () -> new Sinkhorn(1, 0, 1e-6)).getMessage());
        assertEquals("tol must be finite and > 0; got 0.0",
                assertThrows(InvalidConfigException.class, () -> new Sinkhorn(1, 10, 0)).getMessage());
        assertThrows(InvalidConfigException.class, () -> new Sinkhorn(1, 10, Double.NaN));

        Sinkhorn s = new Sinkhorn(0.1);
        assertThrows(ShapeMismatchException.class, () -> s.solve(new double[5], 2, 2));
        assertThrows(ShapeMismatchException.class, () -> s.solve(new double[0], 0, 0));
        assertThrows(ShapeMismatchException.class, () -> s.solve(new double[][] {{1, 2}, {3}}));
        assertThrows(ShapeMismatchException.class, () -> s.solve(new double[0][]));
        NonFiniteException nan = assertThrows(NonFiniteException.class,
                () -> s.solve(new double[] {0, 1, Double.NaN, 0}, 2, 2));
        assertEquals("cost must be finite; found NaN at [1, 0]", nan.getMessage());
        assertEquals("a[1] must be finite and > 0; got 0.0", assertThrows(InvalidConfigException.class,
                () -> s.solve(new double[4], new double[] {1, 0}, new double[] {0.5, 0.5})).getMessage());
        InvalidConfigException mass = assertThrows(InvalidConfigException.class,
                () -> s.solve(new double[4], new double[] {0.5, 0.5}, new double[] {0.5, 0.6}));
        assertTrue(mass.getMessage().startsWith("sum(b) must be equal to sum(a)"), mass.getMessage());
        TransportPlan plan = s.solve(new double[] {0, 1, 1, 0}, 2, 2);
        assertThrows(InvalidConfigException.class, () -> plan.sample(-1, Rng.seeded(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.get(2, 0));
    }

    @Test
    void fiveHundredPointsSolveQuickly() {
        int n = 500;
        double[] cost = cloudCost(29, n);
        long t0 = System.nanoTime();
        TransportPlan plan = new Sinkhorn(0.05, 1_000, 1e-6).solve(cost, n, n);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("Sinkhorn n=%d eps=0.05: %d iterations, %.3f s, converged %b, marginal error %.2e%n",
                n, plan.iterations(), seconds, plan.converged(), plan.marginalError());
        assertTrue(plan.converged());
    }
}
