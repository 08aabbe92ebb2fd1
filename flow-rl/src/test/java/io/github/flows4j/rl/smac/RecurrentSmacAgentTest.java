package io.github.flows4j.rl.smac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.Sequences;
import io.github.flows4j.rl.env.Env;
import io.github.flows4j.rl.env.MissingVelocity;
import io.github.flows4j.rl.env.Pendulum;
import io.github.flows4j.rl.env.StepResult;
import io.github.flows4j.rl.sac.Evaluation;
import io.github.flows4j.rl.sac.SacAgent;
import io.github.flows4j.rl.sac.SacConfig;
import io.github.flows4j.rl.sac.SacLosses;
import io.github.flows4j.rl.sac.SacResult;
import io.github.flows4j.rl.sac.SacTraining;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RecurrentSmacAgentTest {
    private static SacConfig small(DataType t) {
        return SacConfig.builder().hidden(16).batchSize(24).startSteps(24).bufferCapacity(5000).dtype(t).build();
    }

    private static RecurrentSmacConfig settings(int particles) {
        return RecurrentSmacConfig.builder().particles(particles).length(6).burnIn(2).deterDim(8).stochDim(3)
                .beliefHidden(16).build();
    }

    private static RecurrentSmacAgent agent(DataType t, int particles, long seed) {
        return new RecurrentSmacAgent(2, 1, small(t), settings(particles), Rng.seeded(seed));
    }

    /** Fills the agent's replay with random-action steps on Pendulum without velocity (the belief carried). */
    private static BeliefExperience collect(RecurrentSmacAgent agent, int steps, long seed) {
        BeliefExperience x = (BeliefExperience) agent.experience(agent.config(), 2, 1);
        Env env = new MissingVelocity(new Pendulum());
        Rng rng = Rng.seeded(seed);
        x.begin(env.reset(rng), rng);
        for (int i = 0; i < steps; i++) {
            double[] a = {-1 + 2 * rng.nextDouble()};
            StepResult r = env.step(SacAgent.toEnvAction(a, env.actionSpace()));
            x.step(a, r, rng);
            if (r.done()) {
                x.begin(env.reset(rng), rng);
            }
        }
        return x;
    }

    @Test
    @SuppressWarnings("try")
    void lossesAreScalarsAndSeeded() {
        for (MarginalEstimators.Estimator est : MarginalEstimators.Estimator.values()) {
            double[] totals = new double[2];
            for (int run = 0; run < 2; run++) {
                RecurrentSmacConfig s = RecurrentSmacConfig.builder().particles(4).estimator(est).length(6).burnIn(2)
                        .deterDim(8).stochDim(3).beliefHidden(16).build();
                RecurrentSmacAgent a = new RecurrentSmacAgent(2, 1, small(DataType.DOUBLE), s, Rng.seeded(1));
                BeliefExperience x = collect(a, 250, 2);
                try (TensorScope sc = TensorScope.open()) {
                    SacLosses l = x.losses(24, Rng.seeded(3), Rng.seeded(4));
                    for (Tensor part : new Tensor[] {l.critic(), l.actor(), l.total()}) {
                        assertEquals(1, part.length());
                        assertTrue(Double.isFinite(part.item()));
                    }
                    totals[run] = l.total().item();
                }
            }
            assertEquals(totals[0], totals[1], 0, est + ": the same seeds give the same losses");
        }
        assertEquals(6, settings(4).piecesFor(24), "24 rows in pieces of 4 rows after the burn-in");
    }

    @Test
    @SuppressWarnings("try")
    void theBeliefLearnsFromItsElboAloneAndTargetsGetNoGradient() {
        RecurrentSmacAgent a = agent(DataType.DOUBLE, 4, 5);
        BeliefExperience x = collect(a, 300, 6);
        Sequences seq = x.replay().sample(5, 6, Rng.seeded(7));
        Map<String, double[]> fromTotal = new HashMap<>();
        try (TensorScope sc = TensorScope.open()) {
            a.parameters().values().forEach(Tensor::zeroGrad);
            a.losses(seq, Rng.seeded(8)).total().backward();
            for (Map.Entry<String, Tensor> e : a.parameters().entrySet()) {
                if (e.getKey().startsWith("target.")) {
                    assertNull(e.getValue().grad(), e.getKey());
                } else {
                    assertTrue(e.getValue().grad() != null, e.getKey() + " has a gradient");
                    fromTotal.put(e.getKey(), e.getValue().grad().dup().reshape(-1).toDoubleVector());
                }
            }
        }
        double norm = 0;
        for (Map.Entry<String, double[]> e : fromTotal.entrySet()) {
            if (e.getKey().startsWith("belief.")) {
                for (double v : e.getValue()) {
                    norm += v * v;
                }
            }
        }
        assertTrue(norm > 1e-8, "the belief's parameters get a gradient: |g|² = " + norm);
        try (TensorScope sc = TensorScope.open()) {
            a.parameters().values().forEach(Tensor::zeroGrad);
            int h = a.settings().deterDim();
            RecurrentBelief.State start = new RecurrentBelief.State(
                    Tensor.constant(seq.memory().get(NDArrayIndex.all(), NDArrayIndex.interval(0, h)).dup()),
                    Tensor.constant(seq.memory().get(NDArrayIndex.all(), NDArrayIndex.interval(h, h + 3)).dup()));
            // the same first draws as inside losses(): the ELBO is built first from the stream
            a.belief().elbo(start, Tensor.constant(seq.obs()), Tensor.constant(seq.prevAction()), Rng.seeded(8))
                    .elbo().neg().backward();
            for (Map.Entry<String, Tensor> e : a.belief().parameters().entrySet()) {
                double[] g = e.getValue().grad().dup().reshape(-1).toDoubleVector();
                assertArrayEquals(fromTotal.get("belief." + e.getKey()), g, 1e-12,
                        "belief." + e.getKey() + ": the actor and critic losses see the features detached");
            }
        }
    }

    @Test
    void theBeliefIsCarriedAcrossStepsAndStoredWithEachObservation() {
        RecurrentSmacAgent a = agent(DataType.DOUBLE, 2, 9);
        BeliefExperience x = (BeliefExperience) a.experience(a.config(), 2, 1);
        Env env = new MissingVelocity(new Pendulum());
        Rng rng = Rng.seeded(10);
        Map<String, double[]> beliefBefore = new HashMap<>();
        double[] o0 = env.reset(rng);
        RecurrentSmacAgent.Acting fresh = a.newActing();
        fresh.observe(o0, Rng.seeded(11));
        x.begin(o0, Rng.seeded(11));
        assertArrayEquals(fresh.memory(), x.belief(), 0, "an episode starts from the initial belief");
        long episode = 1;
        int t = 0;
        for (int i = 0; i < 230; i++) {
            double[] before = x.belief();
            double[] act = x.act(rng);
            StepResult r = env.step(SacAgent.toEnvAction(act, env.actionSpace()));
            beliefBefore.put(episode + ":" + (t + 1), before);
            x.step(act, r, rng);
            t++;
            if (r.done()) {
                assertEquals(200, t, "Pendulum's time limit");
                assertThrows(IllegalStateException.class, () -> x.act(Rng.seeded(0)), "no acting after the end");
                x.begin(env.reset(rng), rng);
                episode++;
                t = 0;
            } else {
                assertNotEquals(before[0], x.belief()[0], "the belief moves with each observation");
            }
        }
        Sequences s = x.replay().sample(200, 6, Rng.seeded(12));
        int starts = 0;
        for (int i = 0; i < s.batch(); i++) {
            double[] m = s.memory().getRow(i).toDoubleVector();
            if (s.offsets()[i] == 0) {
                assertArrayEquals(new double[m.length], m, 0, "the initial state is stored at an episode start");
                starts++;
            } else {
                assertArrayEquals(beliefBefore.get(s.episodes()[i] + ":" + s.offsets()[i]), m, 1e-12,
                        "the stored state is the belief the observation was filtered from");
            }
        }
        assertTrue(starts < s.batch());
    }

    @Test
    void evaluationEpisodesStartFromAFreshBelief() {
        RecurrentSmacAgent a = agent(DataType.FLOAT, 2, 13);
        double[] o = {0.6, -0.8};
        Function<double[], double[]> first = a.evaluationEpisode();
        Function<double[], double[]> second = a.evaluationEpisode();
        double[] a1 = first.apply(o);
        assertArrayEquals(a1, second.apply(o), 0, "deterministic, and each episode starts afresh");
        assertNotEquals(a1[0], first.apply(o)[0], "within an episode the belief has moved");
        assertTrue(Math.abs(a1[0]) < 1);
    }

    @Test
    void badInputIsATypedError() {
        assertThrows(InvalidConfigException.class, () -> RecurrentSmacConfig.builder().length(2).burnIn(2).build());
        assertThrows(InvalidConfigException.class, () -> RecurrentSmacConfig.builder().particles(6)
                .estimator(MarginalEstimators.Estimator.MULTILEVEL).build());
        assertThrows(InvalidConfigException.class, () -> RecurrentSmacConfig.builder().obsStd(0).build());
        RecurrentSmacAgent a = agent(DataType.FLOAT, 2, 14);
        assertThrows(ShapeMismatchException.class, () -> a.experience(a.config(), 3, 1));
        BeliefExperience x = collect(a, 100, 15);
        assertThrows(ShapeMismatchException.class, () -> a.losses(x.replay().sample(4, 5, Rng.seeded(1)),
                Rng.seeded(2)));
        assertThrows(ShapeMismatchException.class, () -> a.evaluationEpisode().apply(new double[3]));
    }

    @Test
    void trainingRunsAreSeeded() {
        double[][] finals = new double[2][];
        for (int run = 0; run < 2; run++) {
            SacResult r = SacTraining.builder(() -> new MissingVelocity(new Pendulum())).config(small(DataType.FLOAT))
                    .agent((o, act, c, g) -> new RecurrentSmacAgent(o, act, c, settings(4), g)).steps(54)
                    .evalEpisodes(1).build(Rng.seeded(16)).run();
            assertEquals(30, r.train().steps());
            finals[run] = new double[] {r.finalReturn(), r.alpha()};
        }
        assertArrayEquals(finals[0], finals[1], 0);
    }

    /** Random-policy return on the same evaluation episodes, for the learning tests. */
    static double randomReturn(Env env, int episodes) {
        Rng r = Rng.seeded(77);
        return Evaluation.point(0, Evaluation.returns(env, o -> new double[] {-2 + 4 * r.nextDouble()}, episodes,
                Rng.seeded(5))).meanReturn();
    }
}
