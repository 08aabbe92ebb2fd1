/**
 * First-order optimizers with PyTorch's exact update rules ({@link io.github.flows4j.core.optim.Sgd},
 * {@link io.github.flows4j.core.optim.Adam}, {@link io.github.flows4j.core.optim.AdamW}), learning-rate schedules
 * ({@link io.github.flows4j.core.optim.LrSchedule}), global-norm gradient clipping
 * ({@link io.github.flows4j.core.optim.GradClip}) and an exponential moving average of the parameters
 * ({@link io.github.flows4j.core.optim.Ema}, optionally with a warmed-up decay); and, for deterministic problems rather than training,
 * {@link io.github.flows4j.core.optim.Lbfgs}, a batched limited-memory BFGS minimiser with a strong-Wolfe line
 * search (each row of a batch its own problem, e.g. inverting a convex potential's gradient map).
 *
 * <p>Optimizers update parameter arrays in place, keyed by the parameters' dotted names, and expose their state
 * ({@link io.github.flows4j.core.optim.OptimizerState}) for checkpoints, so resumed training is bitwise identical to
 * uninterrupted training.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), AdamConfig.builder()
 *         .lr(LrSchedule.cosine(1e-3, 10_000, 1e-5).withWarmup(500)).build());
 * Ema ema = new Ema(model.parameters(), 0.999);
 * for (int step = 0; step < 10_000; step++) {
 *     try (TensorScope scope = TensorScope.open()) {
 *         opt.zeroGrad();
 *         loss(model, batch(step)).backward();
 *         GradClip.clipGlobalNorm(model.parameters(), 1.0);
 *         opt.step();
 *         ema.update();
 *     }
 * }
 * }</pre>
 */
package io.github.flows4j.core.optim;
