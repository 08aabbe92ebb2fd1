package io.github.flows4j.core.sde;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.SolverFailedException;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.solver.SdeSolver;

/**
 * The one entry point for SDE solves, as {@link io.github.flows4j.core.ode.Ode} is for ODEs: a term (drift,
 * diffusion, noise type, calculus), a solver, the times, the initial state, a Brownian path and the options meet
 * here and return the same {@link Solution} an ODE solve returns — the state at every requested time, the
 * {@link io.github.flows4j.core.ode.Stats} and the {@link io.github.flows4j.core.ode.Outcome}.
 *
 * <p>Gradients flow from the solution's states back to {@code y0} and the term's parameters as the adjoint in the
 * options arranges: backprop through the solver's recorded ops (default), the reversible Heun's exact adjoint, or
 * a checkpointed discrete adjoint. Every adjoint queries the same Brownian path, so all see the same noise.
 *
 * <pre>{@code
 * Tensor mu = Tensor.variable(Nd4j.scalar(0.5));
 * SdeTerm term = SdeTerm.builder()
 *         .drift((t, y) -> y.mul(mu))
 *         .diffusion((t, y) -> y.mul(0.8))
 *         .noiseType(NoiseType.DIAGONAL)
 *         .parameters(mu)
 *         .build();
 * Tensor y0 = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 64, 1));
 * BrownianPath w = VirtualBrownianTree.of(0.0, 1.0, 64, 1, 42);
 * Solution s = Sde.solve(term, new Milstein(), TimeSpan.of(0.0, 0.5, 1.0), y0, w,
 *         SdeOptions.builder().dt(0.01).build());
 * s.y(2).mean().backward();                      // d E[y(1)] / d mu reaches mu.grad()
 * }</pre>
 */
public final class Sde {
    private Sde() {
    }

    /**
     * Solves {@code dy = f(t, y) dt + g(t, y) dW}, {@code y(t_0) = y0}, on fixed steps of {@code options.dt()} or,
     * with {@code options.adaptive()}, on steps chosen by step doubling on the same Brownian path (the stats then
     * count accepted and rejected steps), reporting the state at every time of {@code times}.
     *
     * @param term     the SDE
     * @param solver   the method; it must support the term's noise and SDE types
     * @param times    {@code t_0 < ... < t_n}
     * @param y0       the initial state, {@code [batch, d]}
     * @param brownian the driving Brownian path, {@code [batch, m]}, covering the times
     * @param options  step size, adjoint, logqp, budget
     * @return the states at the requested times (with {@code logqp(true)} each state is
     *     {@code [y [batch, d], KL [batch, 1]]}), the stats and the outcome
     * @throws SolverFailedException if the solve fails (non-finite state, step budget) and
     *     {@code options.throwOnFailure()} (the default)
     * @throws io.github.flows4j.core.InvalidConfigException as {@link SdeProblem}: unsupported noise or SDE type, bad
     *     times or dt, logqp without a prior drift, an adjoint that cannot run the solver
     * @throws io.github.flows4j.core.ShapeMismatchException if a shape does not fit (y0, Brownian path, a field's
     *     result)
     * @throws io.github.flows4j.core.NonFiniteException if {@code y0} holds NaN or infinity
     */
    public static Solution solve(SdeTerm term, SdeSolver solver, TimeSpan times, Tensor y0, BrownianPath brownian,
            SdeOptions options) {
        SdeProblem problem = new SdeProblem(term, solver, times, y0, brownian, options);
        Solution s = options.adjoint().solve(problem);
        if (options.throwOnFailure()) {
            s.requireSuccess();
        }
        return s;
    }
}
