package io.github.flows4j.rl.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SequenceReplayTest {
    /** Observation of step t of episode e: (e, t); action a_t = (e + t/100); reward 10e + t; memory (e, t, −t). */
    private static double[] obs(int e, int t) {
        return new double[] {e, t};
    }

    private static double[] act(int e, int t) {
        return new double[] {e + t / 100.0};
    }

    private static double[] mem(int e, int t) {
        return t == 0 ? new double[3] : new double[] {e, t, -t};
    }

    /** Writes episode e of n transitions; terminated at the end if {@code term}, else truncated. */
    private static void episode(SequenceReplay r, int e, int n, boolean term) {
        r.begin(obs(e, 0), mem(e, 0));
        for (int t = 0; t < n; t++) {
            r.add(act(e, t), 10 * e + t, term && t == n - 1, obs(e, t + 1), mem(e, t + 1), t == n - 1);
        }
    }

    /** Checks that every piece is one episode's consecutive steps, with the stored actions, rewards and memory. */
    private static void checkPieces(Sequences s, Map<Integer, Integer> lengths, Map<Integer, Boolean> terminal) {
        int len = s.length();
        for (int i = 0; i < s.batch(); i++) {
            int e = (int) s.obs().getDouble(0, i, 0);
            int t0 = (int) s.obs().getDouble(0, i, 1);
            assertEquals(t0, s.offsets()[i]);
            assertArrayEquals(mem(e, t0), s.memory().getRow(i).toDoubleVector(), 1e-6, "memory at the start");
            assertTrue(t0 + len <= lengths.get(e), "piece " + t0 + "+" + len + " inside episode " + e);
            for (int t = 0; t <= len; t++) {
                assertArrayEquals(obs(e, t0 + t), new double[] {s.obs().getDouble(t, i, 0), s.obs().getDouble(t, i, 1)},
                        "one episode, consecutive steps");
                double prev = t0 + t == 0 ? 0 : act(e, t0 + t - 1)[0];
                assertEquals(prev, s.prevAction().getDouble(t, i, 0), 1e-6);
                if (t < len) {
                    assertEquals(act(e, t0 + t)[0], s.action().getDouble(t, i, 0), 1e-6);
                    assertEquals(10 * e + t0 + t, s.reward().getDouble(t, i, 0), 1e-6);
                    boolean last = t0 + t == lengths.get(e) - 1;
                    assertEquals(last && terminal.get(e) ? 1.0 : 0.0, s.terminated().getDouble(t, i, 0));
                }
            }
        }
    }

    @Test
    void piecesRoundTripAndNeverCrossAnEpisodeBoundary() {
        SequenceReplay r = new SequenceReplay(1000, 2, 1, 3, DataType.DOUBLE);
        Map<Integer, Integer> lengths = new HashMap<>();
        Map<Integer, Boolean> terminal = new HashMap<>();
        int[] ns = {5, 3, 7, 4};
        for (int e = 1; e <= ns.length; e++) {
            episode(r, e, ns[e - 1], e % 2 == 0);
            lengths.put(e, ns[e - 1]);
            terminal.put(e, e % 2 == 0);
        }
        assertEquals(5 + 3 + 7 + 4 + 4, r.size(), "every observation, the final ones included");
        Sequences s = r.sample(400, 4, Rng.seeded(1));
        assertArrayEquals(new long[] {5, 400, 2}, s.obs().shape());
        assertArrayEquals(new long[] {4, 400, 1}, s.action().shape());
        assertArrayEquals(new long[] {400, 3}, s.memory().shape());
        checkPieces(s, lengths, terminal);
        Set<String> starts = new HashSet<>();
        for (int i = 0; i < s.batch(); i++) {
            starts.add(s.episodes()[i] + ":" + s.offsets()[i]);
        }
        // valid starts: episode 1 (5 steps) 0..1, episode 2 (3 steps) none, episode 3 (7) 0..3, episode 4 (4) 0
        assertEquals(Set.of("1:0", "1:1", "3:0", "3:1", "3:2", "3:3", "4:0"), starts);
        assertArrayEquals(r.sample(16, 4, Rng.seeded(2)).obs().dup().reshape(-1).toDoubleVector(),
                r.sample(16, 4, Rng.seeded(2)).obs().dup().reshape(-1).toDoubleVector(), "seeded");
    }

    @Test
    void theRingOverwritesTheOldestStepsAndPiecesStayInsideOneEpisode() {
        SequenceReplay r = new SequenceReplay(12, 2, 1, 3, DataType.FLOAT);
        Map<Integer, Integer> lengths = new HashMap<>();
        Map<Integer, Boolean> terminal = new HashMap<>();
        for (int e = 1; e <= 6; e++) {
            episode(r, e, 3 + e % 3, false);
            lengths.put(e, 3 + e % 3);
            terminal.put(e, false);
        }
        assertEquals(12, r.size());
        Sequences s = r.sample(300, 3, Rng.seeded(3));
        checkPieces(s, lengths, terminal);
        for (long e : s.episodes()) {
            assertTrue(e >= 5, "only the last episodes are still whole enough: " + e);
        }
        // an open episode: its stored steps can be replayed before it ends
        r.begin(obs(7, 0), mem(7, 0));
        for (int t = 0; t < 4; t++) {
            r.add(act(7, t), 70 + t, false, obs(7, t + 1), mem(7, t + 1), false);
        }
        lengths.put(7, 4);
        terminal.put(7, false);
        checkPieces(r.sample(100, 4, Rng.seeded(4)), lengths, terminal);
    }

    private static float[] flat(INDArray a) {
        return a.dup().reshape(-1).toFloatVector();
    }

    @Test
    void saveAndLoadRoundTrip() {
        SequenceReplay r = new SequenceReplay(50, 2, 1, 3, DataType.FLOAT);
        for (int e = 1; e <= 5; e++) {
            episode(r, e, 6 + e, e == 3);
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        r.saveState("replay/", counters, arrays);
        SequenceReplay copy = new SequenceReplay(50, 2, 1, 3, DataType.FLOAT);
        copy.loadState("replay/", counters, arrays);
        assertEquals(r.size(), copy.size());
        assertEquals(r.episodes(), copy.episodes());
        Sequences a = r.sample(32, 5, Rng.seeded(5));
        Sequences b = copy.sample(32, 5, Rng.seeded(5));
        assertArrayEquals(flat(a.obs()), flat(b.obs()));
        assertArrayEquals(flat(a.memory()), flat(b.memory()));
        assertArrayEquals(flat(a.terminated()), flat(b.terminated()));
        assertThrows(IllegalStateException.class, () -> copy.add(act(9, 0), 0, false, obs(9, 1), mem(9, 1), false),
                "no episode is open after a load");
        assertThrows(ShapeMismatchException.class,
                () -> new SequenceReplay(60, 2, 1, 3, DataType.FLOAT).loadState("replay/", counters, arrays));
    }

    @Test
    void badInputIsATypedError() {
        assertThrows(InvalidConfigException.class, () -> new SequenceReplay(1, 2, 1, 3, DataType.FLOAT));
        assertThrows(InvalidConfigException.class, () -> new SequenceReplay(10, 0, 1, 3, DataType.FLOAT));
        assertThrows(InvalidConfigException.class, () -> new SequenceReplay(10, 2, 1, 3, DataType.INT32));
        SequenceReplay r = new SequenceReplay(100, 2, 1, 3, DataType.FLOAT);
        assertThrows(IllegalStateException.class, () -> r.add(act(1, 0), 0, false, obs(1, 1), mem(1, 1), false));
        assertThrows(ShapeMismatchException.class, () -> r.begin(new double[3], mem(1, 0)));
        episode(r, 1, 3, true);
        assertThrows(IllegalStateException.class, () -> r.add(act(1, 3), 0, false, obs(1, 4), mem(1, 4), false),
                "the episode ended");
        assertThrows(IllegalStateException.class, () -> r.sample(4, 4, Rng.seeded(1)), "no piece of 4 transitions");
        assertThrows(InvalidConfigException.class, () -> r.sample(4, 0, Rng.seeded(1)));
        r.begin(obs(2, 0), mem(2, 0));
        assertThrows(ShapeMismatchException.class, () -> r.add(new double[2], 0, false, obs(2, 1), mem(2, 1), false));
    }
}
