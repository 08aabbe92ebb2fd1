package io.github.flows4j.rl.gfn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class HypergridTest {
    @Test
    void rewardHasTheModesOfThePapers() {
        Hypergrid g = Hypergrid.of(2, 8, 0.01);
        // |s/7 - 0.5| > 0.25 for s in {0, 1, 6, 7}; in (0.3, 0.4) for s in {1, 6}
        assertEquals(0.01 + 0.5 + 2.0, g.reward(g.index(1, 6)), 1e-15);
        assertEquals(0.01 + 0.5, g.reward(g.index(0, 7)), 1e-15);
        assertEquals(0.01, g.reward(g.index(3, 4)), 1e-15);
        assertEquals(0.01, g.reward(g.index(1, 3)), 1e-15);
        int modes = 0;
        for (int s = 0; s < g.stateCount(); s++) {
            modes += g.reward(s) > 2 ? 1 : 0;
        }
        assertEquals(4, modes); // one ring cell per corner: s_i ∈ {1, 6}
    }

    @Test
    void cornerMassesOfAUniformPolicyMatchAHandComputation() {
        // H = 4: |s/3 - 0.5| > 0.25 only for s in {0, 3}, so each corner region is one state
        Hypergrid g = Hypergrid.of(2, 4, 0.1);
        assertEquals(0, g.corner(g.index(0, 0)));
        assertEquals(1, g.corner(g.index(3, 0)));
        assertEquals(2, g.corner(g.index(0, 3)));
        assertEquals(3, g.corner(g.index(3, 3)));
        assertEquals(-1, g.corner(g.index(1, 3)));
        assertEquals(-1, g.corner(g.index(2, 2)));
        double[][] uniform = new double[g.stateCount()][g.forwardActionCount()];
        double[] pt = TerminalDistribution.fromLogProbs(g, uniform).probabilities();
        // stop at the origin: 1/3; three steps along axis 0 (1/3 each), then stop among {up, stop}: 1/27 · 1/2;
        // (3, 3): 17/324 (enumerated over the 16 states with exact fractions; the 16 masses sum to 1)
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 54, 1.0 / 54, 17.0 / 324}, g.cornerMasses(pt), 1e-12);
        // target: R = 0.6 on the 4 corners, 0.1 on the 12 others, Z = 3.6, so 1/6 per corner
        assertArrayEquals(new double[] {1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6}, g.cornerMasses(g.rewardDistribution()),
                1e-12);
        // H = 8: each region is 2 x 2 states, {0, 1} or {6, 7} per axis
        Hypergrid h = Hypergrid.of(2, 8, 0.01);
        assertEquals(1, h.corner(h.index(6, 1)));
        assertEquals(2, h.corner(h.index(0, 7)));
        assertEquals(-1, h.corner(h.index(2, 7)));
        double[] ones = new double[h.stateCount()];
        Arrays.fill(ones, 1);
        assertArrayEquals(new double[] {4, 4, 4, 4}, h.cornerMasses(ones), 0);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> h.cornerMasses(new double[3]));
        assertTrue(e.getMessage().contains("distribution.length"), e.getMessage());
    }

    @Test
    void logPartitionAndTargetAreNormalised() {
        Hypergrid g = Hypergrid.of(3, 5, 0.1);
        double z = 0;
        for (int s = 0; s < g.stateCount(); s++) {
            z += g.reward(s);
        }
        assertEquals(Math.log(z), g.logPartition(), 1e-12);
        double sum = 0;
        for (double p : g.rewardDistribution()) {
            sum += p;
        }
        assertEquals(1, sum, 1e-12);
    }

    @Test
    void indicesStepsAndBackwardStepsAgree() {
        Hypergrid g = Hypergrid.of(3, 4, 0.1);
        for (int s = 0; s < g.stateCount(); s++) {
            assertEquals(s, g.index(g.coordinates(s)));
            for (int a = 0; a < g.dim(); a++) {
                if (g.isValidForward(s, a)) {
                    int c = g.step(s, a);
                    assertTrue(c > s);
                    assertEquals(s, g.backwardStep(c, g.backwardActionOf(s, a)));
                }
            }
            assertTrue(g.isValidForward(s, g.stopAction()));
        }
        assertFalse(g.isValidBackward(g.initialState(), 0));
        assertEquals(3 * 3 + 1, g.maxTrajectoryLength());
    }

    @Test
    void masksAgreeWithTheDefaultDefinition() {
        Hypergrid g = Hypergrid.of(3, 3, 0.1);
        // the interface's default masks, every other method answered by the hypergrid
        DiscreteEnvironment generic = (DiscreteEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DiscreteEnvironment.class}, (proxy, m, args) -> m.isDefault()
                        ? InvocationHandler.invokeDefault(proxy, m, args) : m.invoke(g, args));
        int[] all = new int[g.stateCount()];
        for (int s = 0; s < all.length; s++) {
            all[s] = s;
        }
        assertEquals(generic.forwardMask(all, DataType.DOUBLE), g.forwardMask(all, DataType.DOUBLE));
        assertEquals(generic.backwardMask(all, DataType.DOUBLE), g.backwardMask(all, DataType.DOUBLE));
    }

    @Test
    void encodingIsOneHotPerAxis() {
        Hypergrid g = Hypergrid.of(2, 3, 0.1);
        INDArray x = g.encode(new int[] {g.index(2, 1)}, DataType.DOUBLE);
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 0}, x.toDoubleVector(), 0);
    }

    @Test
    void badInputThrowsTypedErrorsNamingTheArgument() {
        Hypergrid g = Hypergrid.of(2, 3, 0.1);
        int corner = g.index(2, 0);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> g.step(corner, 0));
        assertTrue(e.getMessage().contains("action"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> g.step(0, g.stopAction()));
        assertThrows(InvalidConfigException.class, () -> g.backwardStep(0, 1));
        assertThrows(InvalidConfigException.class, () -> g.isValidForward(0, 7));
        assertThrows(InvalidConfigException.class, () -> g.isValidForward(99, 0));
        assertTrue(assertThrows(InvalidConfigException.class, () -> Hypergrid.of(2, 1, 0.1)).getMessage()
                .contains("height"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> Hypergrid.of(2, 8, 0)).getMessage()
                .contains("r0"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> Hypergrid.of(2, 8, -1)).getMessage()
                .contains("r0"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> new Hypergrid(2, 8, 0.1, -0.5, 2)).getMessage()
                .contains("r1"));
        assertTrue(assertThrows(InvalidConfigException.class, () -> Hypergrid.of(0, 8, 0.1)).getMessage()
                .contains("dim"));
        InvalidConfigException t = assertThrows(InvalidConfigException.class,
                () -> Trajectories.of(g, new int[][] {{0, 0, 0, 2}}));
        assertTrue(t.getMessage().contains("actions[0][2]"), t.getMessage());
        assertThrows(InvalidConfigException.class, () -> Trajectories.of(g, new int[][] {{0, 1}}));
        assertThrows(InvalidConfigException.class, () -> Trajectories.of(g, new int[][] {{2, 2}}));
        assertThrows(InvalidConfigException.class, () -> new Exploration(1.5, 1));
        assertThrows(InvalidConfigException.class, () -> new Exploration(0, 0));
        assertThrows(InvalidConfigException.class, () -> new SubTrajectoryBalance(0));
    }
}
