package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ode.State;

/**
 * The result of one {@link Solver#step}.
 *
 * <pre>{@code
 * Step step = new Dopri5().step(term, t0, t1, y0, null);
 * State mid = step.interpolant().evaluate(0.5 * (t0 + t1));
 * }</pre>
 *
 * @param y1          the state at the step's end
 * @param error       the local error estimate, or {@code null} for methods without one
 * @param f1          {@code f(t1, y1)} when the method computed it anyway (first same as last), else {@code null}
 * @param interpolant the dense output over the step
 */
public record Step(State y1, ErrorEstimate error, State f1, Interpolant interpolant) {
    /** Checks the required components. */
    public Step {
        Checks.notNull("y1", y1);
        Checks.notNull("interpolant", interpolant);
    }

    /**
     * A step whose end state was changed after the method computed it — projected back onto a manifold, walked
     * across a mesh — so there is no end derivative {@code f(t1, y1)} to reuse.
     *
     * @param y1          the changed end state
     * @param error       the method's error estimate, or {@code null}
     * @param interpolant the dense output over the step
     * @return the step, with {@code f1 = null}
     */
    public static Step relocated(State y1, ErrorEstimate error, Interpolant interpolant) {
        return new Step(y1, error, null, interpolant);
    }
}
