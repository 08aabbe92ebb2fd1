package io.github.flows4j.core.sde.adjoint;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.sde.SdeProblem;
import io.github.flows4j.core.sde.solver.ReversibleSdeSolver;
import io.github.flows4j.core.sde.solver.SdeSolver;

/**
 * The algebraically exact adjoint of a reversible solver (Kidger, Foster, Li &amp; Lyons, <i>Efficient and Accurate
 * Gradients for Neural SDEs</i>, NeurIPS 2021, §3): the forward pass records nothing; the backward pass recovers
 * each step's starting state from its end with {@link ReversibleSdeSolver#reverse} (querying the same Brownian path
 * backward), re-runs that step with grad mode on and backpropagates the adjoint of the whole solver state
 * {@code (y, ẑ, f(ẑ), g(ẑ))} through it. The gradient is that of the discrete forward solve — what backprop through
 * the solver gives, to rounding — where the continuous stochastic adjoint of Li et al. (2020) only approximates it;
 * memory does not grow with the number of steps. Each backward step costs one drift and one diffusion evaluation
 * to reconstruct, and one more of each with their vector-Jacobian product.
 *
 * <p>Gradients reach {@code y0} and the tensors the term lists in {@code parameters()} (a tensor the fields read
 * but do not list receives none); they are first order only. A failed forward solve returns no gradient.
 *
 * <pre>{@code
 * Solution s = Sde.solve(term, new ReversibleHeun(), TimeSpan.of(0, 1), y0, brownian,
 *         SdeOptions.builder().dt(0.01).adjoint(new ReversibleAdjoint()).build());
 * s.y(1).square().mean().backward();
 * }</pre>
 */
public record ReversibleAdjoint() implements SdeAdjoint {

    @Override
    public Solution solve(SdeProblem problem) {
        return DiscreteAdjoint.solve(problem, true, "sdeReversibleAdjoint");
    }

    /**
     * @throws InvalidConfigException unless the solver is a {@link ReversibleSdeSolver}
     */
    @Override
    public void requireCompatible(SdeSolver solver) {
        if (!(solver instanceof ReversibleSdeSolver)) {
            throw new InvalidConfigException("ReversibleAdjoint needs an algebraically reversible solver "
                    + "(ReversibleHeun); got " + solver.name() + ": use CheckpointAdjoint or BackpropSdeAdjoint");
        }
    }
}
