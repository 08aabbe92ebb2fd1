/**
 * The one training loop of flows4j: {@link io.github.flows4j.core.train.Trainer}, configured by an immutable
 * {@link io.github.flows4j.core.train.TrainerConfig} (step limit and/or wall-time budget, learning-rate schedule
 * evaluated on the training progress, gradient clipping, EMA with warm-up, validation with best-snapshot selection,
 * atomic checkpoints and exact resume), with a pluggable per-step
 * {@link io.github.flows4j.core.train.GradientSource} (local back-propagation by default, a data-parallel source
 * elsewhere), a NaN/Inf guard ({@link io.github.flows4j.core.train.TrainingDivergedException}), and progress reporting
 * through {@link io.github.flows4j.core.train.TrainingListener}s such as
 * {@link io.github.flows4j.core.train.CsvMetricLog}.
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.builder().maxSteps(10_000)
 *         .schedule(LrSchedule.cosineByProgress(1e-3, 0)).ema(0.999).build();
 * TrainResult r = Trainer.builder(model).config(config)
 *         .loss(ctx -> fm.loss(ctx.model(), batch(ctx.data()), ctx.noise()))
 *         .build()
 *         .fit(rng.split(), rng);
 * }</pre>
 */
package io.github.flows4j.core.train;
