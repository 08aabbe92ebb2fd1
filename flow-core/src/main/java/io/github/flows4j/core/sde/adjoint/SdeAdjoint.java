package io.github.flows4j.core.sde.adjoint;

import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.sde.SdeProblem;
import io.github.flows4j.core.sde.solver.SdeSolver;

/**
 * How gradients flow back through an SDE solve, the fourth concept next to the term, the solver and the Brownian
 * path. {@link BackpropSdeAdjoint} (the default) records every op; {@link ReversibleAdjoint} reconstructs the
 * forward trajectory backward with an algebraically reversible solver (Kidger et al. 2021) and needs no memory per
 * step; {@link CheckpointAdjoint} stores the solver state at every step and recomputes each step's ops while
 * walking back. The last two give the gradient of the discrete solve exactly, like backprop, and query the same
 * Brownian path backward; {@link ContinuousSdeAdjoint} (Li et al. 2020) solves the continuous adjoint SDE backward on the
 * same path instead, for Stratonovich terms, with memory independent of the number of steps.
 *
 * <pre>{@code
 * SdeOptions options = SdeOptions.builder().dt(0.01).adjoint(new ReversibleAdjoint()).build();
 * Solution s = Sde.solve(term, new ReversibleHeun(), span, y0, brownian, options);
 * s.y(1).square().mean().backward();
 * }</pre>
 */
public interface SdeAdjoint {

    /**
     * @param problem the validated problem
     * @return the solution, whatever its outcome ({@link io.github.flows4j.core.sde.Sde#solve} decides whether a
     *     failure throws)
     */
    Solution solve(SdeProblem problem);

    /**
     * Rejects a solver this adjoint cannot run; every solver by default.
     *
     * @param solver the solver
     * @throws io.github.flows4j.core.InvalidConfigException naming what the adjoint needs
     */
    default void requireCompatible(SdeSolver solver) {
    }
}
