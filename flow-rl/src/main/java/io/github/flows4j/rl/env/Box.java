package io.github.flows4j.rl.env;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;

/**
 * A continuous box {low ≤ x ≤ high} (componentwise), Gymnasium's {@code spaces.Box}: the action or observation
 * space of an {@link Env}. Bounds may be infinite; the arrays are copied in and out.
 *
 * <pre>{@code
 * Box torque = Box.of(new double[] {-2}, new double[] {2});
 * double[] a = torque.clip(new double[] {3.5});     // [2.0]
 * }</pre>
 *
 * @param low  lower bounds, [dim]
 * @param high upper bounds, [dim], each &ge; its lower bound
 */
public record Box(double[] low, double[] high) {
    /** @throws InvalidConfigException if the lengths differ, are 0, a bound is NaN or low &gt; high */
    public Box {
        if (low == null || high == null) {
            throw InvalidConfigException.of(low == null ? "low" : "high", "non-null", null);
        }
        if (low.length == 0 || low.length != high.length) {
            throw InvalidConfigException.of("high", "the same length as low (" + low.length + " >= 1)",
                    high.length);
        }
        low = low.clone();
        high = high.clone();
        for (int i = 0; i < low.length; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i]) || low[i] > high[i]) {
                throw InvalidConfigException.of("low[" + i + "], high[" + i + "]", "not NaN with low <= high",
                        low[i] + ", " + high[i]);
            }
        }
    }

    /**
     * @param low  lower bounds
     * @param high upper bounds
     * @return the box
     */
    public static Box of(double[] low, double[] high) {
        return new Box(low, high);
    }

    /**
     * @param dim   the dimension, &ge; 1
     * @param bound the bound b &gt; 0
     * @return [−b, b]^dim
     */
    public static Box symmetric(int dim, double bound) {
        if (dim < 1) {
            throw InvalidConfigException.of("dim", ">= 1", dim);
        }
        if (!(bound > 0)) {
            throw InvalidConfigException.of("bound", "> 0", bound);
        }
        double[] hi = new double[dim];
        Arrays.fill(hi, bound);
        double[] lo = new double[dim];
        Arrays.fill(lo, -bound);
        return new Box(lo, hi);
    }

    @Override
    public double[] low() {
        return low.clone();
    }

    @Override
    public double[] high() {
        return high.clone();
    }

    /** @return the dimension */
    public int dim() {
        return low.length;
    }

    /**
     * @param i a component
     * @return its lower bound
     */
    public double low(int i) {
        return low[i];
    }

    /**
     * @param i a component
     * @return its upper bound
     */
    public double high(int i) {
        return high[i];
    }

    /**
     * @param x a point of this box's dimension
     * @return whether every component lies within its bounds
     */
    public boolean contains(double[] x) {
        if (x.length != low.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= low[i] && x[i] <= high[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param x a point of this box's dimension
     * @return a copy with each component clipped into its bounds (NumPy's {@code np.clip})
     */
    public double[] clip(double[] x) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.min(Math.max(y[i], low[i]), high[i]);
        }
        return y;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ")";
    }
}
