package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;

/**
 * One step of an ODE method: from {@code (t0, y0)} to {@code (t1, y1)}, with an error estimate where the method has
 * an embedded one and a dense interpolant over the step. A solver holds no state between steps (what a method
 * carries from one step to the next, the first-same-as-last derivative, is passed in and out explicitly), so one
 * instance can serve any number of solves at once.
 *
 * <p>Every Runge–Kutta method here is an {@link ExplicitRungeKutta} driven by its {@link ButcherTableau}.
 *
 * <pre>{@code
 * Solver solver = new Dopri5();
 * Step step = solver.step(term, 0.0, 0.1, y0, null);
 * State y1 = step.y1();
 * }</pre>
 */
public interface Solver {

    /** @return the order p of the method: the global error is O(h^p) */
    int order();

    /**
     * @return the order q of the embedded error estimate (its local error scales like h^(q+1)), which sets the
     *     step-size controller's exponent 1/(q+1); 0 if the method has no error estimate and needs a constant step
     */
    int errorOrder();

    /** @return whether the method estimates its local error, so an adaptive controller can drive it */
    default boolean hasErrorEstimate() {
        return errorOrder() > 0;
    }

    /** @return a short name for messages */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * @param term the vector field
     * @param t0   the step's start
     * @param t1   the step's end ({@code t1 < t0} integrates backward in time)
     * @param y0   the state at {@code t0}
     * @param f0   {@code f(t0, y0)} if already known (first same as last), else {@code null}
     * @return the new state, the error estimate, the end derivative if free, and the dense interpolant
     */
    Step step(Term term, double t0, double t1, State y0, State f0);

    /**
     * The step the integrator takes: as {@link #step(Term, double, double, State, State)}, with the history a
     * multistep method left at the end of the last accepted step. One-step methods ignore it.
     *
     * @param term    the vector field
     * @param t0      the step's start
     * @param t1      the step's end
     * @param y0      the state at {@code t0}
     * @param f0      {@code f(t0, y0)} if already known, else {@code null}
     * @param history the last accepted step's {@link Step#history()}, or {@code null} at a (re)start
     * @return the step, carrying the history for the next one
     */
    default Step step(Term term, double t0, double t1, State y0, State f0, History history) {
        return step(term, t0, t1, y0, f0);
    }
}
