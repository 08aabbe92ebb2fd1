/**
 * Probability distributions used as flow sources and baselines, with differentiable log-densities:
 * {@link io.github.flows4j.core.distributions.StandardNormal}.
 */
package io.github.flows4j.core.distributions;
