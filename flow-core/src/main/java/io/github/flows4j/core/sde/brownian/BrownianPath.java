package io.github.flows4j.core.sde.brownian;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * A sample path of a {@code [batch, m]} Brownian motion on {@code [t0, t1]}, queryable on any interval: the
 * control that drives an SDE solve. Queries must be <em>consistent</em> — the increment over {@code [s, u]} equals
 * the sum of those over {@code [s, t]} and {@code [t, u]} — and <em>reproducible</em>, so that a solve at another
 * step size, or an adjoint walking the steps backward, sees the same path.
 *
 * <p>Each of the {@code batch} rows is an independent Brownian motion of dimension {@code m}: one sample path per
 * trajectory of the batch. {@link VirtualBrownianTree} is the implementation flows4j provides.
 *
 * <pre>{@code
 * BrownianPath w = VirtualBrownianTree.of(0.0, 1.0, 256, 2, 42);     // [256, 2], seed 42
 * BrownianIncrement dw = w.increment(0.1, 0.2);
 * }</pre>
 */
public interface BrownianPath {

    /** @return the start of the interval the path is defined on */
    double t0();

    /** @return the end of the interval the path is defined on */
    double t1();

    /** @return the number of independent paths (rows) */
    long batch();

    /** @return the dimension {@code m} of each path */
    long dim();

    /** @return the data type of the increments */
    DataType dtype();

    /** @return whether {@link #increment} also returns the space-time Lévy area (strong-order-1.5 solvers need it) */
    boolean hasSpaceTimeLevyArea();

    /**
     * @param s the interval's start, {@code t0() <= s}
     * @param t the interval's end, {@code s < t <= t1()}
     * @return {@code W(t) − W(s)}, {@code [batch, m]}, and the space-time Lévy area if available
     * @throws io.github.flows4j.core.InvalidConfigException if {@code [s, t]} is empty or leaves {@code [t0, t1]}
     */
    BrownianIncrement increment(double s, double t);
}
