package io.github.flows4j.rl.sac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.ReplayBuffer;
import io.github.flows4j.rl.env.Box;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SacAgentTest {
    /** One-step bandit: s ~ N(0, 1) (1-D), a ∈ [−1, 1], r = −4 (a − 0.5)², every episode ends after one step. */
    private static ReplayBuffer bandit(int n, Rng rng) {
        ReplayBuffer b = new ReplayBuffer(n, 1, 1, DataType.DOUBLE);
        for (int i = 0; i < n; i++) {
            double a = -1 + 2 * rng.nextDouble();
            b.add(Nd4j.createFromArray(rng.nextGaussian()), Nd4j.createFromArray(a), -4 * (a - 0.5) * (a - 0.5),
                    Nd4j.createFromArray(rng.nextGaussian()), true);
        }
        return b;
    }

    @Test
    @SuppressWarnings("try")
    void automaticTemperatureDrivesEntropyToTheTarget() {
        double target = -1.0;
        SacConfig c = SacConfig.builder().hidden(16, 16).batchSize(64).startSteps(64).targetEntropy(target)
                .dtype(DataType.DOUBLE).build();
        Rng rng = Rng.seeded(4);
        SacAgent agent = new SacAgent(1, 1, c, rng.split());
        ReplayBuffer buffer = bandit(2000, rng.split());
        Adam adam = Adam.of(agent.parameters(), 1e-2);
        double first = Double.NaN;
        double late = 0;
        double firstAlpha = agent.alpha();
        int steps = 800;
        for (int k = 0; k < steps; k++) {
            try (TensorScope s = TensorScope.open()) {
                adam.zeroGrad();
                SacLosses l = agent.losses(buffer.sample(64, rng), rng);
                l.total().backward();
                adam.step();
                agent.updateTargets();
                if (k == 0) {
                    first = l.entropy();
                }
                if (k >= steps - 200) {
                    late += l.entropy() / 200;
                }
            }
        }
        assertTrue(Math.abs(first - target) > 1.2, "starts away from the target: " + first);
        assertEquals(target, late, 0.3, "entropy over the last 200 updates (started at " + first + ")");
        assertTrue(agent.alpha() < firstAlpha, "alpha fell from " + firstAlpha + " to " + agent.alpha());
    }

    @Test
    @SuppressWarnings("try")
    void onlyEachLossesOwnGroupGetsGradientAndTargetsNone() {
        SacConfig c = SacConfig.builder().hidden(8).batchSize(16).startSteps(16).dtype(DataType.DOUBLE).build();
        Rng rng = Rng.seeded(1);
        SacAgent agent = new SacAgent(1, 1, c, rng.split());
        ReplayBuffer buffer = bandit(64, rng.split());
        try (TensorScope s = TensorScope.open()) {
            SacLosses l = agent.losses(buffer.sample(16, rng), rng);
            l.total().backward();
            Map<String, Tensor> p = agent.parameters();
            for (Map.Entry<String, Tensor> e : p.entrySet()) {
                if (e.getKey().startsWith("target.")) {
                    assertNull(e.getValue().grad(), e.getKey());
                } else {
                    assertTrue(e.getValue().grad() != null, e.getKey() + " has a gradient");
                }
            }
            // the critic's gradient is that of J_Q alone (the actor loss sees frozen critics)
            INDArrayHolder h = new INDArrayHolder(p.get("critic.q1.layers.0.weight").grad().dup());
            for (Tensor t : p.values()) {
                t.zeroGrad();
            }
            l.critic().backward();
            assertArrayEquals(h.a().dup().reshape(-1).toDoubleVector(),
                    p.get("critic.q1.layers.0.weight").grad().dup().reshape(-1).toDoubleVector(), 1e-12);
        }
    }

    private record INDArrayHolder(org.nd4j.linalg.api.ndarray.INDArray a) {
    }

    @Test
    void polyakMovesTargetsByTau() {
        SacConfig c = SacConfig.builder().hidden(4).batchSize(8).startSteps(8).tau(0.25).dtype(DataType.DOUBLE)
                .build();
        SacAgent agent = new SacAgent(2, 1, c, Rng.seeded(0));
        Tensor w = agent.parameters().get("critic.q2.layers.0.weight");
        Tensor tw = agent.parameters().get("target.q2.layers.0.weight");
        assertArrayEquals(w.value().dup().reshape(-1).toDoubleVector(), tw.value().dup().reshape(-1).toDoubleVector());
        double before = tw.value().getDouble(0, 0);
        w.value().putScalar(0, 0, before + 4);
        agent.updateTargets();
        assertEquals(before + 1, tw.value().getDouble(0, 0), 1e-12);
    }

    @Test
    void inPlacePolyakRoundsExactlyAsTheNd4jExpression() {
        Rng rng = Rng.seeded(6);
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray target = rng.normal(t, 64, 33);
            INDArray source = rng.normal(t, 64, 33);
            INDArray expected = target.dup().muli(1 - 0.005).addi(source.mul(0.005));
            TwinCritic.polyak(target, source, 0.005);
            assertArrayEquals(expected.reshape(-1).toDoubleVector(), target.reshape(-1).toDoubleVector(), 0.0,
                    t + ": bit-identical");
            INDArray view = rng.normal(t, 8, 8).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4));   // not dense
            INDArray viewExpected = view.dup().muli(0.75).addi(source.get(NDArrayIndex.interval(0, 8),
                    NDArrayIndex.interval(0, 4)).mul(0.25));
            TwinCritic.polyak(view, source.get(NDArrayIndex.interval(0, 8), NDArrayIndex.interval(0, 4)), 0.25);
            assertArrayEquals(viewExpected.dup().reshape(-1).toDoubleVector(), view.dup().reshape(-1).toDoubleVector(),
                    0.0, t + ": strided fallback");
        }
    }

    @Test
    void envActionIsTheAffineImageOfTheSquashedAction() {
        Box b = Box.of(new double[] {-2, 0}, new double[] {2, 10});
        assertArrayEquals(new double[] {-2, 10}, SacAgent.toEnvAction(new double[] {-1, 1}, b), 1e-12);
        assertArrayEquals(new double[] {1, 5}, SacAgent.toEnvAction(new double[] {0.5, 0}, b), 1e-12);
    }
}
