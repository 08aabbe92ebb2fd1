package io.github.flows4j.examples.bench;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Locale;

/**
 * The timing of one workload, printed as the line torch_ref.py prints (milliseconds with three decimals):
 * {@code bench=<name> impl=flows4j threads=<n> median_ms=<x> min_ms=<y> repeats=<r>}.
 *
 * <pre>{@code
 * BenchResult r = new BenchResult("hvp", 1, 12.3456, 11.9, 20);
 * r.line();     // "bench=hvp impl=flows4j threads=1 median_ms=12.346 min_ms=11.900 repeats=20"
 * }</pre>
 *
 * @param name     the workload's name
 * @param threads  the thread count it ran with, &ge; 1
 * @param medianMs the median of the counted repetitions, in ms
 * @param minMs    the fastest counted repetition, in ms
 * @param repeats  how many repetitions were counted, &ge; 1
 */
public record BenchResult(String name, int threads, double medianMs, double minMs, int repeats) {
    /**
     * @throws InvalidConfigException if a count is below 1 or a time is negative or not finite
     */
    public BenchResult {
        if (threads < 1) {
            throw InvalidConfigException.of("threads", ">= 1", threads);
        }
        if (repeats < 1) {
            throw InvalidConfigException.of("repeats", ">= 1", repeats);
        }
        if (!(minMs >= 0 && Double.isFinite(minMs) && medianMs >= minMs && Double.isFinite(medianMs))) {
            throw InvalidConfigException.of("times", "finite with 0 <= min <= median", minMs + ", " + medianMs);
        }
    }

    /** @return the result line, in torch_ref.py's format */
    public String line() {
        return String.format(Locale.ROOT, "bench=%s impl=flows4j threads=%d median_ms=%.3f min_ms=%.3f repeats=%d",
                name, threads, medianMs, minMs, repeats);
    }
}
