package io.github.flows4j.core.ode;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.term.Term;

/**
 * The one entry point for ODE solves: a term, a solver, the times, the initial state and the options meet here, as
 * in diffrax's {@code diffeqsolve}. The adjoint in the options decides how gradients flow back: through the solver's
 * recorded operations ({@link io.github.flows4j.core.ode.adjoint.BackpropAdjoint}, the default) or by solving the
 * adjoint ODE backward in time ({@link io.github.flows4j.core.ode.adjoint.ContinuousAdjoint}).
 *
 * <pre>{@code
 * Tensor w = Tensor.variable(Nd4j.rand(DataType.DOUBLE, 2, 2));
 * Term term = Term.of((t, y) -> y.matmul(w).tanh(), w);
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0, SolveOptions.builder()
 *         .controller(PIController.of(1e-6, 1e-8))
 *         .build());
 * s.y(1).square().sum().backward();       // gradients reach w (and y0 if it is a variable)
 * }</pre>
 */
public final class Ode {
    private Ode() {
    }

    /**
     * Solves {@code dy/dt = f(t, y)}, {@code y(t_0) = y0}, reporting the state at every time of {@code times}.
     *
     * @param term    the vector field
     * @param solver  the one-step method, e.g. {@code new Dopri5()}
     * @param times   {@code t_0, ..., t_n}, strictly monotone (decreasing integrates backward in time)
     * @param y0      the initial state, e.g. one part {@code [batch, dim]}
     * @param options controller, adjoint, limits, event
     * @return the states at the requested times, the stats and the outcome
     * @throws SolverFailedException if the solve fails and {@code options.throwOnFailure()} (the default)
     * @throws io.github.flows4j.core.NonFiniteException     if {@code y0} holds NaN or infinity
     * @throws io.github.flows4j.core.InvalidConfigException if the controller cannot drive the solver
     * @throws io.github.flows4j.core.ShapeMismatchException if the term returns a state of another structure
     */
    public static Solution solve(Term term, Solver solver, TimeSpan times, State y0, SolveOptions options) {
        OdeProblem problem = new OdeProblem(term, solver, times, y0, options);
        Solution s = options.adjoint().solve(problem);
        if (options.throwOnFailure()) {
            s.requireSuccess();
        }
        return s;
    }

    /**
     * Solves a one-part problem.
     *
     * @param term    the vector field
     * @param solver  the one-step method
     * @param times   the times
     * @param y0      the initial state, e.g. {@code [batch, dim]}
     * @param options the options
     * @return the solution; {@link Solution#y(int)} gives the state at each time
     */
    public static Solution solve(Term term, Solver solver, TimeSpan times, Tensor y0, SolveOptions options) {
        return solve(term, solver, times, State.of(y0), options);
    }

    /**
     * Solves with the default options (PI control at rtol 1e-7, atol 1e-9; backprop).
     *
     * @param term   the vector field
     * @param solver an adaptive solver
     * @param times  the times
     * @param y0     the initial state
     * @return the solution
     */
    public static Solution solve(Term term, Solver solver, TimeSpan times, Tensor y0) {
        return solve(term, solver, times, State.of(y0), SolveOptions.defaults());
    }
}
