package io.github.flows4j.rl.sac;

import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.ReplayBuffer;
import io.github.flows4j.rl.buffer.Transitions;
import java.util.function.Function;

/**
 * A memoryless off-policy agent: it acts on the current observation and learns from single transitions, through a
 * {@link TransitionExperience} over a {@link ReplayBuffer}. {@link SacAgent} is the reference implementation;
 * {@link io.github.flows4j.rl.smac.SmacAgent} swaps in a latent-variable actor.
 *
 * <pre>{@code
 * SacTraining t = SacTraining.builder(Pendulum::new).agent(SacAgent::new).steps(20_000).build(rng);
 * }</pre>
 */
public interface OffPolicyAgent extends ReplayAgent {
    /**
     * @param batch transitions with actions in the squashed space
     * @param rng   draws the policy noise
     * @return the update's losses; {@code total().backward()} gives every parameter's gradient
     */
    SacLosses losses(Transitions batch, Rng rng);

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

    /** A {@link TransitionExperience} over a replay buffer of {@code config.bufferCapacity()} transitions. */
    @Override
    default Experience experience(SacConfig config, int obsDim, int actionDim) {
        return new TransitionExperience(this, new ReplayBuffer(config.bufferCapacity(), obsDim, actionDim,
                config.dtype()));
    }

    /** {@link #meanAction}: the policy keeps no state between steps. */
    @Override
    default Function<double[], double[]> evaluationEpisode() {
        return this::meanAction;
    }
}
