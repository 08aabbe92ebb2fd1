package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A finite GFlowNet state space: a directed acyclic graph over states {@code 0 … stateCount()-1} with a single initial
 * state, forward actions (one of them the <em>stop</em> action that ends a trajectory and emits the current state as
 * the object x), backward actions (one per parent), and a positive reward on the states where stopping is allowed
 * (Bengio et al. 2021, "Flow network based generative models"; the vocabulary of GFNOrg/torchgfn).
 *
 * <p><b>Contract.</b> Every forward step strictly increases the state index ({@code step(s, a) > s}), so index order
 * is a topological order of the DAG: {@link TerminalDistribution} walks it once, and every trajectory ends after at
 * most {@link #maxTrajectoryLength()} states. {@code backwardStep(step(s, a), backwardActionOf(s, a)) == s}.
 *
 * <pre>{@code
 * DiscreteEnvironment env = Hypergrid.of(2, 8, 0.01);
 * int s = env.step(env.initialState(), 0);          // move along the first axis
 * int x = s;                                         // stop here: x is emitted with reward exp(env.logReward(x))
 * boolean ok = env.isValidForward(s, env.stopAction());
 * }</pre>
 */
public interface DiscreteEnvironment {
    /** @return the number of states */
    int stateCount();

    /** @return the initial state s0 (no parents) */
    int initialState();

    /** @return the number of forward actions, the stop action included */
    int forwardActionCount();

    /** @return the index of the stop action among the forward actions */
    int stopAction();

    /** @return the number of backward actions */
    int backwardActionCount();

    /** @return the most states a complete trajectory can visit, s0 and the final state included */
    int maxTrajectoryLength();

    /**
     * @param state  a state
     * @param action a forward action
     * @return whether the action may be taken from the state (the stop action included)
     * @throws InvalidConfigException if the state or action index is out of range
     */
    boolean isValidForward(int state, int action);

    /**
     * @param state  a state
     * @param action a valid non-stop forward action
     * @return the child state, {@code > state}
     * @throws InvalidConfigException naming {@code action} if it is invalid from the state or is the stop action
     */
    int step(int state, int action);

    /**
     * @param state  a state
     * @param action a backward action
     * @return whether the action leads to a parent of the state
     * @throws InvalidConfigException if the state or action index is out of range
     */
    boolean isValidBackward(int state, int action);

    /**
     * @param state  a state
     * @param action a valid backward action
     * @return the parent state, {@code < state}
     * @throws InvalidConfigException naming {@code action} if it is invalid from the state
     */
    int backwardStep(int state, int action);

    /**
     * @param parent        the state the forward action is taken from
     * @param forwardAction a valid non-stop forward action from it
     * @return the backward action that, from the child, leads back to {@code parent}
     * @throws InvalidConfigException naming {@code forwardAction} if it is invalid from the parent
     */
    int backwardActionOf(int parent, int forwardAction);

    /**
     * @param state a state from which the stop action is valid
     * @return log R(x) of that terminal object, finite
     * @throws InvalidConfigException naming {@code state} if stopping there is not allowed
     */
    double logReward(int state);

    /** @return the length of a state's encoding ({@link #encode}) */
    int featureDim();

    /**
     * @param states states, n of them
     * @param type   FLOAT or DOUBLE
     * @return their encodings, [n, featureDim()]
     */
    INDArray encode(int[] states, DataType type);

    /**
     * @param states states, n of them
     * @param type   the mask's type
     * @return 1 where a forward action is valid, else 0, [n, forwardActionCount()]
     */
    default INDArray forwardMask(int[] states, DataType type) {
        int a = forwardActionCount();
        double[] m = new double[states.length * a];
        for (int i = 0; i < states.length; i++) {
            for (int j = 0; j < a; j++) {
                m[i * a + j] = isValidForward(states[i], j) ? 1 : 0;
            }
        }
        return Nd4j.create(m, new long[] {states.length, a}, type);
    }

    /**
     * @param states states, n of them
     * @param type   the mask's type
     * @return 1 where a backward action is valid, else 0, [n, backwardActionCount()] (a zero row for s0)
     */
    default INDArray backwardMask(int[] states, DataType type) {
        int b = backwardActionCount();
        double[] m = new double[states.length * b];
        for (int i = 0; i < states.length; i++) {
            for (int j = 0; j < b; j++) {
                m[i * b + j] = isValidBackward(states[i], j) ? 1 : 0;
            }
        }
        return Nd4j.create(m, new long[] {states.length, b}, type);
    }

    /**
     * The target of a GFlowNet: R(x) / Z over the states where stopping is allowed (0 elsewhere).
     *
     * @return the normalised reward, one entry per state
     */
    default double[] rewardDistribution() {
        double logZ = logPartition();
        double[] p = new double[stateCount()];
        for (int s = 0; s < p.length; s++) {
            if (isValidForward(s, stopAction())) {
                p[s] = Math.exp(logReward(s) - logZ);
            }
        }
        return p;
    }

    /** @return the exact log Z = log Σ_x R(x), summed over every terminating state */
    default double logPartition() {
        double max = Double.NEGATIVE_INFINITY;
        int n = stateCount();
        double[] lr = new double[n];
        for (int s = 0; s < n; s++) {
            lr[s] = isValidForward(s, stopAction()) ? logReward(s) : Double.NEGATIVE_INFINITY;
            max = Math.max(max, lr[s]);
        }
        double sum = 0;
        for (double v : lr) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
