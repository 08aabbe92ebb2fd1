package io.github.flows4j.rl.smac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.ReplayBuffer;
import io.github.flows4j.rl.env.Pendulum;
import io.github.flows4j.rl.sac.ActorSample;
import io.github.flows4j.rl.sac.SacConfig;
import io.github.flows4j.rl.sac.SacLosses;
import io.github.flows4j.rl.sac.SacResult;
import io.github.flows4j.rl.sac.SacTraining;
import io.github.flows4j.rl.sac.SquashedGaussianActor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class SmacAgentTest {
    @Test
    void manyParticlesApproachTheQuadratureMarginal() {
        // two observations (rows must not mix), 1-D latent: π(a|s) = ∫ π(a|s,z) N(z; μ_z(s), σ_z(s)²) dz by quadrature
        Rng rng = Rng.seeded(3);
        LatentActor actor = new LatentActor(2, 1, 1, new int[] {16}, -20, 2, DataType.DOUBLE, rng.split());
        double[][] states = {{0.3, -0.7}, {-1.2, 0.4}};
        Tensor obs = Tensor.constant(Nd4j.createFromArray(states));
        assertQuadrature(actor, states, actor.sample(obs, 4000, rng), MarginalEstimators.Estimator.NAIVE);
    }

    @Test
    @SuppressWarnings("try")
    void theMultilevelEstimateUsesTheSameParticlesAndHasTheNaiveExpectation() {
        LatentActor actor = new LatentActor(2, 1, 2, new int[] {16}, -20, 2, DataType.DOUBLE, Rng.seeded(4));
        int rows = 2000;
        double[][] states = new double[rows][];
        for (int i = 0; i < rows; i++) {
            states[i] = i % 2 == 0 ? new double[] {0.3, -0.7} : new double[] {-1.2, 0.4};
        }
        Tensor obs = Tensor.constant(Nd4j.createFromArray(states));
        try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
            ActorSample naive = actor.sample(obs, 16, MarginalEstimators.Estimator.NAIVE, Rng.seeded(8));
            ActorSample ml = actor.sample(obs, 16, MarginalEstimators.Estimator.MULTILEVEL, Rng.seeded(8));
            assertArrayEquals(naive.action().toDoubleArray(), ml.action().toDoubleArray(), 0, "same draws");
            double[] a = naive.logProb().toDoubleArray();
            double[] b = ml.logProb().toDoubleArray();
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < rows; i++) {
                double d = b[i] - a[i];
                mean += d / rows;
                sq += d * d / rows;
            }
            double se = Math.sqrt((sq - mean * mean) / rows);
            assertEquals(0, mean, 4 * se, "E[multilevel - naive] over 17 particles, se " + se);
            assertTrue(sq > 1e-8, "the two estimates differ row by row");
        }
    }

    @SuppressWarnings("try")
    private static void assertQuadrature(LatentActor actor, double[][] states, ActorSample s,
            MarginalEstimators.Estimator est) {
        Tensor obs = Tensor.constant(Nd4j.createFromArray(states));
        try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
            Tensor[] q = actor.latent(obs);
            for (int row = 0; row < 2; row++) {
                double a = s.action().value().getDouble(row, 0);
                double mz = q[0].value().getDouble(row, 0);
                double sz = Math.exp(q[1].value().getDouble(row, 0));
                double u = 0.5 * Math.log((1 + a) / (1 - a));
                double p = 0;
                int n = 2001;
                double lo = mz - 8 * sz;
                double h = 16 * sz / (n - 1);
                for (int i = 0; i < n; i++) {
                    double z = lo + i * h;
                    double[][] input = {{states[row][0], states[row][1], z}};
                    Tensor in = Tensor.constant(Nd4j.createFromArray(input));
                    Tensor[] head = headOf(actor).meanAndLogStd(in);
                    double logStd = head[1].item();
                    double eps = (u - head[0].item()) / Math.exp(logStd);
                    double lp = SquashedGaussianActor.logProb(scalar(eps), scalar(logStd), scalar(a)).item();
                    double w = (i == 0 || i == n - 1) ? 0.5 : 1;
                    p += w * h * Math.exp(lp) * Math.exp(-0.5 * Math.pow((z - mz) / sz, 2))
                            / (sz * Math.sqrt(2 * Math.PI));
                }
                assertEquals(Math.log(p), s.logProb().value().getDouble(row, 0), 0.02,
                        est + ", row " + row + ": log-marginal from 4097 particles vs quadrature");
            }
        }
    }

    private static Tensor scalar(double v) {
        return Tensor.constant(Nd4j.createFromArray(new double[][] {{v}}));
    }

    private static SquashedGaussianActor headOf(LatentActor actor) {
        return (SquashedGaussianActor) actor.children().get("head");
    }

    @Test
    @SuppressWarnings("try")
    void gradientsReachActorCriticAndTemperatureButNotTargets() {
        SacConfig c = SacConfig.builder().hidden(8).batchSize(16).startSteps(16).dtype(DataType.DOUBLE).build();
        Rng rng = Rng.seeded(1);
        SmacAgent agent = new SmacAgent(3, 1, c, 8, 2, rng.split());
        ReplayBuffer buffer = new ReplayBuffer(64, 3, 1, DataType.DOUBLE);
        for (int i = 0; i < 64; i++) {
            buffer.add(rng.normal(DataType.DOUBLE, 3), rng.uniform(-1, 1, DataType.DOUBLE, 1), rng.nextGaussian(),
                    rng.normal(DataType.DOUBLE, 3), i % 10 == 0);
        }
        try (TensorScope s = TensorScope.open()) {
            SacLosses l = agent.losses(buffer.sample(16, rng), rng);
            l.total().backward();
            assertTrue(Double.isFinite(l.total().item()));
            for (Map.Entry<String, Tensor> e : agent.parameters().entrySet()) {
                if (e.getKey().startsWith("target.")) {
                    assertNull(e.getValue().grad(), e.getKey());
                } else {
                    assertTrue(e.getValue().grad() != null, e.getKey() + " has a gradient");
                }
            }
        }
        assertArrayEquals(new long[] {1}, new long[] {agent.meanAction(new double[] {0.1, 0.2, 0.3}).length});
    }

    @Test
    void theMultilevelEstimatorNeedsAPowerOfTwoParticlesAndTrains() {
        SacConfig c = SacConfig.builder().hidden(16).batchSize(16).startSteps(32).bufferCapacity(1000).build();
        assertThrows(InvalidConfigException.class,
                () -> new SmacAgent(3, 1, c, 6, 2, MarginalEstimators.Estimator.MULTILEVEL, Rng.seeded(0)));
        SacResult r = SacTraining.builder(Pendulum::new).config(c)
                .agent((o, a, cfg, g) -> new SmacAgent(o, a, cfg, 8, 2, MarginalEstimators.Estimator.MULTILEVEL, g))
                .steps(90).evalEpisodes(1).build(Rng.seeded(0)).run();
        assertEquals(58, r.train().steps());
        assertTrue(Double.isFinite(r.finalReturn()) && r.finalReturn() < 0);
        assertTrue(r.alpha() < 1.0, "the temperature moved: " + r.alpha());
    }

    @Test
    void trainsThroughSacTraining() {
        SacConfig c = SacConfig.builder().hidden(16).batchSize(16).startSteps(32).bufferCapacity(1000).build();
        SacResult r = SacTraining.builder(Pendulum::new).config(c)
                .agent((o, a, cfg, g) -> new SmacAgent(o, a, cfg, 4, 2, g)).steps(90).evalEpisodes(1)
                .build(Rng.seeded(0)).run();
        assertEquals(58, r.train().steps());
        assertTrue(Double.isFinite(r.finalReturn()) && r.finalReturn() < 0);
        assertTrue(r.alpha() < 1.0, "the temperature moved: " + r.alpha());
    }
}
