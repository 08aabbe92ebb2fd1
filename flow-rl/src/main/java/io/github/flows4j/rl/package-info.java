/**
 * flows4j RL. Built today: a {@link io.github.flows4j.rl.buffer.ReplayBuffer} of transitions, and GFlowNets in
 * {@code io.github.flows4j.rl.gfn} (objectives, hypergrid, exact evaluation) and
 * {@code io.github.flows4j.rl.gfn.diffusion} (a diffusion model as a GFlowNet). Planned: Soft Actor-Critic and
 * Stochastic Marginal Actor-Critic (Zhang et al. 2023), each in a package of its own.
 *
 * <pre>{@code
 * ReplayBuffer buffer = new ReplayBuffer(1_000_000, 17, 6, DataType.FLOAT);
 * buffer.add(obs, action, reward, nextObs, done);
 * Transitions batch = buffer.sample(256, rng);
 * }</pre>
 */
package io.github.flows4j.rl;
