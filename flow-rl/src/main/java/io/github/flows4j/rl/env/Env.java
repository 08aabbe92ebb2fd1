package io.github.flows4j.rl.env;

import io.github.flows4j.core.random.Rng;

/**
 * A reinforcement-learning environment with continuous actions and observations, Gymnasium's {@code Env} API
 * (Towers et al. 2024): {@link #reset(Rng)} starts an episode and returns the first observation; {@link #step}
 * applies an action and returns a {@link StepResult}. The initial state is drawn from the {@link Rng} handed to
 * reset, so the same stream gives the same episode.
 *
 * <p>Contract every implementation keeps: an action of the wrong length throws
 * {@link io.github.flows4j.core.ShapeMismatchException}, a NaN or infinite action throws
 * {@link io.github.flows4j.core.NonFiniteException}, a step outside an episode (before the first reset, or after
 * {@code terminated}/{@code truncated}) throws {@link EpisodeStateException}; an action outside
 * {@link #actionSpace()} is handled as the environment documents (the Gymnasium ports clip it, as Gymnasium does).
 *
 * <pre>{@code
 * Env env = new Pendulum();
 * Rng rng = Rng.seeded(0);
 * double[] obs = env.reset(rng);                          // [cos θ, sin θ, θ']
 * double ret = 0;
 * for (StepResult r = null; r == null || !r.done(); ) {
 *     r = env.step(new double[] {0.0});
 *     ret += r.reward();
 * }
 * }</pre>
 */
public interface Env {
    /** @return the action space; actions are vectors of its dimension */
    Box actionSpace();

    /** @return the observation space */
    Box observationSpace();

    /** @return the time limit: an episode is truncated after this many steps */
    int maxEpisodeSteps();

    /**
     * Starts a new episode.
     *
     * @param rng the stream the initial state (and any wrapper noise of the episode) is drawn from
     * @return the first observation, [obsDim]
     */
    double[] reset(Rng rng);

    /**
     * Starts a new episode from a seed: {@code reset(Rng.seeded(seed))}.
     *
     * @param seed the seed
     * @return the first observation
     */
    default double[] reset(long seed) {
        return reset(Rng.seeded(seed));
    }

    /**
     * Applies one action.
     *
     * @param action [actionDim]
     * @return the next observation, the reward and whether the episode ended
     * @throws io.github.flows4j.core.ShapeMismatchException if the action has the wrong length
     * @throws io.github.flows4j.core.NonFiniteException if it holds NaN or infinity
     * @throws EpisodeStateException if no episode is running
     */
    StepResult step(double[] action);

    /**
     * @return the observation components that are velocities (removed by {@link MissingVelocity}); empty if none
     */
    default int[] velocityIndices() {
        return new int[0];
    }

    /** @return a short name, e.g. {@code "Pendulum-v1"} */
    String name();
}
