package io.github.flows4j.cnf.compression;

/**
 * The conditional intensity {@code lambda(t | H_t)} of a temporal point process: the event rate at time {@code t}
 * given the events before it.
 *
 * <pre>{@code
 * ConditionalIntensity hawkes = (t, events, n) -> {
 *     double rate = 0.5;
 *     for (int i = 0; i < n; i++) {
 *         rate += 0.8 * Math.exp(-2 * (t - events[i]));
 *     }
 *     return rate;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ConditionalIntensity {
    /**
     * @param t       the time
     * @param events  event times in increasing order
     * @param history how many of {@code events} lie strictly before {@code t}
     * @return the rate, finite and &gt;= 0
     */
    double rate(double t, double[] events, int history);
}
