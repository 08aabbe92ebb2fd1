package io.github.flows4j.rl.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReplayBufferTest {

    /** Step i: obs (i, 10i), action (−i), reward i, nextObs (i+1, 10(i+1)), done when i is a multiple of 5. */
    private static void addStep(ReplayBuffer b, int i) {
        b.add(Nd4j.createFromArray((double) i, 10.0 * i), Nd4j.createFromArray(new double[][] {{-i}}), i,
                Nd4j.createFromArray(i + 1.0, 10.0 * (i + 1)), i % 5 == 0);
    }

    private static Set<Integer> rewards(Transitions t) {
        Set<Integer> s = new TreeSet<>();
        for (double r : HostArrays.toDoubles(t.reward())) {
            s.add((int) r);
        }
        return s;
    }

    @Test
    void ringOverwritesTheOldestTransitions() {
        ReplayBuffer b = new ReplayBuffer(3, 2, 1, DataType.DOUBLE);
        for (int i = 0; i < 5; i++) {
            addStep(b, i);
            assertEquals(Math.min(i + 1, 3), b.size());
        }
        Transitions all = b.sample(3, Rng.seeded(0));
        assertEquals(Set.of(2, 3, 4), rewards(all));
        // every row is one consistent transition
        double[] obs = HostArrays.toDoubles(all.obs());
        double[] act = HostArrays.toDoubles(all.action());
        double[] r = HostArrays.toDoubles(all.reward());
        double[] next = HostArrays.toDoubles(all.nextObs());
        double[] done = HostArrays.toDoubles(all.done());
        for (int k = 0; k < 3; k++) {
            int i = (int) r[k];
            assertArrayEquals(new double[] {i, 10.0 * i}, Arrays.copyOfRange(obs, 2 * k, 2 * k + 2));
            assertEquals(-i, act[k]);
            assertArrayEquals(new double[] {i + 1, 10.0 * (i + 1)}, Arrays.copyOfRange(next, 2 * k, 2 * k + 2));
            assertEquals(i % 5 == 0 ? 1.0 : 0.0, done[k]);
        }
    }

    @Test
    void addAllMatchesRowByRowAddsIncludingWrapAndOverflow() {
        ReplayBuffer rowWise = new ReplayBuffer(4, 2, 1, DataType.DOUBLE);
        ReplayBuffer batched = new ReplayBuffer(4, 2, 1, DataType.DOUBLE);
        addStep(rowWise, 100);
        addStep(batched, 100);
        for (int i = 0; i < 7; i++) {
            addStep(rowWise, i);
        }
        double[][] o = new double[7][];
        double[][] a = new double[7][];
        double[][] r = new double[7][];
        double[][] n = new double[7][];
        double[][] d = new double[7][];
        for (int i = 0; i < 7; i++) {
            o[i] = new double[] {i, 10.0 * i};
            a[i] = new double[] {-i};
            r[i] = new double[] {i};
            n[i] = new double[] {i + 1, 10.0 * (i + 1)};
            d[i] = new double[] {i % 5 == 0 ? 1 : 0};
        }
        batched.addAll(new Transitions(Nd4j.createFromArray(o), Nd4j.createFromArray(a), Nd4j.createFromArray(r),
                Nd4j.createFromArray(n), Nd4j.createFromArray(d)));
        assertEquals(rowWise.size(), batched.size());
        Transitions x = rowWise.sample(4, Rng.seeded(3));
        Transitions y = batched.sample(4, Rng.seeded(3));
        assertEquals(Set.of(3, 4, 5, 6), rewards(x));
        assertArrayEquals(HostArrays.toDoubles(x.obs()), HostArrays.toDoubles(y.obs()));
        assertArrayEquals(HostArrays.toDoubles(x.done()), HostArrays.toDoubles(y.done()));
    }

    @Test
    void samplingIsSeededAndWithoutReplacement() {
        ReplayBuffer b = new ReplayBuffer(1000, 2, 1, DataType.FLOAT);
        for (int i = 0; i < 1500; i++) {
            b.add(Nd4j.createFromArray((float) i, 10f * i), Nd4j.createFromArray((float) -i), i,
                    Nd4j.createFromArray(i + 1f, 10f * (i + 1)), false);
        }
        Transitions s1 = b.sample(256, Rng.seeded(42));
        Transitions s2 = b.sample(256, Rng.seeded(42));
        Transitions s3 = b.sample(256, Rng.seeded(43));
        assertArrayEquals(HostArrays.toDoubles(s1.obs()), HostArrays.toDoubles(s2.obs()));
        assertNotEquals(Arrays.toString(HostArrays.toDoubles(s1.reward())),
                Arrays.toString(HostArrays.toDoubles(s3.reward())));
        Set<Double> seen = new HashSet<>();
        for (double r : HostArrays.toDoubles(s1.reward())) {
            assertTrue(seen.add(r), "reward " + r + " drawn twice");
            assertTrue(r >= 500 && r < 1500, "reward " + r + " should have been overwritten");
        }
        assertEquals(DataType.FLOAT, s1.obs().dataType());
        // a full draw is a permutation of everything stored
        assertEquals(1000, rewards(b.sample(1000, Rng.seeded(1))).size());
    }

    @Test
    void shapesTypesAndSizesAreChecked() {
        ReplayBuffer b = new ReplayBuffer(10, 3, 2, DataType.FLOAT);
        INDArray o = Nd4j.zeros(DataType.FLOAT, 3);
        INDArray a = Nd4j.zeros(DataType.FLOAT, 1, 2);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> b.add(Nd4j.zeros(DataType.FLOAT, 4), a, 0, o, false));
        assertEquals("obs must have shape [3] or [1, 3]; got [4]", e.getMessage());
        assertThrows(ShapeMismatchException.class, () -> b.add(o, Nd4j.zeros(DataType.FLOAT, 2, 2), 0, o, false));
        assertThrows(DTypeMismatchException.class, () -> b.add(o, a, 0, o.castTo(DataType.DOUBLE), false));
        assertThrows(InvalidConfigException.class, () -> b.sample(1, Rng.seeded(0)));
        b.add(o, a, 1, o, true);
        assertThrows(InvalidConfigException.class, () -> b.sample(2, Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> new ReplayBuffer(0, 3, 2, DataType.FLOAT));
        assertThrows(ShapeMismatchException.class, () -> new Transitions(Nd4j.zeros(DataType.FLOAT, 4, 3),
                Nd4j.zeros(DataType.FLOAT, 4, 2), Nd4j.zeros(DataType.FLOAT, 4), Nd4j.zeros(DataType.FLOAT, 4, 3),
                Nd4j.zeros(DataType.FLOAT, 4, 1)));
    }

    @Test
    void storedValuesAreCopies() {
        ReplayBuffer b = new ReplayBuffer(2, 2, 1, DataType.DOUBLE);
        INDArray o = Nd4j.createFromArray(1.0, 2.0);
        b.add(o, Nd4j.createFromArray(0.5), 3, o, false);
        o.assign(-7);
        assertArrayEquals(new double[] {1, 2}, HostArrays.toDoubles(b.sample(1, Rng.seeded(0)).obs()));
    }

    @Test
    void stateRoundTripRestoresContentsCursorAndSampling(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        ReplayBuffer a = new ReplayBuffer(5, 2, 1, DataType.FLOAT);
        for (int i = 0; i < 7; i++) {      // wraps around: cursor 2, size 5
            a.add(Nd4j.createFromArray((float) i, (float) -i), Nd4j.createFromArray((float) i), i,
                    Nd4j.createFromArray((float) i + 1, 0f), i % 3 == 0);
        }
        java.util.Map<String, Long> counters = new java.util.LinkedHashMap<>();
        java.util.Map<String, INDArray> buffers = new java.util.LinkedHashMap<>();
        a.saveState("replay/", counters, buffers);
        java.nio.file.Path file = dir.resolve("replay.ckpt");
        io.github.flows4j.core.io.Checkpoint.save(file, new io.github.flows4j.core.nn.Module() { }, null,
                new io.github.flows4j.core.io.Checkpoint.Extras(counters, buffers));
        io.github.flows4j.core.io.Checkpoint.Extras x = io.github.flows4j.core.io.Checkpoint.read(file).extras();
        ReplayBuffer b = new ReplayBuffer(5, 2, 1, DataType.FLOAT);
        b.loadState("replay/", x.counters(), x.buffers());
        assertEquals(5, b.size());
        Transitions ta = a.sample(5, Rng.seeded(4));
        Transitions tb = b.sample(5, Rng.seeded(4));
        assertArrayEquals(ta.obs().dup().reshape(-1).toFloatVector(), tb.obs().dup().reshape(-1).toFloatVector());
        assertArrayEquals(ta.done().dup().reshape(-1).toFloatVector(), tb.done().dup().reshape(-1).toFloatVector());
        float[] next = {7, -7};
        a.add(Nd4j.createFromArray(next), Nd4j.createFromArray(1f), 0, Nd4j.createFromArray(next), false);
        b.add(Nd4j.createFromArray(next), Nd4j.createFromArray(1f), 0, Nd4j.createFromArray(next), false);
        assertArrayEquals(a.sample(5, Rng.seeded(5)).obs().dup().reshape(-1).toFloatVector(),
                b.sample(5, Rng.seeded(5)).obs().dup().reshape(-1).toFloatVector(), "same cursor after restore");
        ReplayBuffer other = new ReplayBuffer(6, 2, 1, DataType.FLOAT);
        assertThrows(ShapeMismatchException.class, () -> other.loadState("replay/", x.counters(), x.buffers()));
        assertThrows(InvalidConfigException.class, () -> b.loadState("nope/", x.counters(), x.buffers()));
    }
}
