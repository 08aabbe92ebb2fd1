package io.github.flows4j.rl.gfn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
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
