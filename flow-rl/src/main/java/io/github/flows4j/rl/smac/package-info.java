/**
 * Pieces of Stochastic Marginal Actor-Critic (Zhang, Courville, Bengio, Zheng, Zhang, Chen; ICLR 2023): the
 * particle estimators of a latent-variable policy's marginal log-density and the critic aggregations. The
 * latent-variable actor, its training loop and the {@code smac} command are planned.
 *
 * <pre>{@code
 * Tensor logPi = MarginalEstimators.logMeanExp(logWeights);          // [K, b, 1] -> [b, 1]
 * Tensor q = MarginalEstimators.aggregate(qs, MarginalEstimators.Aggregation.MIN);
 * }</pre>
 */
package io.github.flows4j.rl.smac;
