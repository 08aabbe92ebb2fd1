package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.Arrays;

/**
 * The times a solve starts at and reports the state at: {@code t_0, t_1, ..., t_n}, strictly increasing (forward in
 * time) or strictly decreasing (backward in time). The solve starts at {@code t_0} with {@code y0} and returns the
 * state at every {@code t_i}; intermediate times are served by dense interpolation and do not constrain the steps.
 *
 * <p>Times built {@link #of(Tensor) from a tensor} that requires a gradient receive one: the sensitivity of the
 * state at {@code t_i} to {@code t_i} is {@code f(t_i, y(t_i))}, and to {@code t_0} it is
 * {@code −Φ(t_i, t_0) f(t_0, y_0)}.
 *
 * <pre>{@code
 * TimeSpan forward = TimeSpan.of(0.0, 1.0);
 * TimeSpan grid = TimeSpan.of(0.0, 0.25, 0.5, 1.0);
 * TimeSpan backward = TimeSpan.of(1.0, 0.0);         // integrates from t = 1 down to t = 0
 * }</pre>
 */
public final class TimeSpan {
    private final double[] times;
    private final Tensor source;

    private TimeSpan(double[] times, Tensor source) {
        validate(times);
        this.times = times;
        this.source = source;
    }

    /**
     * @param times two or more finite times, strictly monotone
     * @return the span
     * @throws InvalidConfigException if there are fewer than two times, one is NaN or infinite, or they are not
     *                                strictly increasing or strictly decreasing
     */
    public static TimeSpan of(double... times) {
        if (times == null) {
            throw new IllegalArgumentException("times must not be null");
        }
        return new TimeSpan(times.clone(), null);
    }

    /**
     * @param times a 1-D tensor {@code [n]} of two or more strictly monotone finite times; if it requires a
     *              gradient, the solution's gradient flows back to it
     * @return the span
     * @throws ShapeMismatchException if {@code times} is not 1-D
     * @throws InvalidConfigException as {@link #of(double...)}
     */
    public static TimeSpan of(Tensor times) {
        if (times.rank() != 1) {
            throw ShapeMismatchException.of("times", "[n]", times.shape());
        }
        return new TimeSpan(times.value().toDoubleVector(), times);
    }

    private static void validate(double[] times) {
        if (times.length < 2) {
            throw InvalidConfigException.of("times.length", ">= 2 (a start and an end)", times.length);
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw InvalidConfigException.of("times[" + i + "]", "finite", times[i]);
            }
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] == times[i - 1]) {
                String pair = times.length == 2 ? "t0 and t1" : "times[" + (i - 1) + "] and times[" + i + "]";
                throw new InvalidConfigException(pair + " are equal (" + times[i] + "); a time span needs distinct, "
                        + "strictly monotone times");
            }
        }
        boolean forward = times[1] > times[0];
        for (int i = 1; i < times.length; i++) {
            boolean ok = forward ? times[i] > times[i - 1] : times[i] < times[i - 1];
            if (!ok) {
                throw new InvalidConfigException("times must be strictly " + (forward ? "increasing" : "decreasing")
                        + " (set by times[0] = " + times[0] + ", times[1] = " + times[1] + "); got times[" + i
                        + "] = " + times[i] + " after times[" + (i - 1) + "] = " + times[i - 1]);
            }
        }
    }

    /** @return the number of times */
    public int size() {
        return times.length;
    }

    /**
     * @param i the position
     * @return {@code t_i}
     */
    public double get(int i) {
        return times[i];
    }

    /** @return a copy of the times */
    public double[] toArray() {
        return times.clone();
    }

    /** @return the start time {@code t_0} */
    public double start() {
        return times[0];
    }

    /** @return the end time {@code t_n} */
    public double end() {
        return times[times.length - 1];
    }

    /** @return +1 when integrating forward in time, −1 backward */
    public int direction() {
        return times[times.length - 1] > times[0] ? 1 : -1;
    }

    /** @return the tensor the times came from, or {@code null} if they were given as numbers */
    public Tensor source() {
        return source;
    }

    /** @return whether the times came from a tensor that requires a gradient */
    public boolean requiresGrad() {
        return source != null && source.requiresGrad();
    }

    @Override
    public String toString() {
        return "TimeSpan" + Arrays.toString(times);
    }
}
