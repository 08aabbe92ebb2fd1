/**
 * SDE methods: each an immutable {@link io.github.flows4j.core.sde.solver.SdeSolver} that declares the noise types
 * and SDE types it solves (rejecting a mismatch up front, with a message naming what it supports) and its strong
 * order.
 *
 * <table>
 * <caption>The solvers</caption>
 * <tr><th>solver</th><th>calculus</th><th>noise</th><th>strong order</th></tr>
 * <tr><td>{@link io.github.flows4j.core.sde.solver.EulerMaruyama}</td><td>Itô</td><td>all</td>
 * <td>0.5 (1.0 additive)</td></tr>
 * <tr><td>{@link io.github.flows4j.core.sde.solver.Milstein}</td><td>both</td><td>diagonal, scalar, additive</td>
 * <td>1.0</td></tr>
 * <tr><td>{@link io.github.flows4j.core.sde.solver.Srk}</td><td>Itô</td><td>diagonal, scalar, additive</td>
 * <td>1.5</td></tr>
 * <tr><td>{@link io.github.flows4j.core.sde.solver.EulerHeun}</td><td>Stratonovich</td><td>all</td>
 * <td>0.5 (1.0 non-general)</td></tr>
 * <tr><td>{@link io.github.flows4j.core.sde.solver.Heun}</td><td>Stratonovich</td><td>all</td>
 * <td>0.5 (1.0 non-general)</td></tr>
 * <tr><td>{@link io.github.flows4j.core.sde.solver.ReversibleHeun}</td><td>Stratonovich</td><td>all</td>
 * <td>0.5 (1.0 additive)</td></tr>
 * </table>
 *
 * <pre>{@code
 * SdeSolver solver = new Srk();
 * double p = solver.strongOrder(NoiseType.ADDITIVE);     // 1.5
 * }</pre>
 */
package io.github.flows4j.core.sde.solver;
