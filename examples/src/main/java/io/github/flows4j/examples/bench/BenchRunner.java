package io.github.flows4j.examples.bench;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;

/**
 * Times a workload as WORKLOADS.md prescribes: set up once, run uncounted warm-up repetitions — at least
 * {@code warmup} (at least 3) and, with the overload that takes it, until {@code warmupSeconds} have passed, so that
 * the JVM's JIT has compiled the step (PyTorch needs no such time; a training run pays it once, in its first
 * seconds) — then time {@code repeats} repetitions one by one with {@link System#nanoTime()} and report their median
 * (the mean of the two middle ones for an even count, as Python's {@code statistics.median}) and minimum.
 *
 * <pre>{@code
 * BenchResult r = BenchRunner.run(new HvpWorkload(), Rng.seeded(0), 3, 20, 1);
 * BenchResult warm = BenchRunner.run(new HvpWorkload(), Rng.seeded(0), 3, 2.0, 20, 1);
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
        return run(workload, rng, warmup, 0.0, repeats, threads);
    }

    /**
     * As {@link #run(BenchWorkload, Rng, int, int, int)}, warming up for at least {@code warmupSeconds} as well.
     *
     * @param workload      the workload
     * @param rng           the seeded generator for its inputs and weights
     * @param warmup        the least number of uncounted repetitions, &ge; {@value #MIN_WARMUP}
     * @param warmupSeconds the least warm-up time in seconds, &ge; 0
     * @param repeats       counted repetitions, &ge; 1
     * @param threads       the thread count, reported in the result
     * @return the median and minimum of the counted repetitions
     * @throws InvalidConfigException if a count or the time is out of range
     */
    public static BenchResult run(BenchWorkload workload, Rng rng, int warmup, double warmupSeconds, int repeats,
            int threads) {
        if (warmup < MIN_WARMUP) {
            throw InvalidConfigException.of("warmup", ">= " + MIN_WARMUP, warmup);
        }
        if (repeats < 1) {
            throw InvalidConfigException.of("repeats", ">= 1", repeats);
        }
        if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds)) {
            throw InvalidConfigException.of("warmupSeconds", ">= 0 and finite", warmupSeconds);
        }
        workload.setUp(rng);
        long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() - until < 0; i++) {
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
     * Runs {@code steps} more steps of a workload that {@link #run} has set up and warmed, and measures what they
     * allocate: Java-heap bytes on this thread and off-heap bytes of arrays the array pool could not serve.
     *
     * <pre>{@code
     * BenchWorkload w = new HvpWorkload();
     * BenchRunner.run(w, Rng.seeded(0), 3, 20, 1);
     * BenchAllocation a = BenchRunner.allocation(w, 20);
     * }</pre>
     *
     * @param workload a workload already set up
     * @param steps    how many steps to measure, &ge; 1
     * @return the bytes per step
     * @throws InvalidConfigException if steps &lt; 1
     */
    public static BenchAllocation allocation(BenchWorkload workload, int steps) {
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long heap0 = mx.getCurrentThreadAllocatedBytes();
        long fresh0 = io.github.flows4j.core.kernel.ArrayPool.freshBytes();
        for (int i = 0; i < steps; i++) {
            workload.runOnce();
        }
        long heap = mx.getCurrentThreadAllocatedBytes() - heap0;
        long fresh = io.github.flows4j.core.kernel.ArrayPool.freshBytes() - fresh0;
        return new BenchAllocation(workload.name(), (double) heap / steps, (double) fresh / steps, steps);
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
