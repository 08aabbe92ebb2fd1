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

class PendulumTest {
    /**
     * From (θ, θ') = (3.0, −0.5), actions 2, −2, 0.7, 5 (clipped to 2), −1.3 as float32; expected values evaluated
     * with NumPy 2.4 from Pendulum-v1's published equations (θ, θ', reward, then the float32 observation).
     */
    private static final double[][] EXPECTED = {
        {2.995292000302245, -0.09415999395509961, -9.02900000018999, -0.9893171191215515, 0.1457793116569519,
            -0.09415999054908752},
        {2.981050724775928, -0.2848255105263395, -8.976660777710773, -0.9871407747268677, 0.15985319018363953,
            -0.28482550382614136},
        {2.9780539436400897, -0.05993562271676797, -8.895265980837557, -0.9866573214530945, 0.16281071305274963,
            -0.05993562191724777},
        {2.996162564234468, 0.36217241188756766, -8.873164519307323, -0.9894436597824097, 0.14491799473762512,
            0.3621724247932434},
        {3.0099556098973745, 0.275860913258132, -8.991796996859701, -0.9913483262062073, 0.13125719130039215,
            0.27586090564727783},
    };

    @Test
    void reproducesPublishedEquationsForAFixedActionSequence() {
        Pendulum env = new Pendulum();
        env.resetTo(3.0, -0.5);
        double[] actions = {2.0, -2.0, 0.7, 5.0, -1.3};
        for (int t = 0; t < actions.length; t++) {
            StepResult r = env.step(new double[] {actions[t]});
            double[] e = EXPECTED[t];
            assertEquals(e[0], env.state()[0], 1e-13, "theta at step " + t);
            assertEquals(e[1], env.state()[1], 1e-13, "thetaDot at step " + t);
            assertEquals(e[2], r.reward(), 1e-12, "reward at step " + t);
            assertArrayEquals(new double[] {e[3], e[4], e[5]}, r.observation(), 1e-7, "observation at step " + t);
            assertFalse(r.done());
        }
    }

    @Test
    void firstStepByHand() {
        // θ' = −0.5 + (15 sin 3 + 3·2)·0.05, θ = 3 + θ'·0.05, reward = −((3 − π + 2π mod 2π − π)² + 0.1·0.25 + 0.004)
        Pendulum env = new Pendulum();
        env.resetTo(3.0, -0.5);
        StepResult r = env.step(new double[] {2.0});
        double thetaDot = -0.5 + (15 * Math.sin(3.0) + 6) * 0.05;
        assertEquals(thetaDot, env.state()[1], 1e-15);
        assertEquals(3.0 + thetaDot * 0.05, env.state()[0], 1e-15);
        double angle = 3.0; // already in [−π, π)
        assertEquals(-(angle * angle + 0.1 * 0.25 + 0.001 * 4), r.reward(), 1e-6);
    }

    @Test
    void invariantsOverAnEpisodeAndTimeLimit() {
        Pendulum env = new Pendulum();
        Rng rng = Rng.seeded(3);
        double[] obs = env.reset(rng);
        assertTrue(env.observationSpace().contains(obs));
        assertTrue(Math.abs(env.state()[1]) <= 1 && Math.abs(env.state()[0]) <= Math.PI);
        int steps = 0;
        StepResult r;
        do {
            r = env.step(new double[] {rng.nextDouble() * 6 - 3});
            steps++;
            double[] o = r.observation();
            assertEquals(1.0, o[0] * o[0] + o[1] * o[1], 1e-6);
            assertTrue(Math.abs(o[2]) <= 8, "speed is clipped to 8");
            assertTrue(r.reward() <= 0 && r.reward() >= -16.2736044, "reward in [-16.27, 0]: " + r.reward());
            assertFalse(r.terminated());
        } while (!r.done());
        assertEquals(200, steps);
        assertTrue(r.truncated());
        assertThrows(EpisodeStateException.class, () -> env.step(new double[] {0}));
    }

    @Test
    void sameRngGivesSameEpisode() {
        Pendulum a = new Pendulum();
        Pendulum b = new Pendulum();
        assertArrayEquals(a.reset(Rng.seeded(7)), b.reset(Rng.seeded(7)));
        assertEquals(a.step(new double[] {1}), b.step(new double[] {1}));
    }

    @Test
    void outOfBoundsActionIsClippedAsGymnasiumDoes() {
        Pendulum a = new Pendulum();
        Pendulum b = new Pendulum();
        a.resetTo(1.0, 0.2);
        b.resetTo(1.0, 0.2);
        assertEquals(a.step(new double[] {2.0}), b.step(new double[] {40.0}));
    }

    @Test
    void angleNormalizationIsFloorModulo() {
        assertEquals(-Math.PI + 0.5, Pendulum.normalizeAngle(Math.PI + 0.5), 1e-12);
        assertEquals(Math.PI - 0.5, Pendulum.normalizeAngle(-Math.PI - 0.5), 1e-12);
        assertEquals(0.25, Pendulum.normalizeAngle(0.25 + 4 * Math.PI), 1e-12);
    }

    @Test
    void badInputIsRejectedWithTypedErrors() {
        Pendulum env = new Pendulum();
        assertThrows(EpisodeStateException.class, () -> env.step(new double[] {0}), "step before reset");
        env.reset(Rng.seeded(0));
        ShapeMismatchException s = assertThrows(ShapeMismatchException.class, () -> env.step(new double[] {0, 1}));
        assertTrue(s.getMessage().contains("action must have shape [1]"), s.getMessage());
        assertThrows(ShapeMismatchException.class, () -> env.step(null));
        NonFiniteException n = assertThrows(NonFiniteException.class, () -> env.step(new double[] {Double.NaN}));
        assertTrue(n.getMessage().contains("action"), n.getMessage());
        assertThrows(NonFiniteException.class, () -> env.step(new double[] {Double.POSITIVE_INFINITY}));
        // a rejected action leaves the episode running
        assertEquals(3, env.step(new double[] {0}).observation().length);
    }
}
