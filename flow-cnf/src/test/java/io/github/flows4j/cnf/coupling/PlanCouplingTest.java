package io.github.flows4j.cnf.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sinkhorn and Schrödinger-bridge couplings: determinism, cost between exact OT and independence, limits. */
class PlanCouplingTest {
    private static final int N = 256;

    private static INDArray[] batches(long seed, DataType type) {
        Rng rng = Rng.seeded(seed);
        return new INDArray[] {Clouds.gaussian(rng, type, N, 2), Clouds.eightGaussians(rng, type, N)};
    }

    @Test
    void sameSeedSamePairsDifferentSeedDifferentPairs() {
        INDArray[] x = batches(31, DataType.FLOAT);
        Coupling[] couplings = {new SchrodingerBridgeCoupling(1.0), new SinkhornCoupling(0.5),
            new SinkhornCoupling(0.5, 500, 1e-6, PlanSampling.CONDITIONAL), new IndependentCoupling()};
        for (Coupling c : couplings) {
            Pair a = c.couple(x[0], x[1], Rng.seeded(7));
            Pair b = c.couple(x[0], x[1], Rng.seeded(7));
            Pair other = c.couple(x[0], x[1], Rng.seeded(8));
            assertEquals(a, b, c.toString());
            assertNotEquals(a, other, c.toString());
            assertEquals(DataType.FLOAT, a.x0().dataType());
        }
    }

    @Test
    void schrodingerBridgeCostLiesBetweenExactOtAndIndependent() {
        INDArray[] x = batches(32, DataType.DOUBLE);
        double exact = Clouds.exactOtCost(x[0], x[1]);
        double independent = Clouds.meanCost(x[0], x[1]);
        double[] cost = PairwiseCost.squaredEuclidean(x[0], x[1]);
        double previous = exact;
        for (double sigma : new double[] {0.5, 1.0, 2.0, 4.0}) {
            SchrodingerBridgeCoupling sb = new SchrodingerBridgeCoupling(sigma, 5_000, 1e-6);
            assertEquals(2 * sigma * sigma, sb.epsilon());
            // The plan's expected pair cost: deterministic, monotone in sigma.
            TransportPlan plan = new Sinkhorn(sb.epsilon(), 5_000, 1e-6).solve(cost, N, N);
            assertTrue(plan.converged(), "sigma " + sigma);
            double planCost = plan.transportCost();
            assertTrue(exact <= planCost && planCost <= independent,
                    "sigma " + sigma + ": " + exact + " <= " + planCost + " <= " + independent);
            assertTrue(planCost >= previous, "cost grows with sigma");
            previous = planCost;
            // Sampled pairs: their mean cost is a Monte-Carlo estimate of the plan's.
            double sampled = 0;
            Rng rng = Rng.seeded(33);
            int reps = 8;
            for (int r = 0; r < reps; r++) {
                sampled += Clouds.meanSquaredDistance(sb.couple(x[0], x[1], rng)) / reps;
            }
            System.out.printf("SB sigma=%.1f: exact OT %.3f <= plan %.3f (sampled %.3f) <= independent %.3f%n",
                    sigma, exact, planCost, sampled, independent);
            assertTrue(exact <= sampled && sampled <= independent, "sigma " + sigma + ": sampled " + sampled);
            assertEquals(planCost, sampled, 0.1 * planCost, "sigma " + sigma);
        }
    }

    @Test
    void sinkhornCouplingApproachesExactOtForSmallEpsilon() {
        INDArray[] x = batches(34, DataType.DOUBLE);
        double exact = Clouds.exactOtCost(x[0], x[1]);
        double independent = Clouds.meanCost(x[0], x[1]);
        Pair p = new SinkhornCoupling(0.05, 5_000, 1e-5, PlanSampling.CONDITIONAL).couple(x[0], x[1],
                Rng.seeded(35));
        double cost = Clouds.meanSquaredDistance(p);
        assertTrue(cost < exact + 0.2 * (independent - exact), exact + " <= " + cost + " << " + independent);
        assertArrayEquals(Batches.identity(N), p.index0(), "CONDITIONAL keeps every source row in order");
        assertEquals(x[0], p.x0());
    }

    @Test
    void jointSamplingDrawsRowsWithReplacement() {
        INDArray[] x = batches(36, DataType.DOUBLE);
        Pair p = new SinkhornCoupling(1.0).couple(x[0], x[1], Rng.seeded(37));
        int[] i0 = p.index0();
        int[] i1 = p.index1();
        for (int k = 0; k < N; k++) {
            assertEquals(x[0].getRow(i0[k]), p.x0().getRow(k));
            assertEquals(x[1].getRow(i1[k]), p.x1().getRow(k));
        }
        boolean[] seen = new boolean[N];
        int distinct = 0;
        for (int i : i0) {
            if (!seen[i]) {
                seen[i] = true;
                distinct++;
            }
        }
        // i.i.d. draws with replacement from a near-uniform row marginal: about (1 - 1/e) N distinct rows.
        assertTrue(distinct > 0.55 * N && distinct < 0.75 * N, "distinct source rows " + distinct);
    }

    @Test
    void rejectsBadConfiguration() {
        assertEquals("sigma must be finite and > 0; got 0.0",
                assertThrows(InvalidConfigException.class, () -> new SchrodingerBridgeCoupling(0.0)).getMessage());
        assertThrows(InvalidConfigException.class, () -> new SchrodingerBridgeCoupling(-1.0));
        assertThrows(InvalidConfigException.class, () -> new SchrodingerBridgeCoupling(Double.NaN));
        assertThrows(InvalidConfigException.class, () -> new SchrodingerBridgeCoupling(1e-200));   // 2σ² = 0
        assertThrows(InvalidConfigException.class, () -> new SchrodingerBridgeCoupling(1e200));    // 2σ² = ∞
        assertThrows(InvalidConfigException.class, () -> new SchrodingerBridgeCoupling(1.0, 0, 1e-6));
        assertThrows(InvalidConfigException.class, () -> new SchrodingerBridgeCoupling(1.0, 10, -1));
        assertEquals("epsilon must be finite and > 0; got -0.1",
                assertThrows(InvalidConfigException.class, () -> new SinkhornCoupling(-0.1)).getMessage());
        assertThrows(InvalidConfigException.class, () -> new SinkhornCoupling(0.1, 0, 1e-6));
        assertThrows(InvalidConfigException.class, () -> new SinkhornCoupling(0.1, 10, 0));
        assertThrows(InvalidConfigException.class, () -> new SinkhornCoupling(0.1, 10, 1e-6, null));
    }
}
