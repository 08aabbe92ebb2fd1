package io.github.flows4j.rl.sac;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.ReplayBuffer;
import io.github.flows4j.rl.env.StepResult;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The experience of a memoryless agent: each step's transition (s, a, r, s', terminated) goes into a
 * {@link ReplayBuffer}; an update samples a minibatch uniformly without replacement and asks the agent for its
 * losses. Acting is {@link OffPolicyAgent#sampleAction} on the current observation.
 *
 * <pre>{@code
 * Experience x = new TransitionExperience(agent, new ReplayBuffer(1_000_000, 3, 1, DataType.FLOAT));
 * }</pre>
 */
public final class TransitionExperience implements Experience {
    private final OffPolicyAgent agent;
    private final ReplayBuffer buffer;
    private final DataType dtype;
    private double[] obs;

    /**
     * @param agent  the agent acting and learning
     * @param buffer the (empty or restored) replay buffer
     */
    public TransitionExperience(OffPolicyAgent agent, ReplayBuffer buffer) {
        this.agent = Checks.notNull("agent", agent);
        this.buffer = Checks.notNull("buffer", buffer);
        this.dtype = buffer.dataType();
    }

    /** @return the replay buffer */
    public ReplayBuffer buffer() {
        return buffer;
    }

    @Override
    public void begin(double[] first, Rng rng) {
        obs = first;
    }

    @Override
    public double[] act(Rng rng) {
        return agent.sampleAction(current(), rng);
    }

    @Override
    public void step(double[] action, StepResult result, Rng rng) {
        buffer.add(row(current()), row(action), result.reward(), row(result.observation()), result.terminated());
        obs = result.done() ? null : result.observation();
    }

    @Override
    public int size() {
        return buffer.size();
    }

    @Override
    public SacLosses losses(int batchSize, Rng data, Rng noise) {
        return agent.losses(buffer.sample(batchSize, data), noise);
    }

    @Override
    public void saveState(String prefix, Map<String, Long> counters, Map<String, INDArray> arrays) {
        buffer.saveState(prefix, counters, arrays);
    }

    @Override
    public void loadState(String prefix, Map<String, Long> counters, Map<String, INDArray> arrays) {
        buffer.loadState(prefix, counters, arrays);
    }

    private double[] current() {
        if (obs == null) {
            throw new IllegalStateException("no current observation: call begin after a reset or an episode's end");
        }
        return obs;
    }

    private INDArray row(double[] v) {
        return Nd4j.createFromArray(v).castTo(dtype);
    }
}
