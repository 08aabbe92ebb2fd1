package io.github.flows4j.rl.sac;

import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.env.StepResult;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How {@link SacTraining} acts in its training environment, stores what happened and turns the replay into one
 * update's losses. The training loop calls {@link #begin} after each reset, {@link #act} for a policy action (random
 * start steps draw their own), {@link #step} after each environment step, and {@link #losses} once per update.
 * {@link TransitionExperience} is SAC's (a {@link io.github.flows4j.rl.buffer.ReplayBuffer} of single transitions);
 * {@link io.github.flows4j.rl.smac.RecurrentSmacAgent} carries a recurrent belief through the episode and replays
 * fixed-length sequences.
 *
 * <pre>{@code
 * Experience x = agent.experience(config, obsDim, actionDim);
 * x.begin(env.reset(rng), rng);
 * double[] a = x.act(rng);
 * x.step(a, env.step(SacAgent.toEnvAction(a, env.actionSpace())), rng);
 * SacLosses l = x.losses(256, data, noise);
 * }</pre>
 */
public interface Experience {
    /**
     * Starts a training episode.
     *
     * @param obs the episode's first observation
     * @param rng draws any latent state the agent keeps while acting
     */
    void begin(double[] obs, Rng rng);

    /**
     * @param rng draws the exploration noise
     * @return an exploration action in (−1, 1)^|A| for the current observation
     */
    double[] act(Rng rng);

    /**
     * Stores the step taken from the current observation and moves on to {@code result.observation()}; after a
     * step that ends the episode ({@link StepResult#done()}), {@link #begin} must come next.
     *
     * @param action the action taken, in (−1, 1)^|A|
     * @param result the environment's answer
     * @param rng    draws any latent state the agent keeps while acting
     */
    void step(double[] action, StepResult result, Rng rng);

    /** @return the transitions stored */
    int size();

    /**
     * Samples a minibatch from the replay and builds one update's losses; nothing is stepped.
     *
     * @param batchSize the minibatch size (transitions; a sequence replay draws about as many rows)
     * @param data      draws the minibatch
     * @param noise     draws the policy noise
     * @return the losses; {@code total().backward()} gives every parameter's gradient
     */
    SacLosses losses(int batchSize, Rng data, Rng noise);

    /**
     * Writes the replay into checkpoint state under {@code prefix}.
     *
     * @param prefix   the key prefix
     * @param counters receives the counters
     * @param arrays   receives copies of the stored arrays
     */
    void saveState(String prefix, Map<String, Long> counters, Map<String, INDArray> arrays);

    /**
     * Restores what {@link #saveState} wrote; the interrupted episode is not restored ({@link #begin} comes next).
     *
     * @param prefix   the key prefix used when saving
     * @param counters the saved counters
     * @param arrays   the saved arrays
     */
    void loadState(String prefix, Map<String, Long> counters, Map<String, INDArray> arrays);
}
