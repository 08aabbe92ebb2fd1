package io.github.flows4j.rl.smac;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.SequenceReplay;
import io.github.flows4j.rl.env.StepResult;
import io.github.flows4j.rl.sac.Experience;
import io.github.flows4j.rl.sac.SacLosses;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The experience of a {@link RecurrentSmacAgent}: while acting, the belief is carried across the episode's steps
 * (reset to its initial state at every episode start, advanced by each observation with a posterior draw of z_t);
 * the exploration action is drawn from π(a | [h_t, z_t]). Every observation goes into a {@link SequenceReplay} together
 * with the belief state it was observed from, and an update replays ⌈batch / (L − burn-in)⌉ pieces of L transitions.
 *
 * <pre>{@code
 * Experience x = agent.experience(config, obsDim, actionDim);   // a BeliefExperience
 * }</pre>
 */
public final class BeliefExperience implements Experience {
    private final RecurrentSmacAgent agent;
    private final SequenceReplay replay;
    private RecurrentSmacAgent.Acting acting;

    /**
     * @param agent  the agent acting and learning
     * @param replay the (empty or restored) sequence replay, of the agent's sizes
     */
    public BeliefExperience(RecurrentSmacAgent agent, SequenceReplay replay) {
        this.agent = Checks.notNull("agent", agent);
        this.replay = Checks.notNull("replay", replay);
    }

    /** @return the sequence replay */
    public SequenceReplay replay() {
        return replay;
    }

    /** @return the current belief features [h_t, z_t] of the training episode (a copy) */
    public double[] belief() {
        return state().memory();
    }

    @Override
    public void begin(double[] obs, Rng rng) {
        acting = agent.newActing();
        replay.begin(obs, acting.memory());
        acting.observe(obs, rng);
    }

    @Override
    public double[] act(Rng rng) {
        return state().sampleAction(rng);
    }

    @Override
    public void step(double[] action, StepResult result, Rng rng) {
        RecurrentSmacAgent.Acting a = state();
        replay.add(action, result.reward(), result.terminated(), result.observation(), a.memory(), result.done());
        if (result.done()) {
            acting = null;
        } else {
            a.previousAction(action);
            a.observe(result.observation(), rng);
        }
    }

    @Override
    public int size() {
        return replay.size();
    }

    @Override
    public SacLosses losses(int batchSize, Rng data, Rng noise) {
        RecurrentSmacConfig s = agent.settings();
        return agent.losses(replay.sample(s.piecesFor(batchSize), s.length(), data), noise);
    }

    @Override
    public void saveState(String prefix, Map<String, Long> counters, Map<String, INDArray> arrays) {
        replay.saveState(prefix, counters, arrays);
    }

    @Override
    public void loadState(String prefix, Map<String, Long> counters, Map<String, INDArray> arrays) {
        replay.loadState(prefix, counters, arrays);
        acting = null;
    }

    private RecurrentSmacAgent.Acting state() {
        if (acting == null) {
            throw new IllegalStateException("no episode in progress: call begin after a reset or an episode's end");
        }
        return acting;
    }
}
