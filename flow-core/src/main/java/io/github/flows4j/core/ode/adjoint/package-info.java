/**
 * How gradients flow back through an ODE solve: {@link io.github.flows4j.core.ode.adjoint.BackpropAdjoint}
 * (differentiate the solver's operations; exact for the discrete solve, memory grows with the steps) or
 * {@link io.github.flows4j.core.ode.adjoint.ContinuousAdjoint} (solve the adjoint ODE backward; memory independent of
 * the steps, accurate to its tolerances).
 *
 * <pre>{@code
 * SolveOptions options = SolveOptions.builder()
 *         .adjoint(ContinuousAdjoint.builder().seminorm(true).build())
 *         .build();
 * }</pre>
 */
package io.github.flows4j.core.ode.adjoint;
