package io.github.flows4j.core.ode.adjoint;

import io.github.flows4j.core.ode.OdeProblem;
import io.github.flows4j.core.ode.Solution;

/**
 * How gradients flow back through an ODE solve: the fourth concept of a solve, next to the term, the solver and the
 * step-size controller. {@link BackpropAdjoint} records every operation of every step and backpropagates through
 * them (exact gradients of the discrete solve; memory grows with the number of steps).
 * {@link ContinuousAdjoint} solves the adjoint ODE backward in time (Chen et al. 2018; memory independent of the
 * number of steps; gradients accurate to the adjoint solve's tolerances).
 *
 * <p>Either way the caller just differentiates the returned states:
 *
 * <pre>{@code
 * SolveOptions options = SolveOptions.builder().adjoint(ContinuousAdjoint.builder().build()).build();
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0, options);
 * s.y(1).square().sum().backward();
 * }</pre>
 */
public interface Adjoint {
    /**
     * Solves the problem so that gradients flow back from the solution's states.
     *
     * @param problem the validated problem
     * @return the solution, whatever its outcome ({@link io.github.flows4j.core.ode.Ode#solve} decides whether a
     *     failure throws)
     */
    Solution solve(OdeProblem problem);
}
