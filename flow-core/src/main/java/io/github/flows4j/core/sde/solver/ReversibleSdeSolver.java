package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;

/**
 * An algebraically reversible SDE method: the solver state at the start of a step is recovered from the one at its
 * end in closed form (to rounding), so an adjoint can walk the steps backward without storing the forward
 * trajectory and still obtain the exact gradient of the discrete solve
 * ({@link io.github.flows4j.core.sde.adjoint.ReversibleAdjoint}; Kidger et al. 2021).
 *
 * <pre>{@code
 * ReversibleSdeSolver solver = new ReversibleHeun();
 * State s1 = solver.step(term, s0, dw);
 * State back = solver.reverse(term, s1, dw);    // equals s0 to rounding
 * }</pre>
 */
public interface ReversibleSdeSolver extends SdeSolver {

    /**
     * @param term   the SDE
     * @param state1 the solver state at {@code dw.t1()}
     * @param dw     the Brownian increment the forward step used
     * @return the solver state at {@code dw.t0()}
     */
    State reverse(SdeTerm term, State state1, BrownianIncrement dw);
}
