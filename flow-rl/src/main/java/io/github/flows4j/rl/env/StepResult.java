package io.github.flows4j.rl.env;

import java.util.Arrays;

/**
 * What one {@link Env#step} returns (Gymnasium's {@code (obs, reward, terminated, truncated, info)} without the info):
 * the next observation, the reward of the transition, whether the episode reached a terminal state (no bootstrapping
 * from it) and whether it was cut by the time limit (bootstrapping is still correct).
 *
 * <pre>{@code
 * StepResult r = env.step(new double[] {0.5});
 * boolean over = r.done();                 // terminated || truncated
 * }</pre>
 *
 * @param observation the observation after the step, [obsDim] (a copy)
 * @param reward      the reward
 * @param terminated  whether a terminal state was reached
 * @param truncated   whether the time limit (or another outside cut) ended the episode
 */
public record StepResult(double[] observation, double reward, boolean terminated, boolean truncated) {
    /** Copies the observation. */
    public StepResult {
        observation = observation.clone();
    }

    @Override
    public double[] observation() {
        return observation.clone();
    }

    /** @return {@code terminated || truncated}: the episode is over and needs a reset */
    public boolean done() {
        return terminated || truncated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepResult s && Arrays.equals(observation, s.observation)
                && Double.compare(reward, s.reward) == 0 && terminated == s.terminated && truncated == s.truncated;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(observation) * 31 + Double.hashCode(reward) + (terminated ? 2 : 0)
                + (truncated ? 1 : 0);
    }

    @Override
    public String toString() {
        return "StepResult(" + Arrays.toString(observation) + ", reward=" + reward + ", terminated=" + terminated
                + ", truncated=" + truncated + ")";
    }
}
