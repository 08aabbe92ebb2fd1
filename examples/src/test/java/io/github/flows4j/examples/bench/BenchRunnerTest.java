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
    private static final class Counting implements BenchWorkload {
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
