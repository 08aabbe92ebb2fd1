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
 * @param f1          {@code f(t1, y1)} when the method computed it anyway (first same as last), or the stand-in a
 *                    method hands on in its place ({@link ButcherTableau#withLastStageReuse}), else {@code null}
 * @param interpolant the dense output over the step
 * @param failure     why the method could not take this step (an implicit stage's Newton iteration diverged), or
 *                    {@code null}: a failed step is rejected and retried smaller
 * @param history     what a multistep method hands to its next step (the derivatives at the last step ends), or
 *                    {@code null} for one-step methods
 */
public record Step(State y1, ErrorEstimate error, State f1, Interpolant interpolant, String failure,
        History history) {
    /** Checks the required components. */
    public Step {
        Checks.notNull("y1", y1);
        Checks.notNull("interpolant", interpolant);
    }

    /**
     * A step that succeeded.
     *
     * @param y1          the state at the step's end
     * @param error       the local error estimate, or {@code null}
     * @param f1          {@code f(t1, y1)} if free, else {@code null}
     * @param interpolant the dense output over the step
     */
    public Step(State y1, ErrorEstimate error, State f1, Interpolant interpolant) {
        this(y1, error, f1, interpolant, null, null);
    }

    /**
     * A one-step method's step, successful or not.
     *
     * @param y1          the state at the step's end
     * @param error       the local error estimate, or {@code null}
     * @param f1          {@code f(t1, y1)} if free, else {@code null}
     * @param interpolant the dense output over the step
     * @param failure     why the step could not be taken, or {@code null}
     */
    public Step(State y1, ErrorEstimate error, State f1, Interpolant interpolant, String failure) {
        this(y1, error, f1, interpolant, failure, null);
    }

    /**
     * A step the method could not take: the integrator rejects it and retries a smaller one.
     *
     * @param y0     the step's start (kept as a placeholder end state)
     * @param reason what went wrong, for the failure message
     * @return the failed step
     */
    public static Step failed(State y0, String reason) {
        Checks.notNull("reason", reason);
        return new Step(y0, null, null, t -> y0, reason);
    }

    /** @return whether the method could not take this step */
    public boolean isFailed() {
        return failure != null;
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
