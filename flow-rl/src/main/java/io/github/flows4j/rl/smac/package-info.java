/**
 * Stochastic Marginal Actor-Critic (Zhang, Courville, Bengio, Zheng, Zhang, Chen; ICLR 2023) for fully observed
 * tasks: the particle estimators of a latent-variable policy's marginal log-density and the critic aggregations
 * ({@link io.github.flows4j.rl.smac.MarginalEstimators}), the {@link io.github.flows4j.rl.smac.LatentActor} and the
 * {@link io.github.flows4j.rl.smac.SmacAgent}, which trains through {@link io.github.flows4j.rl.sac.SacTraining}.
 * {@link io.github.flows4j.rl.smac.MarginalEstimators#multilevel} is the paper's multilevel Monte Carlo estimate and
 * {@link io.github.flows4j.rl.smac.RandomizedMultilevel} the unbiased randomised-level one;
 * {@link io.github.flows4j.rl.smac.RecurrentBelief} is the recurrent stochastic belief state (GRU + Gaussian latent,
 * ELBO) for partially observed tasks. Training SMAC on that belief is planned.
 *
 * <pre>{@code
 * Tensor logPi = MarginalEstimators.logMeanExp(logWeights);          // [K, b, 1] -> [b, 1]
 * Tensor q = MarginalEstimators.aggregate(qs, MarginalEstimators.Aggregation.MIN);
 * }</pre>
 */
package io.github.flows4j.rl.smac;
