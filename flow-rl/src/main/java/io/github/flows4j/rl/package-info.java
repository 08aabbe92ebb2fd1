/**
 * flows4j RL: Soft Actor-Critic, Stochastic Marginal Actor-Critic (Lim et al. 2023) and GFlowNet objectives.
 * Off-policy learners draw their minibatches from a {@link io.github.flows4j.rl.buffer.ReplayBuffer}; actors,
 * critics and environments follow in their own packages.
 *
 * <pre>{@code
 * ReplayBuffer buffer = new ReplayBuffer(1_000_000, 17, 6, DataType.FLOAT);
 * buffer.add(obs, action, reward, nextObs, done);
 * Transitions batch = buffer.sample(256, rng);
 * }</pre>
 */
package io.github.flows4j.rl;
