package io.github.flows4j.examples.bench;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;

/**
 * Times a workload as WORKLOADS.md prescribes: set up once, run {@code warmup} uncounted repetitions (at least 3),
 * then time {@code repeats} repetitions one by one with {@link System#nanoTime()} and report their median (the mean
 * of the two middle ones for an even count, as Python's {@code statistics.median}) and minimum.
 *
 * <pre>{@code
 * BenchResult r = BenchRunner.run(new HvpWorkload(), Rng.seeded(0), 3, 20, 1);
 * }</pre>
 */
public final class BenchRunner {
    /** The fewest warm-up repetitions a fair comparison allows. */
    public static final int MIN_WARMUP = 3;

    private BenchRunner() {
    }

    /**
     * @param workload the workload, not yet set up
     * @param rng      passed to {@link BenchWorkload#setUp}
     * @param warmup   uncounted repetitions, &ge; {@value #MIN_WARMUP}
     * @param repeats  counted repetitions, &ge; 1
     * @param threads  the thread count to report (already applied by the caller)
     * @return the timing
     * @throws InvalidConfigException if warmup or repeats is too small
     */
    public static BenchResult run(BenchWorkload workload, Rng rng, int warmup, int repeats, int threads) {
        if (warmup < MIN_WARMUP) {
            throw InvalidConfigException.of("warmup", ">= " + MIN_WARMUP, warmup);
        }
        if (repeats < 1) {
            throw InvalidConfigException.of("repeats", ">= 1", repeats);
        }
        workload.setUp(rng);
        for (int i = 0; i < warmup; i++) {
            workload.runOnce();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            workload.runOnce();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return new BenchResult(workload.name(), threads, median(ms), Arrays.stream(ms).min().orElseThrow(), repeats);
    }

    /**
     * @param values at least one value; not modified
     * @return the median (mean of the two middle values for an even count)
     */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw InvalidConfigException.of("values", "non-empty", "[]");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
