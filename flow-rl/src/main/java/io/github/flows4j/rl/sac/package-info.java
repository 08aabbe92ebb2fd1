/**
 * Soft Actor-Critic (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications"): the tanh-squashed
 * Gaussian {@link io.github.flows4j.rl.sac.SquashedGaussianActor}, the {@link io.github.flows4j.rl.sac.TwinCritic}
 * with Polyak-averaged targets, automatic temperature, all in one {@link io.github.flows4j.rl.sac.SacAgent} module;
 * {@link io.github.flows4j.rl.sac.SacTraining} runs it on an {@link io.github.flows4j.rl.env.Env} through
 * {@link io.github.flows4j.core.train.Trainer}, with mean-action {@link io.github.flows4j.rl.sac.Evaluation}. The loop
 * sees an agent as a {@link io.github.flows4j.rl.sac.ReplayAgent} and acts, stores and replays through its
 * {@link io.github.flows4j.rl.sac.Experience}: single transitions for memoryless agents
 * ({@link io.github.flows4j.rl.sac.OffPolicyAgent}, {@link io.github.flows4j.rl.sac.TransitionExperience}), pieces of
 * episodes with a carried belief for recurrent ones.
 *
 * <pre>{@code
 * SacResult r = SacTraining.builder(Pendulum::new).steps(20_000).evalEvery(1000).build(Rng.seeded(0)).run();
 * }</pre>
 */
package io.github.flows4j.rl.sac;
