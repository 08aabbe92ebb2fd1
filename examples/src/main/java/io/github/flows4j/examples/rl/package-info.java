/**
 * Reinforcement-learning commands: {@code flows4j sac} (Soft Actor-Critic on Java ports of Gymnasium tasks, with the
 * POMDP wrappers of the SMAC paper) and {@code flows4j smac} (Stochastic Marginal Actor-Critic).
 *
 * <pre>{@code
 * java -jar flows4j.jar sac --env pendulum --steps 20000
 * }</pre>
 */
package io.github.flows4j.examples.rl;
