package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ode.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a multistep method carries from one accepted step to the next: the vector field at the last few step ends,
 * newest first, with their times (diffrax's {@code solver_state}). Like the first-same-as-last derivative, it is
 * passed in and out explicitly — {@link Step#history()} out, {@link Solver#step(io.github.flows4j.core.ode.term.Term,
 * double, double, State, State, History)} in — so solvers stay immutable. The integrator hands a step the history of
 * the last <em>accepted</em> step, and {@code null} at the start, after a jump time and after a step callback
 * replaced the state: the method then restarts from one-step starts.
 *
 * <p>A {@link WrappingSolver} that calls its base's five-argument {@code step} drops the history, so a multistep
 * base restarts at every step there (it becomes its starter).
 *
 * <pre>{@code
 * History h = History.start(t0, f0).push(t1, f1, 4);   // f(t1), f(t0): newest first, at most four kept
 * State newest = h.derivative(0);
 * }</pre>
 *
 * @param times       the times of the derivatives, newest first, strictly monotone
 * @param derivatives {@code f(times[i], y(times[i]))}, each of the state's structure
 */
public record History(double[] times, List<State> derivatives) {
    /** Checks that times and derivatives pair up. */
    public History {
        Checks.notNull("times", times);
        Checks.notNull("derivatives", derivatives);
        if (times.length == 0 || times.length != derivatives.size()) {
            throw InvalidConfigException.of("history", "one derivative per time, at least one",
                    times.length + " times and " + derivatives.size() + " derivatives");
        }
        times = times.clone();
        derivatives = List.copyOf(derivatives);
    }

    /**
     * @param t the time
     * @param f the vector field at {@code t}
     * @return a history of one entry
     */
    public static History start(double t, State f) {
        return new History(new double[] {t}, List.of(Checks.notNull("f", f)));
    }

    /**
     * @param t    the new newest time
     * @param f    the vector field there
     * @param keep how many entries to keep at most, &ge; 1
     * @return this history with {@code (t, f)} in front and the oldest entries dropped past {@code keep}
     */
    public History push(double t, State f, int keep) {
        int n = Math.min(keep, size() + 1);
        double[] ts = new double[n];
        List<State> fs = new ArrayList<>(n);
        ts[0] = t;
        fs.add(f);
        for (int i = 1; i < n; i++) {
            ts[i] = times[i - 1];
            fs.add(derivatives.get(i - 1));
        }
        return new History(ts, fs);
    }

    /** @return the number of entries */
    public int size() {
        return times.length;
    }

    /**
     * @param i the entry, 0 for the newest
     * @return its time
     */
    public double time(int i) {
        return times[i];
    }

    /**
     * @param i the entry, 0 for the newest
     * @return the vector field at its time
     */
    public State derivative(int i) {
        return derivatives.get(i);
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof History h && Arrays.equals(times, h.times) && derivatives.equals(h.derivatives);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(times) + derivatives.hashCode();
    }

    @Override
    public String toString() {
        return "History[times=" + Arrays.toString(times) + "]";
    }
}
