package io.github.flows4j.rl.sac;

import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.function.Function;

/**
 * What {@link SacTraining} trains: the parameters as one {@link Module}, the target update, the temperature, the
 * {@link Experience} it acts and learns through, and a deterministic policy for evaluation episodes. Memoryless agents
 * learn from single transitions ({@link OffPolicyAgent}: SAC, SMAC on the observation); a recurrent agent
 * ({@link io.github.flows4j.rl.smac.RecurrentSmacAgent}) carries a belief across an episode's steps and replays
 * sequences.
 *
 * <pre>{@code
 * SacTraining t = SacTraining.builder(Pendulum::new).agent(SacAgent::new).steps(20_000).build(rng);
 * }</pre>
 */
public interface ReplayAgent {
    /** @return the module holding every parameter (the target copies included), for optimizer and checkpoint */
    Module module();

    /** Moves the target networks after an optimizer step. */
    void updateTargets();

    /** @return the current temperature α */
    double alpha();

    /**
     * Starts the replay this agent collects into and learns from (called once per training).
     *
     * @param config    the hyper-parameters (replay capacity, batch size)
     * @param obsDim    observation size
     * @param actionDim action size
     * @return an empty experience bound to this agent
     */
    Experience experience(SacConfig config, int obsDim, int actionDim);

    /**
     * A deterministic policy for one evaluation episode, mapping each observation to an action in (−1, 1)^|A|; a
     * recurrent agent starts a fresh belief for every call, so the returned function must be used for one episode.
     *
     * @return the episode's policy
     */
    Function<double[], double[]> evaluationEpisode();

    /** Makes an agent for an environment's sizes. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param obsDim    observation size
         * @param actionDim action size
         * @param config    the hyper-parameters
         * @param rng       draws the initial weights
         * @return the agent
         */
        ReplayAgent create(int obsDim, int actionDim, SacConfig config, Rng rng);
    }
}
