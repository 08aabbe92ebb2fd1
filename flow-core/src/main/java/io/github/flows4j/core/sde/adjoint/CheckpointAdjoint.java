package io.github.flows4j.core.sde.adjoint;

import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.sde.SdeProblem;

/**
 * A discrete adjoint for every solver: the forward pass records no graph but keeps the solver state at every
 * step; the backward pass re-runs each step from its stored state with grad mode on and backpropagates the adjoint
 * through it, querying the same Brownian path. The gradient is exactly backprop's, with memory of one solver state
 * per step instead of every intermediate of every stage (a Milstein or SRK step records dozens of tensors; its
 * checkpoint is one {@code [batch, d]} state). Each backward step costs one forward step plus its vector-Jacobian
 * product.
 *
 * <p>Gradients reach {@code y0} and the tensors the term lists in {@code parameters()}; first order only.
 *
 * <pre>{@code
 * Solution s = Sde.solve(term, new Srk(), TimeSpan.of(0, 1), y0, brownian,
 *         SdeOptions.builder().dt(0.01).adjoint(new CheckpointAdjoint()).build());
 * }</pre>
 */
public record CheckpointAdjoint() implements SdeAdjoint {

    @Override
    public Solution solve(SdeProblem problem) {
        return DiscreteAdjoint.solve(problem, false, "sdeCheckpointAdjoint");
    }
}
