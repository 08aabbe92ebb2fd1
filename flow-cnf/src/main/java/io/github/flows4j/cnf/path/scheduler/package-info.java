/**
 * Schedulers of affine probability paths x_t = α_t x₁ + σ_t x₀ (Lipman et al. 2023, "Flow Matching for Generative
 * Modeling", §4; Lipman et al. 2024, "Flow Matching Guide and Code", §5): a
 * {@link io.github.flows4j.cnf.path.scheduler.Scheduler} gives α_t, σ_t and their time derivatives, from which a
 * path's conditional velocity α'_t x₁ + σ'_t x₀ follows. Time runs from noise (t = 0) to data (t = 1). Every
 * schedule has its signal-to-noise ratio ρ(t) = α_t/σ_t and the inverse t(ρ) ({@code snr}, {@code snrInverse}),
 * and the convex ones ({@link io.github.flows4j.cnf.path.scheduler.ConvexScheduler}) the inverse of κ_t = α_t; the
 * SNR inverse is what {@link io.github.flows4j.cnf.model.ScheduleTransformedModel} needs to sample a model trained
 * under one schedule under another.
 *
 * <pre>{@code
 * Scheduler s = new CosineScheduler();
 * ScalarSchedulerValues v = s.at(0.5);    // α = σ = √½
 * double t = s.snrInverse(1.0);           // 0.5
 * }</pre>
 */
package io.github.flows4j.cnf.path.scheduler;
