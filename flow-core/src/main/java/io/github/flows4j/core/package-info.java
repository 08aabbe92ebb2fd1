/**
 * flows4j core: the pieces every method module builds on.
 *
 * <ul>
 *   <li>{@link io.github.flows4j.core.autodiff} — reverse-mode automatic differentiation over ND4J arrays with
 *       gradients of gradients (divergences, Hessian-vector products);</li>
 *   <li>{@link io.github.flows4j.core.nn} — modules with named parameters, MLPs, time-conditioned layers;</li>
 *   <li>{@link io.github.flows4j.core.optim} — SGD, Adam, AdamW, schedules, clipping, EMA;</li>
 *   <li>{@link io.github.flows4j.core.io} — atomic, checksummed checkpoints;</li>
 *   <li>{@link io.github.flows4j.core.random} — the explicit, seeded, splittable {@code Rng} every random op takes;</li>
 *   <li>{@link io.github.flows4j.core.distributions} — source distributions with differentiable log-densities;</li>
 *   <li>{@link io.github.flows4j.core.data} — seeded 2-D toy distributions and a CSV/tabular loader;</li>
 *   <li>{@link io.github.flows4j.core.kernel} — the elementwise kernels behind the ops (Java loops on the CPU
 *       backend, ND4J ops elsewhere).</li>
 * </ul>
 *
 * <p>The exceptions in this package are shared by every module: {@link io.github.flows4j.core.ShapeMismatchException},
 * {@link io.github.flows4j.core.DTypeMismatchException} and {@link io.github.flows4j.core.InvalidConfigException}
 * are {@link java.lang.IllegalArgumentException}s whose messages name the argument, the expected and the actual value.
 */
package io.github.flows4j.core;
