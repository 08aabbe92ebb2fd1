package io.github.flows4j.core.ode.stepsize;

import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.solver.ErrorEstimate;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.term.Term;

/**
 * Decides the size of the next step and whether to keep the last one. Immutable: what it remembers between steps
 * (the previous error ratio of a PI controller) is passed in and out explicitly, so one controller can serve any
 * number of solves. Step sizes here are magnitudes ({@code h > 0}); the integrator applies the direction of time.
 *
 * <pre>{@code
 * StepSizeController fixed = new ConstantStepSize(0.01);
 * StepSizeController adaptive = PIController.of(1e-6, 1e-8);
 * }</pre>
 */
public interface StepSizeController {

    /** @return whether the controller reads error estimates (and so needs a solver that has them) */
    boolean isAdaptive();

    /**
     * @param term   the vector field (adaptive controllers may evaluate it once to choose the first step)
     * @param solver the solver
     * @param t0     the start time
     * @param t1     the end time (gives the direction)
     * @param y0     the initial state
     * @param f0     {@code f(t0, y0)}
     * @return the size of the first step, &gt; 0
     */
    double initialStep(Term term, Solver solver, double t0, double t1, State y0, State f0);

    /**
     * @param solver        the solver that made the step
     * @param y0            the state at the step's start
     * @param y1            the proposed state at its end
     * @param error         the solver's error estimate (may be {@code null} for non-adaptive controllers)
     * @param h             the size of the step just tried, &gt; 0
     * @param previousRatio the error ratio of the last accepted step (1 before the first)
     * @return accept or reject, and the size of the next step to try
     */
    StepDecision adapt(Solver solver, State y0, State y1, ErrorEstimate error, double h, double previousRatio);

    /** @return the smallest step the controller proposes; steps of this size are accepted whatever their error */
    default double dtMin() {
        return 0;
    }

    /**
     * @param solver the solver it will drive
     * @param y0     the initial state
     * @throws io.github.flows4j.core.InvalidConfigException if the controller cannot drive this solver or state
     */
    default void requireCompatible(Solver solver, State y0) {
    }

    /**
     * @param norm the error norm to use
     * @return this controller measuring errors with {@code norm} (itself if it reads no errors)
     */
    default StepSizeController withNorm(ErrorNorm norm) {
        return this;
    }
}
