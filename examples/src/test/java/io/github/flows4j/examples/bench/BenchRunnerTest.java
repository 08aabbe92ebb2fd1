package io.github.flows4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {

    /** Records the calls it receives. */
    private static class Counting implements BenchWorkload {
        final List<String> calls = new ArrayList<>();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public void setUp(Rng rng) {
            calls.add("setUp");
        }

        @Override
        public void runOnce() {
            calls.add("run");
        }
    }

    @Test
    void setsUpOnceWarmsUpThenTimesEachRepeat() {
        Counting w = new Counting();
        BenchResult r = BenchRunner.run(w, Rng.seeded(0), 4, 5, 2);
        assertEquals("setUp", w.calls.get(0));
        assertEquals(1 + 4 + 5, w.calls.size());
        assertEquals(5, r.repeats());
        assertEquals(2, r.threads());
        assertTrue(r.minMs() <= r.medianMs());
        assertThrows(InvalidConfigException.class, () -> BenchRunner.run(new Counting(), Rng.seeded(0), 2, 5, 1));
        assertThrows(InvalidConfigException.class, () -> BenchRunner.run(new Counting(), Rng.seeded(0), 3, 0, 1));
    }

    @Test
    void aWarmUpTimeKeepsWarmingUpUntilItHasPassed() throws Exception {
        Counting slow = new Counting() {
            @Override
            public void runOnce() {
                super.runOnce();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        long t0 = System.nanoTime();
        BenchRunner.run(slow, Rng.seeded(0), 3, 0.1, 2, 1);
        assertTrue(System.nanoTime() - t0 >= 100_000_000L);
        // 0.1 s of 5 ms runs: far more than the 3 required, then the 2 counted ones
        assertTrue(slow.calls.size() > 1 + 3 + 2 + 5, "calls: " + slow.calls.size());
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> BenchRunner.run(new Counting(), Rng.seeded(0), 3, -1.0, 5, 1));
        assertTrue(e.getMessage().contains("warmupSeconds"), e.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> BenchRunner.run(new Counting(), Rng.seeded(0), 3, Double.NaN, 5, 1));
    }

    @Test
    void allocationCountsTheHeapAndTheArraysThePoolCouldNotServe() {
        BenchWorkload w = new Counting() {
            private byte[] keep;

            @Override
            public void runOnce() {
                keep = new byte[1 << 20];
                // not recycled: each step's array is allocated anew, 4 × 1,000 floats
                io.github.flows4j.core.kernel.ArrayPool.uninitialized(
                        org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1000);
            }
        };
        io.github.flows4j.core.kernel.ArrayPool.clear();
        BenchAllocation a = BenchRunner.allocation(w, 5);
        assertEquals(5, a.steps());
        assertTrue(a.heapBytesPerStep() >= 1 << 20 && a.heapBytesPerStep() < 2 << 20, a.line());
        assertEquals(16_000.0, a.freshOffHeapPerStep(), a.line());
        assertThrows(InvalidConfigException.class, () -> BenchRunner.allocation(w, 0));
    }

    @Test
    void medianIsPythonsStatisticsMedian() {
        assertEquals(2.0, BenchRunner.median(new double[] {3, 1, 2}));
        assertEquals(2.5, BenchRunner.median(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, BenchRunner.median(new double[] {7}));
    }

    @Test
    void lineHasTorchRefFormatWithThreeDecimals() {
        assertEquals("bench=hvp impl=flows4j threads=2 median_ms=12.346 min_ms=0.500 repeats=20",
                new BenchResult("hvp", 2, 12.3456, 0.5, 20).line());
        assertThrows(InvalidConfigException.class, () -> new BenchResult("hvp", 1, 1, 2, 20));
    }

    @Test
    void registryCreatesKnownAndNamesUnknown() {
        BenchRegistry reg = BenchRegistry.standard();
        assertTrue(reg.names().contains("hvp"));
        assertEquals("hvp", reg.create("hvp").name());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> reg.create("nope"));
        assertEquals("unknown workload 'nope'; known workloads: " + String.join(", ", reg.names()), e.getMessage());
        assertTrue(reg.names().containsAll(java.util.List.of("mlp_step", "fm2d_step", "sample_rk4", "loglik_rk4",
                "hutchinson_2nd", "hvp", "cpflow_step")));
    }
}
