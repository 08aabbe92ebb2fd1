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

class AcrobotContinuousTest {
    /**
     * From (θ₁, θ₂, θ₁', θ₂') = (0.05, −0.03, 0.02, −0.01), torques 1, 1, −1, 0, 1: the states evaluated with NumPy 2.4
     * from Acrobot-v1's published equations and its rk4 step (Gymnasium's discrete torques, where the continuous
     * variant coincides with Gymnasium).
     */
    private static final double[][] EXPECTED = {
        {0.033939211630615466, 0.0101677904243258, -0.17583183080297707, 0.40177497965573855},
        {-0.01642416281603125, 0.12287860907462045, -0.3137046068686622, 0.6973507691058536},
        {-0.05823570977166058, 0.2071777409039149, -0.09412402565768388, 0.12639644688585383},
        {-0.06536140612945107, 0.2045821433819706, 0.024085800143970965, -0.15269957425229858},
        {-0.062473453226487896, 0.1824401837053729, 0.003554190589858331, -0.06455826937595294},
    };

    @Test
    void reproducesPublishedEquationsForAFixedTorqueSequence() {
        AcrobotContinuous env = new AcrobotContinuous();
        env.resetTo(0.05, -0.03, 0.02, -0.01);
        double[] torques = {1, 1, -1, 0, 1};
        for (int t = 0; t < torques.length; t++) {
            StepResult r = env.step(new double[] {torques[t]});
            assertArrayEquals(EXPECTED[t], env.state(), 1e-13, "state at step " + t);
            assertEquals(-1.0, r.reward());
            double[] s = env.state();
            assertArrayEquals(new double[] {(float) Math.cos(s[0]), (float) Math.sin(s[0]), (float) Math.cos(s[1]),
                (float) Math.sin(s[1]), (float) s[2], (float) s[3]}, r.observation(), 0);
        }
    }

    @Test
    void pumpingWithTheSecondJointReachesTheGoalAtThePublishedStep() {
        // τ = sign(θ₂') from the same state: NumPy gives termination at step 73 (return −72)
        AcrobotContinuous env = new AcrobotContinuous();
        env.resetTo(0.05, -0.03, 0.02, -0.01);
        double ret = 0;
        int steps = 0;
        StepResult r;
        do {
            r = env.step(new double[] {env.state()[3] >= 0 ? 1 : -1});
            ret += r.reward();
            steps++;
        } while (!r.done());
        assertTrue(r.terminated());
        assertEquals(73, steps);
        assertEquals(-72.0, ret);
        assertEquals(0.0, r.reward(), "the goal step is free");
        assertArrayEquals(new double[] {1.8226907391004723, 1.9235086356540203, 1.4254957184484531,
            -3.1990399364019177}, env.state(), 1e-9);
        double[] s = env.state();
        assertTrue(-Math.cos(s[0]) - Math.cos(s[1] + s[0]) > 1.0);
    }

    @Test
    void continuousTorqueIsClippedAndResetIsSmallAndTruncatesAt500() {
        AcrobotContinuous a = new AcrobotContinuous();
        AcrobotContinuous b = new AcrobotContinuous();
        a.resetTo(0.1, 0, 0, 0);
        b.resetTo(0.1, 0, 0, 0);
        assertEquals(a.step(new double[] {1}), b.step(new double[] {7}));
        double[] mid = a.step(new double[] {0.5}).observation();
        double[] lo = b.step(new double[] {0.0}).observation();
        assertFalse(java.util.Arrays.equals(mid, lo), "a continuous torque changes the dynamics");
        AcrobotContinuous env = new AcrobotContinuous();
        env.reset(Rng.seeded(2));
        for (double v : env.state()) {
            assertTrue(Math.abs(v) <= 0.1 && v == (float) v, "reset component " + v);
        }
        int steps = 0;
        StepResult r;
        do {
            r = env.step(new double[] {0});
            steps++;
        } while (!r.done());
        assertEquals(500, steps);
        assertTrue(r.truncated() && !r.terminated());
        assertEquals(6, r.observation().length);
        assertEquals(4, new MissingVelocity(new AcrobotContinuous()).observationSpace().dim());
    }

    @Test
    void badInputIsRejectedWithTypedErrors() {
        AcrobotContinuous env = new AcrobotContinuous();
        assertThrows(EpisodeStateException.class, () -> env.step(new double[] {0}));
        env.reset(Rng.seeded(0));
        assertThrows(ShapeMismatchException.class, () -> env.step(new double[] {0, 0}));
        assertThrows(NonFiniteException.class, () -> env.step(new double[] {Double.NaN}));
        assertThrows(ShapeMismatchException.class, () -> env.resetTo(1, 2));
    }
}
