/**
 * Terms: the vector fields {@code f(t, y)} an ODE solve integrates, with the parameters gradients go to.
 *
 * <pre>{@code
 * Term term = Term.of((t, y) -> y.neg());                 // dy/dt = −y
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0, SolveOptions.defaults());
 * }</pre>
 */
package io.github.flows4j.core.ode.term;
