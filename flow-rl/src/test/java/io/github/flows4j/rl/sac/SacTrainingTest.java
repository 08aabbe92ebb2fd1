package io.github.flows4j.rl.sac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainingDivergedException;
import io.github.flows4j.rl.env.Box;
import io.github.flows4j.rl.env.Env;
import io.github.flows4j.rl.env.Pendulum;
import io.github.flows4j.rl.env.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SacTrainingTest {
    private static SacConfig small() {
        return SacConfig.builder().hidden(64, 64).batchSize(64).startSteps(400).lr(2e-3).bufferCapacity(10_000).build();
    }

    @Test
    void shortRunOnPendulumBeatsTheRandomPolicy() {
        Pendulum probe = new Pendulum();
        Rng r = Rng.seeded(77);
        double[] random = Evaluation.returns(probe, o -> new double[] {-2 + 4 * r.nextDouble()}, 10, Rng.seeded(5));
        double randomMean = Evaluation.point(0, random).meanReturn();
        SacResult res = SacTraining.builder(Pendulum::new).config(small()).steps(3400).evalEvery(1000)
                .evalEpisodes(5).build(Rng.seeded(0)).run();
        assertEquals(3000, res.train().steps());
        assertEquals(0, res.curve().get(0).envSteps());
        assertEquals(3400, res.curve().get(res.curve().size() - 1).envSteps());
        double untrained = res.curve().get(0).meanReturn();
        double last = res.finalReturn();
        assertTrue(last > randomMean + 400 && last > untrained + 400,
                "SAC after 3,400 steps: " + last + "; untrained " + untrained + ", random " + randomMean + "; curve "
                        + res.curve());
        assertTrue(res.updatesPerSecond() > 0);
    }

    /** An environment whose rewards are NaN: the critic loss becomes NaN at the first update. */
    private static final class NanReward implements Env {
        private final Pendulum inner = new Pendulum();

        @Override
        public Box actionSpace() {
            return inner.actionSpace();
        }

        @Override
        public Box observationSpace() {
            return inner.observationSpace();
        }

        @Override
        public int maxEpisodeSteps() {
            return inner.maxEpisodeSteps();
        }

        @Override
        public double[] reset(Rng rng) {
            return inner.reset(rng);
        }

        @Override
        public StepResult step(double[] action) {
            StepResult r = inner.step(action);
            return new StepResult(r.observation(), Double.NaN, r.terminated(), r.truncated());
        }

        @Override
        public String name() {
            return "NanReward";
        }
    }

    @Test
    void nanLossStopsTrainingWithATypedError() {
        SacConfig c = SacConfig.builder().hidden(8).batchSize(16).startSteps(16).build();
        SacTraining t = SacTraining.builder(NanReward::new).config(c).steps(100).build(Rng.seeded(0));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, t::run);
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("step 1"), e.getMessage());
    }

    @Test
    void checkpointRoundTripRestoresWeightsAndBuffer(@TempDir Path dir) throws Exception {
        SacConfig c = SacConfig.builder().hidden(8).batchSize(16).startSteps(32).bufferCapacity(1000).build();
        Path ckpt = dir.resolve("sac.ckpt");
        SacTraining first = SacTraining.builder(Pendulum::new).config(c).steps(60).checkpoint(ckpt, 0)
                .evalEpisodes(1).build(Rng.seeded(3));
        first.run();
        assertTrue(Files.exists(ckpt) && Files.exists(Path.of(ckpt + SacTraining.SIDE_SUFFIX)));
        SacTraining second = SacTraining.builder(Pendulum::new).config(c).steps(60).checkpoint(ckpt, 0)
                .evalEpisodes(1).build(Rng.seeded(99));
        SacResult r = second.resume(ckpt);
        assertEquals(28, r.train().steps(), "already at the end: nothing more to do");
        for (var e : first.agent().module().parameters().entrySet()) {
            assertArrayEquals(e.getValue().value().dup().reshape(-1).toFloatVector(),
                    second.agent().module().parameters().get(e.getKey()).value().dup().reshape(-1).toFloatVector(),
                    e.getKey());
        }
        assertEquals(first.buffer().size(), second.buffer().size());
        assertArrayEquals(first.buffer().sample(16, Rng.seeded(1)).obs().dup().reshape(-1).toFloatVector(),
                second.buffer().sample(16, Rng.seeded(1)).obs().dup().reshape(-1).toFloatVector());
        // a longer run continues from the checkpoint
        SacTraining third = SacTraining.builder(Pendulum::new).config(c).steps(80).evalEpisodes(1)
                .build(Rng.seeded(99));
        SacResult longer = third.resume(ckpt);
        assertEquals(48, longer.train().steps());
        assertEquals(80, longer.curve().get(longer.curve().size() - 1).envSteps());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(InvalidConfigException.class,
                () -> SacTraining.builder(Pendulum::new).steps(500).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> SacConfig.builder().tau(0).build());
        assertThrows(InvalidConfigException.class, () -> SacConfig.builder().gamma(1).build());
        assertThrows(InvalidConfigException.class, () -> SacConfig.builder().batchSize(512).startSteps(100).build());
    }
}
