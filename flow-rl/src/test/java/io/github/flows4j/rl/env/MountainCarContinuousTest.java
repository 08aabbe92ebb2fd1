package io.github.flows4j.rl.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;

class MountainCarContinuousTest {
    /**
     * From (x, v) = (−0.5, 0), float32 actions 1, 1, −0.3, 2 (clipped force, unclipped cost), 0.5; expected values
     * (x, v stored as float32, reward) evaluated with NumPy 2.4 from MountainCarContinuous-v0's published equations.
     */
    private static final double[][] EXPECTED = {
        {-0.4986768364906311, 0.0013231569901108742, -0.1},
        {-0.4960404336452484, 0.0026364168152213097, -0.1},
        {-0.4940604567527771, 0.0019799645524472, -0.009000000715255752},
        {-0.49080175161361694, 0.003258716780692339, -0.4},
        {-0.48703861236572266, 0.0037631355226039886, -0.025},
    };

    @Test
    void reproducesPublishedEquationsForAFixedActionSequence() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.resetTo(-0.5, 0);
        double[] actions = {1.0, 1.0, -0.3, 2.0, 0.5};
        for (int t = 0; t < actions.length; t++) {
            StepResult r = env.step(new double[] {actions[t]});
            double[] e = EXPECTED[t];
            assertArrayEquals(new double[] {e[0], e[1]}, r.observation(), 1e-12, "observation at step " + t);
            assertEquals(e[2], r.reward(), 1e-15, "reward at step " + t);
            assertFalse(r.done());
        }
    }

    @Test
    void firstStepByHand() {
        // v = 0 + 1·0.0015 − 0.0025 cos(−1.5), x = −0.5 + v, both then rounded to float32
        MountainCarContinuous env = new MountainCarContinuous();
        env.resetTo(-0.5, 0);
        StepResult r = env.step(new double[] {1.0});
        double v = 0.0015 - 0.0025 * Math.cos(-1.5);
        assertEquals(v, r.observation()[1], 1e-9);
        assertEquals(-0.5 + v, r.observation()[0], 1e-7);
    }

    @Test
    void bangBangPolicyReachesTheGoalAtThePublishedStep() {
        // a = +1 when v >= 0 else −1 from (−0.5, 0): NumPy gives termination at step 106, return 89.4,
        // final state (0.5020867586135864, 0.0640476867556572)
        MountainCarContinuous env = new MountainCarContinuous();
        double[] obs = env.resetTo(-0.5, 0);
        double ret = 0;
        int steps = 0;
        StepResult r;
        do {
            r = env.step(new double[] {obs[1] >= 0 ? 1.0 : -1.0});
            obs = r.observation();
            ret += r.reward();
            steps++;
        } while (!r.done());
        assertTrue(r.terminated());
        assertFalse(r.truncated());
        assertEquals(106, steps);
        assertEquals(89.40000000000003, ret, 1e-9);
        assertArrayEquals(new double[] {0.5020867586135864, 0.0640476867556572}, obs, 1e-12);
        assertThrows(EpisodeStateException.class, () -> env.step(new double[] {0}));
    }

    @Test
    void leftWallIsInelastic() {
        MountainCarContinuous env = new MountainCarContinuous();
        env.resetTo(-1.1, -0.05);
        env.step(new double[] {-1});
        env.step(new double[] {-1});
        double[] o = env.step(new double[] {-1}).observation();
        assertEquals((float) -1.2, o[0], 0);
        assertEquals(0.0, o[1], 0);
    }

    @Test
    void truncatesAt999StepsAndResetDrawsFromTheRange() {
        MountainCarContinuous env = new MountainCarContinuous();
        double[] obs = env.reset(Rng.seeded(1));
        assertTrue(obs[0] >= -0.6 && obs[0] < -0.4 && obs[1] == 0, java.util.Arrays.toString(obs));
        int steps = 0;
        StepResult r;
        do {
            r = env.step(new double[] {0});
            steps++;
        } while (!r.done());
        assertEquals(999, steps);
        assertTrue(r.truncated() && !r.terminated());
    }

    @Test
    void badInputIsRejectedWithTypedErrors() {
        MountainCarContinuous env = new MountainCarContinuous();
        assertThrows(EpisodeStateException.class, () -> env.step(new double[] {0}));
        env.reset(Rng.seeded(0));
        assertThrows(ShapeMismatchException.class, () -> env.step(new double[0]));
        assertThrows(NonFiniteException.class, () -> env.step(new double[] {Double.NaN}));
    }
}
