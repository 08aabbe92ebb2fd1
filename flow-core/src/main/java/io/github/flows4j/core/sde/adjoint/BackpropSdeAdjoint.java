package io.github.flows4j.core.sde.adjoint;

import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.sde.SdeIntegrator;
import io.github.flows4j.core.sde.SdeProblem;

/**
 * Gradients by backpropagating through the solver's recorded operations ("discretise-then-optimise"): the exact
 * gradient of the computed sample paths, differentiable again, at the cost of memory proportional to the number
 * of steps. The default. Gradients reach every tensor the fields read, listed in {@code parameters()} or not.
 *
 * <pre>{@code
 * SdeOptions options = SdeOptions.builder().dt(0.01).adjoint(new BackpropSdeAdjoint()).build();
 * }</pre>
 */
public record BackpropSdeAdjoint() implements SdeAdjoint {

    @Override
    public Solution solve(SdeProblem problem) {
        SdeIntegrator in = SdeIntegrator.of(problem);
        return in.solution(in.forward(in.initialState(), false));
    }
}
