/**
 * Stochastic Marginal Actor-Critic (Zhang, Courville, Bengio, Zheng, Zhang, Chen; ICLR 2023) for fully observed
 * tasks: the particle estimators of a latent-variable policy's marginal log-density and the critic aggregations
 * ({@link io.github.flows4j.rl.smac.MarginalEstimators}), the {@link io.github.flows4j.rl.smac.LatentActor} and the
 * {@link io.github.flows4j.rl.smac.SmacAgent}, which trains through {@link io.github.flows4j.rl.sac.SacTraining}.
 * {@link io.github.flows4j.rl.smac.MarginalEstimators#multilevel} is the paper's multilevel Monte Carlo estimate and
 * {@link io.github.flows4j.rl.smac.RandomizedMultilevel} the unbiased randomised-level one;
 * {@link io.github.flows4j.rl.smac.RecurrentBelief} is the recurrent stochastic belief state (GRU + Gaussian latent,
 * ELBO) for partially observed tasks, and {@link io.github.flows4j.rl.smac.RecurrentSmacAgent} trains SMAC on it:
 * the belief carried across an episode's steps while acting ({@link io.github.flows4j.rl.smac.BeliefExperience}),
 * replayed pieces of episodes, actor and critics on K + 1 belief particles.
 *
 * <pre>{@code
 * Tensor logPi = MarginalEstimators.logMeanExp(logWeights);          // [K, b, 1] -> [b, 1]
 * Tensor q = MarginalEstimators.aggregate(qs, MarginalEstimators.Aggregation.MIN);
 * }</pre>
 */
package io.github.flows4j.rl.smac;
