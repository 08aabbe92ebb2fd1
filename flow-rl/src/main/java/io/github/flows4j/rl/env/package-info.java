/**
 * Continuous-control environments in Java: the {@link io.github.flows4j.rl.env.Env} interface (Gymnasium's reset /
 * step API with {@link io.github.flows4j.rl.env.Box} spaces), operation-by-operation ports of Gymnasium's
 * {@link io.github.flows4j.rl.env.Pendulum Pendulum-v1} and
 * {@link io.github.flows4j.rl.env.MountainCarContinuous MountainCarContinuous-v0}, Acrobot-v1's dynamics with a
 * continuous torque ({@link io.github.flows4j.rl.env.AcrobotContinuous}), the partial-observability
 * wrappers of the SMAC paper's POMDP suite ({@link io.github.flows4j.rl.env.Flicker},
 * {@link io.github.flows4j.rl.env.ObservationNoise}, {@link io.github.flows4j.rl.env.MissingVelocity}) and a
 * {@link io.github.flows4j.rl.env.VectorEnv} for batched rollouts.
 *
 * <pre>{@code
 * Env env = new Flicker(new Pendulum(), 0.2);
 * double[] obs = env.reset(Rng.seeded(0));
 * StepResult r = env.step(new double[] {1.0});
 * }</pre>
 */
package io.github.flows4j.rl.env;
