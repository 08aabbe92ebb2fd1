package io.github.flows4j.core.ode;

import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.StepSizeController;
import io.github.flows4j.core.ode.term.Term;

/**
 * An initial value problem and how to solve it, validated once: what {@link Ode#solve} hands to the
 * {@link io.github.flows4j.core.ode.adjoint.Adjoint}, which may solve it (or an augmented one) with
 * {@link Integrator#integrate}.
 *
 * <pre>{@code
 * OdeProblem p = new OdeProblem(term, new Dopri5(), TimeSpan.of(0, 1), State.of(y0), SolveOptions.defaults());
 * Solution s = Integrator.integrate(p);
 * }</pre>
 *
 * @param term    the vector field
 * @param solver  the one-step method
 * @param times   the start and output times
 * @param y0      the initial state, finite
 * @param options the controller, adjoint, limits and event
 */
public record OdeProblem(Term term, Solver solver, TimeSpan times, State y0, SolveOptions options) {
    /**
     * Validates the problem.
     *
     * @throws io.github.flows4j.core.NonFiniteException     if {@code y0} holds NaN or infinity
     * @throws io.github.flows4j.core.InvalidConfigException if the controller cannot drive the solver or state
     */
    public OdeProblem {
        if (term == null || solver == null || times == null || y0 == null || options == null) {
            throw new IllegalArgumentException("term, solver, times, y0 and options must not be null");
        }
        y0.requireFinite("y0");
        options.controllerFor(solver).requireCompatible(solver, y0);
    }

    /** @return the step-size controller this problem is solved with */
    public StepSizeController controller() {
        return options.controllerFor(solver);
    }

    /**
     * @param newY0 another initial state
     * @return this problem starting from {@code newY0}
     */
    public OdeProblem withY0(State newY0) {
        return new OdeProblem(term, solver, times, newY0, options);
    }
}
