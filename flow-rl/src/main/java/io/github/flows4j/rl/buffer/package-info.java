/**
 * Experience storage for off-policy learning: a fixed-capacity ring
 * {@link io.github.flows4j.rl.buffer.ReplayBuffer} of transitions and the minibatch
 * {@link io.github.flows4j.rl.buffer.Transitions} it samples, and a
 * {@link io.github.flows4j.rl.buffer.SequenceReplay} of episode steps (with the acting agent's recurrent state) that
 * replays fixed-length pieces of episodes ({@link io.github.flows4j.rl.buffer.Sequences}) for recurrent agents.
 *
 * <pre>{@code
 * Transitions batch = buffer.sample(256, rng);     // obs [256, obsDim], reward [256, 1], ...
 * }</pre>
 */
package io.github.flows4j.rl.buffer;
