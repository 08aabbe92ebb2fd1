/**
 * Ordinary differential equations {@code dy/dt = f(t, y)}, solved the way diffrax separates the concerns: a
 * {@linkplain io.github.flows4j.core.ode.term term} (the vector field), a {@linkplain io.github.flows4j.core.ode.solver
 * solver} (one step of a method, Runge–Kutta methods as Butcher tableaus), a {@linkplain
 * io.github.flows4j.core.ode.stepsize step-size controller} (constant or PI, with tolerances and an error norm) and an
 * {@linkplain io.github.flows4j.core.ode.adjoint adjoint} (backprop through the solver or the continuous adjoint).
 * {@link io.github.flows4j.core.ode.Ode#solve} brings them together and returns a
 * {@link io.github.flows4j.core.ode.Solution}: the {@link io.github.flows4j.core.ode.State} (a tuple of tensors) at
 * each requested time, the {@link io.github.flows4j.core.ode.Stats} and the {@link io.github.flows4j.core.ode.Outcome}.
 * Failures throw {@link io.github.flows4j.core.ode.SolverFailedException} carrying the outcome and a hint; bad input
 * throws the typed exceptions of {@link io.github.flows4j.core}.
 *
 * <pre>{@code
 * Term term = Term.of((t, y) -> y.matmul(w).tanh(), w);               // y: [batch, dim]
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 0.5, 1), y0, SolveOptions.builder()
 *         .controller(PIController.of(1e-6, 1e-8))
 *         .build());
 * Tensor y1 = s.y(2);                                                  // the state at t = 1
 * }</pre>
 *
 * <p>{@link io.github.flows4j.core.ode.Odeint} is torchdiffeq's {@code odeint} / {@code odeint_adjoint} over this
 * long form: a method name (resolved once, in its table), tolerances, and the trajectory
 * {@code [len(times), ...y0.shape]} back. Every solution keeps a {@link io.github.flows4j.core.ode.Solution#stepLog()
 * step log}. {@link io.github.flows4j.core.ode.SolveOptions} also carries several
 * {@link io.github.flows4j.core.ode.Event events} (terminal or recorded, {@link
 * io.github.flows4j.core.ode.Solution#events()}), a {@link io.github.flows4j.core.ode.StepCallback} told of each
 * accepted step (it may stop the solve or replace the state), and {@code denseOutput(true)} for a
 * {@link io.github.flows4j.core.ode.DenseOutput} evaluable at any time after the solve.
 *
 * <p>See {@code docs/solvers.md} for choosing a solver and an adjoint, {@code docs/pytorch.md} for the PyTorch
 * equivalents.
 */
package io.github.flows4j.core.ode;
