/**
 * Probability distributions used as flow sources and baselines: the {@link io.github.flows4j.core.distributions.Sampler}
 * and {@link io.github.flows4j.core.distributions.Distribution} (sampler with a log-density) interfaces,
 * {@link io.github.flows4j.core.distributions.StandardNormal} with a differentiable log-density, and
 * {@link io.github.flows4j.core.distributions.Empirical} (a data set drawn with replacement).
 */
package io.github.flows4j.core.distributions;
