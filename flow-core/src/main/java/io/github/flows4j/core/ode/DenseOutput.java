package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The solution of a solve as a function of time, evaluable anywhere in the part of the span it covered, after the solve
 * (torchdiffeq's and diffrax's dense output): each accepted step's interpolant is kept as its values at five
 * equally spaced points of the step and evaluated by the quartic through them. That reproduces every built-in
 * interpolant exactly (the quartic continuous extensions of {@code Dopri5} and {@code Tsit5}, the cubic Hermite
 * interpolant of the others) up to rounding, so the error between steps is the interpolant's own. Ask for it with
 * {@code SolveOptions.builder().denseOutput(true)}; it keeps five states per step.
 *
 * <p>Under backprop with grad mode on, the stored values are the solve's own tensors, so gradients flow from
 * {@link #evaluate} back to {@code y0} and the parameters; otherwise they are constants.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 2), y0,
 *         SolveOptions.builder().denseOutput(true).build());
 * State atOne = s.dense().evaluate(1.0);
 * }</pre>
 */
public final class DenseOutput {
    /** Where in a step the stored values sit, as fractions of the step. */
    static final double[] NODES = {0, 0.25, 0.5, 0.75, 1};

    private final double start;
    private final double end;
    private final int dir;
    private final double[] t0s;
    private final double[] t1s;
    private final List<State[]> values;

    DenseOutput(double start, double end, int dir, double[] t0s, double[] t1s, List<State[]> values) {
        this.start = start;
        this.end = end;
        this.dir = dir;
        this.t0s = t0s;
        this.t1s = t1s;
        this.values = List.copyOf(values);
    }

    /** @return the start time of the solve */
    public double start() {
        return start;
    }

    /** @return the last time the solve reached (the end time, an event's time or where a callback stopped it) */
    public double end() {
        return end;
    }

    /** @return the number of steps kept */
    public int steps() {
        return t0s.length;
    }

    /**
     * @param t a time between {@link #start()} and {@link #end()}, inclusive
     * @return the interpolated state at {@code t}, of the structure of {@code y0}
     * @throws InvalidConfigException if {@code t} is outside the covered part of the span or not finite, or the solve
     *     accepted no step
     */
    public State evaluate(double t) {
        if (!Double.isFinite(t) || (t - start) * dir < 0 || (t - end) * dir > 0) {
            throw InvalidConfigException.of("t", "within the solved span [" + Math.min(start, end) + ", "
                    + Math.max(start, end) + "]", t);
        }
        if (t0s.length == 0) {
            throw InvalidConfigException.of("t", "in a solve that accepted a step (none was)", t);
        }
        // the last step starting at or before t (in the direction of integration)
        int lo = 0;
        int hi = t0s.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if ((t0s[mid] - t) * dir <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        double theta = (t - t0s[lo]) / (t1s[lo] - t0s[lo]);
        return State.linear(lagrange(theta), values.get(lo));
    }

    /** The Lagrange weights of the nodes at {@code theta}. */
    static double[] lagrange(double theta) {
        double[] w = new double[NODES.length];
        for (int i = 0; i < w.length; i++) {
            double v = 1;
            for (int j = 0; j < w.length; j++) {
                if (j != i) {
                    v *= (theta - NODES[j]) / (NODES[i] - NODES[j]);
                }
            }
            w[i] = v;
        }
        return w;
    }

    /** Collects the steps of one solve. */
    static final class Recorder {
        private final double start;
        private final int dir;
        private final List<Double> t0s = new ArrayList<>();
        private final List<Double> t1s = new ArrayList<>();
        private final List<State[]> values = new ArrayList<>();

        Recorder(double start, int dir) {
            this.start = start;
            this.dir = dir;
        }

        void add(double t0, double t1, State[] nodeValues) {
            t0s.add(t0);
            t1s.add(t1);
            values.add(nodeValues);
        }

        DenseOutput build(double end) {
            double[] a = new double[t0s.size()];
            double[] b = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = t0s.get(i);
                b[i] = t1s.get(i);
            }
            return new DenseOutput(start, end, dir, a, b, values);
        }
    }
}
