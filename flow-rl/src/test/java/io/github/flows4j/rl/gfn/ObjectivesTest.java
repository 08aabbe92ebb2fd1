package io.github.flows4j.rl.gfn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ObjectivesTest {
    private static final List<GFlowNetObjective> OBJECTIVES = List.of(new TrajectoryBalance(), new DetailedBalance(),
            new SubTrajectoryBalance(0.9), new SubTrajectoryBalance(2.0), new FlowMatching());

    private static GFlowNet optimal(Hypergrid g) {
        GFlowNet gfn = new GFlowNet(Tabular.policy(g, Tabular.optimalLogPolicy(g)), new UniformBackwardPolicy(),
                Tabular.flow(g, Tabular.optimalLogFlow(g)), 1, DataType.DOUBLE);
        gfn.setLogZ(g.logPartition());
        return gfn;
    }

    @Test
    void optimalPolicyHasZeroLossAndSamplesTheReward() {
        Hypergrid g = new Hypergrid(2, 4, 0.05, 0.5, 2.0);
        GFlowNet gfn = optimal(g);
        assertEquals(g.logPartition(), Tabular.optimalLogFlow(g)[0], 1e-12); // F(s0) = Z
        TerminalDistribution dp = TerminalDistribution.of(g, gfn);
        assertEquals(0, dp.totalVariation(g.rewardDistribution()), 1e-12);
        Trajectories batch = new TrajectorySampler(g, new Exploration(0.3, 1)).sample(gfn, 32, Rng.seeded(1));
        for (GFlowNetObjective o : OBJECTIVES) {
            assertEquals(0, o.loss(gfn, batch).item(), 1e-20, o.toString());
        }
    }

    @Test
    void wrongLogZOrPolicyGivesPositiveLoss() {
        Hypergrid g = new Hypergrid(2, 4, 0.05, 0.5, 2.0);
        GFlowNet gfn = optimal(g);
        Trajectories batch = new TrajectorySampler(g, Exploration.ON_POLICY).sample(gfn, 16, Rng.seeded(2));
        gfn.setLogZ(g.logPartition() + 0.5);
        // TB: every trajectory is off by exactly 0.5
        assertEquals(0.25, new TrajectoryBalance().loss(gfn, batch).item(), 1e-12);
        GFlowNet uniform = new GFlowNet(Tabular.uniform(), new UniformBackwardPolicy(),
                Tabular.flow(g, Tabular.optimalLogFlow(g)), 1, DataType.DOUBLE);
        uniform.setLogZ(g.logPartition());
        for (GFlowNetObjective o : OBJECTIVES) {
            assertTrue(o.loss(uniform, batch).item() > 1e-3, o.toString());
        }
        assertTrue(TerminalDistribution.of(g, uniform).totalVariation(g.rewardDistribution()) > 0.05);
    }

    @Test
    void trajectoryBalanceMatchesItsFormula() {
        Hypergrid g = Hypergrid.of(2, 3, 0.1);
        GFlowNet gfn = new GFlowNet(Tabular.uniform(), new UniformBackwardPolicy(), null, 1, DataType.DOUBLE);
        gfn.setLogZ(0.7);
        // (0,0) -a0-> (1,0) -a1-> (1,1) stop: P_F = 1/3 · 1/3 · 1/3 (all moves valid); P_B((1,0)|(1,1)) = 1/2
        Trajectories batch = Trajectories.of(g, new int[][] {{0, 1, 2}});
        double expected = 0.7 + 3 * Math.log(1.0 / 3) - g.logReward(g.index(1, 1)) - Math.log(0.5);
        assertEquals(expected * expected, new TrajectoryBalance().loss(gfn, batch).item(), 1e-12);
    }

    @Test
    void subTrajectoryBalanceWithOneEdgeIsDetailedBalanceAtStop() {
        Hypergrid g = Hypergrid.of(2, 3, 0.1);
        GFlowNet gfn = new GFlowNet(Tabular.uniform(), new UniformBackwardPolicy(),
                Tabular.flow(g, new double[g.stateCount()]), 1, DataType.DOUBLE);
        gfn.setLogZ(0.3);
        Trajectories batch = Trajectories.of(g, new int[][] {{2}}); // stop at s0: log Z + log(1/3) - log R(s0)
        double d = 0.3 + Math.log(1.0 / 3) - g.logReward(0);
        assertEquals(d * d, new SubTrajectoryBalance(0.9).loss(gfn, batch).item(), 1e-12);
        assertEquals(d * d, new DetailedBalance().loss(gfn, batch).item(), 1e-12);
        assertEquals(d * d, new TrajectoryBalance().loss(gfn, batch).item(), 1e-12);
    }

    @Test
    void trajectoryBalanceLogZGradientMatchesFiniteDifferences() {
        Hypergrid g = Hypergrid.of(2, 4, 0.1);
        GFlowNet gfn = GFlowNet.builder(g).hidden(8).logZScale(3).dtype(DataType.DOUBLE)
                .build(Rng.seeded(3));
        gfn.setLogZ(1.3);
        Trajectories batch = new TrajectorySampler(g, Exploration.ON_POLICY).sample(gfn, 8, Rng.seeded(4));
        Map<String, Tensor> params = gfn.parameters();
        GradCheck.checkParameters(() -> new TrajectoryBalance().loss(gfn, batch), Map.of("log_z",
                params.get("log_z")), 1e-6, 1e-6);
        // analytic: d/d raw of mean (logZ + c_b)^2 = scale · 2 · mean(logZ + c_b)
        gfn.zeroGrad();
        new TrajectoryBalance().loss(gfn, batch).backward();
        assertTrue(Math.abs(params.get("log_z").grad().getDouble(0)) > 1e-3);
    }

    @Test
    void everyObjectiveGradientMatchesFiniteDifferences() {
        Hypergrid g = Hypergrid.of(2, 3, 0.1);
        GFlowNet gfn = GFlowNet.builder(g).hidden(4).learnedBackward(true).logZScale(2)
                .dtype(DataType.DOUBLE).build(Rng.seeded(5));
        gfn.setLogZ(0.4);
        Trajectories batch = new TrajectorySampler(g, new Exploration(0.5, 1)).sample(gfn, 4, Rng.seeded(6));
        for (GFlowNetObjective o : OBJECTIVES) {
            GradCheck.checkParameters(() -> o.loss(gfn, batch), gfn.parameters(), 1e-6, 1e-5);
        }
    }

    /**
     * The networks see only a batch's real positions, not its padding: the loss and gradients of a batch of very
     * unequal lengths are those of its trajectories one at a time (TB and SubTB average over trajectories, DB over
     * edges), with a learned P_B and state flow.
     */
    @Test
    void paddingDoesNotEnterTheLossOrItsGradient() {
        Hypergrid g = Hypergrid.of(2, 8, 0.1);
        GFlowNet gfn = GFlowNet.builder(g).hidden(8).learnedBackward(true).logZScale(2)
                .dtype(DataType.DOUBLE).build(Rng.seeded(7));
        gfn.setLogZ(0.4);
        int stop = g.stopAction();
        int[][] seqs = {{stop}, {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, stop}, {1, 0, stop}, {0, 1, 0, 1, stop}};
        Trajectories batch = Trajectories.of(g, seqs);
        assertEquals(15, batch.width());
        for (GFlowNetObjective o : List.of(new TrajectoryBalance(), new DetailedBalance(),
                new SubTrajectoryBalance(0.9))) {
            boolean perEdge = o instanceof DetailedBalance;
            Map<String, double[]> expectedGrad = new HashMap<>();
            double expected = 0;
            double total = perEdge ? batch.transitionCount() : seqs.length;
            for (int[] seq : seqs) {
                Trajectories one = Trajectories.of(g, new int[][] {seq});
                double w = (perEdge ? seq.length : 1) / total;
                gfn.zeroGrad();
                Tensor l = o.loss(gfn, one);
                expected += w * l.item();
                l.backward();
                gfn.parameters().forEach((name, p) -> {
                    double[] acc = expectedGrad.computeIfAbsent(name, k -> new double[(int) p.length()]);
                    double[] gr = grad(p);
                    for (int i = 0; i < acc.length; i++) {
                        acc[i] += w * gr[i];
                    }
                });
            }
            gfn.zeroGrad();
            Tensor l = o.loss(gfn, batch);
            assertEquals(expected, l.item(), 1e-12, o.toString());
            l.backward();
            gfn.parameters().forEach((name, p) -> assertArrayEquals(expectedGrad.get(name), grad(p), 1e-12,
                    o + " " + name));
        }
    }

    /** @return a parameter's gradient as a flat array, zeros if it had none (TB does not read the flow) */
    private static double[] grad(Tensor p) {
        return p.grad() == null ? new double[(int) p.length()] : p.grad().dup().reshape(p.length()).toDoubleVector();
    }
}
