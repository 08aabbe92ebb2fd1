/**
 * ODE methods. Every Runge–Kutta method is data — a {@link io.github.flows4j.core.ode.solver.ButcherTableau}
 * — run by one generic stepper, {@link io.github.flows4j.core.ode.solver.ExplicitRungeKutta}, whose stage arithmetic
 * is a handful of fused, differentiable linear combinations per step.
 *
 * <table>
 *   <caption>Methods</caption>
 *   <tr><th>Solver</th><th>order</th><th>error estimate</th><th>stages (new per step)</th><th>dense output</th></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.Euler}</td><td>1</td><td>—</td><td>1</td><td>Hermite</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.Midpoint}</td><td>2</td><td>—</td><td>2</td><td>Hermite</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.Heun}</td><td>2</td><td>—</td><td>2</td><td>Hermite</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.Rk4}, {@link io.github.flows4j.core.ode.solver.Rk38}</td>
 *       <td>4</td><td>—</td><td>4</td><td>Hermite</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.AdaptiveHeun}</td><td>2</td><td>1</td><td>2</td>
 *       <td>Hermite</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.Fehlberg2}</td><td>2</td><td>1</td><td>3</td><td>Hermite</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.BogackiShampine}</td><td>3</td><td>2</td><td>4 (3, FSAL)</td>
 *       <td>Hermite</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.Dopri5}</td><td>5</td><td>4</td><td>7 (6, FSAL)</td>
 *       <td>own, 4th order</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.Tsit5}</td><td>5</td><td>4</td><td>7 (6, FSAL)</td>
 *       <td>own, 4th order</td></tr>
 *   <tr><td>{@link io.github.flows4j.core.ode.solver.Dopri8}</td><td>8</td><td>5 and 3</td><td>13 (12, FSAL)</td>
 *       <td>Hermite</td></tr>
 * </table>
 *
 * <p>The diagonally implicit methods ({@link io.github.flows4j.core.ode.solver.Kvaerno3},
 * {@link io.github.flows4j.core.ode.solver.Kvaerno5}, ...) run a {@link io.github.flows4j.core.ode.solver.DirkTableau}
 * with Newton iterations. The multistep {@link io.github.flows4j.core.ode.solver.AdamsBashforthMoulton} carries its
 * past derivatives from step to step in a {@link io.github.flows4j.core.ode.solver.History} that the integrator hands
 * back to it, so it too is an immutable solver.
 *
 * <pre>{@code
 * Solver solver = new Dopri5();
 * Step step = solver.step(term, 0.0, 0.1, y0, null);
 * }</pre>
 */
package io.github.flows4j.core.ode.solver;
