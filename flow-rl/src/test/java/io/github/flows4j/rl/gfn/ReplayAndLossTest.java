package io.github.flows4j.rl.gfn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;

class ReplayAndLossTest {
    @Test
    void replayKeepsTheNewestAndReturnsStoredTrajectories() {
        Hypergrid g = Hypergrid.of(2, 4, 0.1);
        TrajectoryReplay replay = new TrajectoryReplay(g, 3);
        assertThrows(InvalidConfigException.class, () -> replay.sample(1, Rng.seeded(0)));
        replay.add(Trajectories.of(g, new int[][] {{2}, {0, 2}}));
        replay.add(Trajectories.of(g, new int[][] {{1, 2}, {0, 0, 2}}));
        assertEquals(3, replay.size());
        Trajectories s = replay.sample(50, Rng.seeded(1));
        boolean sawNewest = false;
        for (int b = 0; b < s.batchSize(); b++) {
            int x = s.terminalState(b);
            assertTrue(x != 0, "the oldest trajectory (stop at s0) was overwritten");
            sawNewest |= x == g.index(2, 0);
        }
        assertTrue(sawNewest);
        Trajectories both = TrajectoryReplay.concat(Trajectories.of(g, new int[][] {{2}}), s);
        assertEquals(51, both.batchSize());
        assertArrayEquals(s.actionSequences()[7], both.actionSequences()[8]);
    }

    @Test
    void stepLossCountsTrajectoriesAndMixesReplay() {
        Hypergrid g = Hypergrid.of(2, 4, 0.1);
        GFlowNet gfn = GFlowNet.builder(g).hidden(8).stateFlow(false).build(Rng.seeded(0));
        TrajectoryReplay replay = new TrajectoryReplay(g, 100);
        GFlowNetLoss step = GFlowNetLoss.builder(new TrajectorySampler(g, Exploration.ON_POLICY),
                new TrajectoryBalance()).batchSize(5).replay(replay, 3).build();
        Rng rng = Rng.seeded(2);
        assertTrue(step.loss(gfn, rng).item() > 0);
        assertTrue(step.loss(gfn, rng).item() > 0);
        assertEquals(10, step.trajectoriesSampled());
        assertEquals(10, replay.size());
        GFlowNetLoss db = GFlowNetLoss.builder(new TrajectorySampler(g, Exploration.ON_POLICY),
                new DetailedBalance()).build();
        assertThrows(IllegalStateException.class, () -> db.loss(gfn, rng));
        assertThrows(InvalidConfigException.class, () -> GFlowNetLoss.builder(
                new TrajectorySampler(g, Exploration.ON_POLICY), new TrajectoryBalance()).batchSize(0).build());
    }
}
