package io.github.flows4j.rl.sac;

import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.Transitions;

/**
 * What {@link SacTraining} needs of an agent: its parameters as one {@link Module}, the losses of one update on a
 * minibatch, the target update, and actions for collection and evaluation. {@link SacAgent} is the reference
 * implementation; {@link io.github.flows4j.rl.smac.SmacAgent} swaps in a latent-variable actor.
 *
 * <pre>{@code
 * SacTraining t = SacTraining.builder(Pendulum::new).agent(SacAgent::new).steps(20_000).build(rng);
 * }</pre>
 */
public interface OffPolicyAgent {
    /** @return the module holding every parameter (the target copies included), for optimizer and checkpoint */
    Module module();

    /**
     * @param batch transitions with actions in the squashed space
     * @param rng   draws the policy noise
     * @return the update's losses; {@code total().backward()} gives every parameter's gradient
     */
    SacLosses losses(Transitions batch, Rng rng);

    /** Moves the target networks after an optimizer step. */
    void updateTargets();

    /**
     * @param obs one observation
     * @param rng draws the exploration noise
     * @return an exploration action in (−1, 1)^|A|
     */
    double[] sampleAction(double[] obs, Rng rng);

    /**
     * @param obs one observation
     * @return the deterministic evaluation action in (−1, 1)^|A|
     */
    double[] meanAction(double[] obs);

    /** @return the current temperature α */
    double alpha();

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
        OffPolicyAgent create(int obsDim, int actionDim, SacConfig config, Rng rng);
    }
}
