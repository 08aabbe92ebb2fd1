package io.github.flows4j.rl.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WrappersTest {
    @Test
    void missingVelocityDropsTheVelocityComponents() {
        Env p = new MissingVelocity(new Pendulum());
        assertEquals(2, p.observationSpace().dim());
        Pendulum full = new Pendulum();
        double[] a = p.reset(Rng.seeded(4));
        double[] b = full.reset(Rng.seeded(4));
        assertArrayEquals(new double[] {b[0], b[1]}, a);
        StepResult ra = p.step(new double[] {1});
        StepResult rb = full.step(new double[] {1});
        assertArrayEquals(new double[] {rb.observation()[0], rb.observation()[1]}, ra.observation());
        assertEquals(rb.reward(), ra.reward());
        Env car = new MissingVelocity(new MountainCarContinuous());
        assertEquals(1, car.reset(Rng.seeded(0)).length);
        assertThrows(InvalidConfigException.class, () -> new MissingVelocity(car));
    }

    @Test
    void flickerBlanksAboutPOfTheObservations() {
        Env env = new Flicker(new Pendulum(), 0.3);
        env.reset(Rng.seeded(1));
        int zero = 0;
        int n = 0;
        for (int e = 0; e < 10; e++) {
            if (e > 0) {
                env.reset(Rng.seeded(100 + e));
            }
            StepResult r;
            do {
                r = env.step(new double[] {0.5});
                double[] o = r.observation();
                if (o[0] == 0 && o[1] == 0 && o[2] == 0) {
                    zero++;
                }
                n++;
            } while (!r.done());
        }
        double frac = (double) zero / n;
        // 2000 Bernoulli(0.3) draws: sd 0.0102
        assertEquals(0.3, frac, 0.05, "fraction blanked");
        assertThrows(InvalidConfigException.class, () -> new Flicker(new Pendulum(), 1.5));
    }

    @Test
    void noiseHasTheRequestedStandardDeviationAndKeepsRewards() {
        Env noisy = new ObservationNoise(new Pendulum(), 0.1);
        Pendulum clean = new Pendulum();
        noisy.reset(Rng.seeded(2));
        clean.reset(Rng.seeded(2));
        double s2 = 0;
        int n = 0;
        StepResult r;
        do {
            r = noisy.step(new double[] {1});
            StepResult c = clean.step(new double[] {1});
            assertEquals(c.reward(), r.reward());
            for (int i = 0; i < 3; i++) {
                double d = r.observation()[i] - c.observation()[i];
                s2 += d * d;
                n++;
            }
        } while (!r.done());
        assertEquals(0.1, Math.sqrt(s2 / n), 0.01);
        assertThrows(InvalidConfigException.class, () -> new ObservationNoise(new Pendulum(), -1));
    }

    @Test
    void wrappersReplayFromTheSameStream() {
        Env a = new Flicker(new ObservationNoise(new Pendulum(), 0.2), 0.5);
        Env b = new Flicker(new ObservationNoise(new Pendulum(), 0.2), 0.5);
        assertArrayEquals(a.reset(Rng.seeded(9)), b.reset(Rng.seeded(9)));
        for (int t = 0; t < 20; t++) {
            assertEquals(a.step(new double[] {0.1 * t}), b.step(new double[] {0.1 * t}));
        }
    }

    @Test
    void vectorEnvMatchesSingleCopiesAndAutoResets() {
        VectorEnv envs = new VectorEnv(Pendulum::new, 3);
        INDArray obs = envs.reset(Rng.seeded(5), DataType.DOUBLE);
        assertArrayEquals(new long[] {3, 3}, obs.shape());
        Rng root = Rng.seeded(5);
        Pendulum[] singles = new Pendulum[3];
        Rng[] streams = new Rng[3];
        for (int i = 0; i < 3; i++) {
            singles[i] = new Pendulum();
            streams[i] = root.split();
            assertArrayEquals(singles[i].reset(streams[i]), obs.getRow(i).toDoubleVector());
        }
        for (int t = 0; t < 200; t++) {
            VectorStep s = envs.step(Nd4j.valueArrayOf(new long[] {3, 1}, 0.3, DataType.DOUBLE));
            for (int i = 0; i < 3; i++) {
                StepResult r = singles[i].step(new double[] {0.3});
                assertEquals(r.reward(), s.reward()[i]);
                assertArrayEquals(r.observation(), s.finalObservation().getRow(i).toDoubleVector());
                if (t == 199) {
                    assertTrue(s.truncated()[i]);
                    assertArrayEquals(singles[i].reset(streams[i]), s.observation().getRow(i).toDoubleVector());
                }
            }
        }
        assertThrows(ShapeMismatchException.class, () -> envs.step(Nd4j.zeros(DataType.DOUBLE, 2, 1)));
        assertThrows(EpisodeStateException.class,
                () -> new VectorEnv(Pendulum::new, 2).step(Nd4j.zeros(DataType.DOUBLE, 2, 1)));
    }
}
