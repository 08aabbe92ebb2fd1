package io.github.flows4j.rl.gfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TerminalDistributionTest {
    @Test
    void uniformPolicyMatchesMonteCarloWithinItsError() {
        Hypergrid g = Hypergrid.of(2, 4, 0.1);
        GFlowNet gfn = new GFlowNet(Tabular.uniform(), new UniformBackwardPolicy(), null, 1, DataType.DOUBLE);
        double[] p = TerminalDistribution.of(g, gfn).probabilities();
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        assertEquals(1, sum, 1e-12);
        // closed form for s0: stop with probability 1/3
        assertEquals(1.0 / 3, p[0], 1e-12);
        int n = 20_000;
        int[] counts = new int[g.stateCount()];
        Trajectories batch = new TrajectorySampler(g, Exploration.ON_POLICY).sample(gfn, n, Rng.seeded(11));
        for (int i = 0; i < n; i++) {
            counts[batch.terminalState(i)]++;
        }
        for (int s = 0; s < p.length; s++) {
            double se = Math.sqrt(p[s] * (1 - p[s]) / n);
            assertEquals(p[s], counts[s] / (double) n, 4.5 * se + 1e-9, "state " + s);
        }
    }

    @Test
    void fromLogProbsOfAPolicyThatAlwaysStopsIsAPointMass() {
        Hypergrid g = Hypergrid.of(2, 3, 0.1);
        double[][] lp = new double[g.stateCount()][g.forwardActionCount()];
        for (double[] row : lp) {
            row[0] = -1e9;
            row[1] = -1e9;
        }
        TerminalDistribution dp = TerminalDistribution.fromLogProbs(g, lp);
        assertEquals(1, dp.probabilities()[0], 1e-12);
        double[] target = g.rewardDistribution();
        assertEquals(1 - target[0], dp.totalVariation(target), 1e-12);
        assertTrue(dp.l1(target) > dp.totalVariation(target));
    }
}
