package io.github.flows4j.core.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link Rng} is SplitMix64 with its own state: every stream must equal {@link SplittableRandom}'s, bit for bit. */
class RngTest {
    private static final long[] SEEDS = seeds();

    private static long[] seeds() {
        long[] s = new long[64];
        SplittableRandom meta = new SplittableRandom(12345);
        for (int i = 0; i < s.length; i++) {
            s[i] = i < 8 ? new long[] {0, 1, -1, 42, 7, Long.MAX_VALUE, Long.MIN_VALUE, 2024}[i] : meta.nextLong();
        }
        return s;
    }

    /** Draws a mixed sequence from both, comparing each value's bits. */
    private static void assertSameStreams(String where, Rng rng, SplittableRandom ref, int rounds) {
        for (int i = 0; i < rounds; i++) {
            assertEquals(ref.nextLong(), rng.nextLong(), where + " nextLong #" + i);
            assertEquals(Double.doubleToRawLongBits(ref.nextDouble()), Double.doubleToRawLongBits(rng.nextDouble()),
                    where + " nextDouble #" + i);
            assertEquals(Double.doubleToRawLongBits(ref.nextGaussian()),
                    Double.doubleToRawLongBits(rng.nextGaussian()), where + " nextGaussian #" + i);
            int bound = 1 + (i * 7919) % 1000;
            assertEquals(ref.nextInt(bound), rng.nextInt(bound), where + " nextInt(" + bound + ") #" + i);
            assertEquals(ref.nextInt(1 << 30 | 12345), rng.nextInt(1 << 30 | 12345), where + " nextInt(large) #" + i);
            double r = rng.rademacher(DataType.DOUBLE, 1).getDouble(0);
            assertEquals(ref.nextBoolean() ? 1.0 : -1.0, r, where + " nextBoolean #" + i);
        }
    }

    @Test
    void everyDrawEqualsSplittableRandomForManySeeds() {
        for (long seed : SEEDS) {
            assertSameStreams("seed " + seed, Rng.seeded(seed), new SplittableRandom(seed), 200);
        }
    }

    @Test
    void splitsEqualSplittableRandomSplits() {
        for (long seed : SEEDS) {
            Rng rng = Rng.seeded(seed);
            SplittableRandom ref = new SplittableRandom(seed);
            for (int depth = 0; depth < 4; depth++) {
                Rng child = rng.split();
                SplittableRandom refChild = ref.split();
                assertSameStreams("seed " + seed + " child " + depth, child, refChild, 20);
                Rng grandchild = child.split();
                assertSameStreams("seed " + seed + " grandchild " + depth, grandchild, refChild.split(), 20);
                assertSameStreams("seed " + seed + " parent after split " + depth, rng, ref, 5);
                rng = child;
                ref = refChild;
            }
        }
    }

    @Test
    void arrayDrawsEqualSplittableRandom() {
        for (long seed : SEEDS) {
            Rng rng = Rng.seeded(seed);
            SplittableRandom ref = new SplittableRandom(seed);
            double[] u = rng.uniform(-2, 3, DataType.DOUBLE, 5, 3).dup('c').data().asDouble();
            for (double v : u) {
                assertEquals(-2 + 5 * ref.nextDouble(), v, 0.0);
            }
            double[] n = rng.normal(DataType.DOUBLE, 17).data().asDouble();
            for (double v : n) {
                assertEquals(ref.nextGaussian(), v, 0.0);
            }
            double[] b = rng.bernoulli(0.3, DataType.DOUBLE, 11).data().asDouble();
            for (double v : b) {
                assertEquals(ref.nextDouble() < 0.3 ? 1.0 : 0.0, v, 0.0);
            }
            long[] ints = rng.randint(13, 9).data().asLong();
            for (long v : ints) {
                assertEquals(ref.nextInt(13), v);
            }
            int[] p = rng.permutation(10);
            int[] q = new int[10];
            for (int i = 0; i < 10; i++) {
                q[i] = i;
            }
            for (int i = 9; i > 0; i--) {
                int j = ref.nextInt(i + 1);
                int t = q[i];
                q[i] = q[j];
                q[j] = t;
            }
            assertArrayEquals(q, p, "permutation, seed " + seed);
        }
    }

    @Test
    void stateRestoresTheStreamExactly() {
        Rng rng = Rng.seeded(99);
        rng.normal(DataType.DOUBLE, 13);
        Rng child = rng.split();
        Rng.State s = rng.state();
        Rng.State cs = child.state();
        assertTrue((s.gamma() & 1) == 1 && (cs.gamma() & 1) == 1, "gammas are odd");
        Rng again = Rng.fromState(s);
        Rng childAgain = Rng.fromState(cs);
        for (int i = 0; i < 100; i++) {
            assertEquals(rng.nextLong(), again.nextLong());
            assertEquals(child.nextGaussian(), childAgain.nextGaussian(), 0.0);
        }
        assertEquals(rng.split().nextLong(), again.split().nextLong());
        assertEquals(rng.state(), again.state());
        assertEquals(new Rng.State(7, 0x9e3779b97f4a7c15L), Rng.seeded(7).state());
    }

    @Test
    void evenGammaIsRejected() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new Rng.State(1, 2));
        assertTrue(e.getMessage().startsWith("gamma must be odd"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> Rng.fromState(null));
    }
}
