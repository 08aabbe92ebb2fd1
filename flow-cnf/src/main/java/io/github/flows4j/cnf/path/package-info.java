/**
 * Conditional probability paths for Flow Matching: {@link io.github.flows4j.cnf.path.ProbPath} samples
 * {@link io.github.flows4j.cnf.path.PathSample}s (x₀, x₁, t, x_t, dx_t/dt); {@link io.github.flows4j.cnf.path.AffinePath}
 * is x_t = α_t x₁ + σ_t x₀ for any {@link io.github.flows4j.cnf.path.scheduler.Scheduler}, with conversions between
 * velocity, data and noise parameterisations; {@link io.github.flows4j.cnf.path.NoisyAffinePath} adds Gaussian noise
 * s_t ε with a {@link io.github.flows4j.cnf.path.NoiseSchedule} (constant, or the Brownian bridge σ√(t(1 − t))):
 * TorchCFM's paths.
 */
package io.github.flows4j.cnf.path;
