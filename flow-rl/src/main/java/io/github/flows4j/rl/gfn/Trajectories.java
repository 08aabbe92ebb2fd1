package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;

/**
 * A batch of complete trajectories {@code s0 → s1 → … → x → stop} in a {@link DiscreteEnvironment}, stored padded to
 * the longest one: {@code width()} = the most states in a trajectory. Position t of trajectory b holds state s_t and
 * the forward action taken from it (the stop action at the last state, {@code length(b) - 1}); padding repeats the
 * last state and has action -1. Immutable.
 *
 * <pre>{@code
 * Hypergrid grid = Hypergrid.of(2, 4, 0.1);
 * Trajectories batch = Trajectories.of(grid, new int[][] {{0, 1, 2}, {2}});   // (0,0)→(1,0)→(1,1) stop; stop at s0
 * int x = batch.terminalState(0);                                             // grid.index(1, 1)
 * }</pre>
 */
public final class Trajectories {
    private final DiscreteEnvironment env;
    private final int width;
    private final int[] lengths;
    private final int[] states;
    private final int[] actions;
    private final int[] backwardActions;
    private final double[] logRewards;

    private Trajectories(DiscreteEnvironment env, int width, int[] lengths, int[] states, int[] actions,
            int[] backwardActions, double[] logRewards) {
        this.env = env;
        this.width = width;
        this.lengths = lengths;
        this.states = states;
        this.actions = actions;
        this.backwardActions = backwardActions;
        this.logRewards = logRewards;
    }

    /**
     * Replays action sequences from the initial state.
     *
     * @param env     the state space
     * @param actions one sequence per trajectory: valid forward actions, the last (and only the last) the stop action
     * @return the batch
     * @throws InvalidConfigException naming {@code actions[b][t]} if an action is invalid from the state reached, a
     *     sequence does not end with stop or stops early, or there is no sequence
     */
    public static Trajectories of(DiscreteEnvironment env, int[][] actions) {
        if (env == null) {
            throw InvalidConfigException.of("env", "non-null", null);
        }
        if (actions == null || actions.length == 0) {
            throw InvalidConfigException.of("actions", "at least one sequence", actions == null ? null : 0);
        }
        int b = actions.length;
        int width = 0;
        for (int[] seq : actions) {
            width = Math.max(width, seq == null ? 0 : seq.length);
        }
        if (width == 0) {
            throw InvalidConfigException.of("actions[i]", "a non-empty sequence ending with stop", "[]");
        }
        int stop = env.stopAction();
        int[] lengths = new int[b];
        int[] states = new int[b * width];
        int[] acts = new int[b * width];
        int[] back = new int[b * width];
        double[] logR = new double[b];
        Arrays.fill(acts, -1);
        Arrays.fill(back, -1);
        for (int i = 0; i < b; i++) {
            int[] seq = actions[i];
            if (seq == null || seq.length == 0 || seq[seq.length - 1] != stop) {
                throw InvalidConfigException.of("actions[" + i + "]", "a sequence ending with the stop action "
                        + stop, seq == null ? null : Arrays.toString(seq));
            }
            int s = env.initialState();
            for (int t = 0; t < seq.length; t++) {
                int a = seq[t];
                if (a < 0 || a >= env.forwardActionCount() || !env.isValidForward(s, a)
                        || (a == stop) != (t == seq.length - 1)) {
                    throw InvalidConfigException.of("actions[" + i + "][" + t + "]",
                            "a valid forward action from state " + s + (t < seq.length - 1 ? " (not stop)" : ""), a);
                }
                states[i * width + t] = s;
                acts[i * width + t] = a;
                if (a != stop) {
                    back[i * width + t] = env.backwardActionOf(s, a);
                    s = env.step(s, a);
                }
            }
            lengths[i] = seq.length;
            for (int t = seq.length; t < width; t++) {
                states[i * width + t] = s;
            }
            logR[i] = env.logReward(s);
            if (!Double.isFinite(logR[i])) {
                throw InvalidConfigException.of("reward of state " + s, "> 0 and finite", Math.exp(logR[i]));
            }
        }
        return new Trajectories(env, width, lengths, states, acts, back, logR);
    }

    /** @return the state space */
    public DiscreteEnvironment env() {
        return env;
    }

    /** @return the number of trajectories */
    public int batchSize() {
        return lengths.length;
    }

    /** @return the most states in one trajectory (the padded width) */
    public int width() {
        return width;
    }

    /** @param b a trajectory @return its number of states, s0 and x included */
    public int length(int b) {
        return lengths[b];
    }

    /** @param b a trajectory @param t a position @return s_t (the last state on padding) */
    public int state(int b, int t) {
        return states[b * width + t];
    }

    /** @param b a trajectory @param t a position @return the forward action taken at s_t, -1 on padding */
    public int action(int b, int t) {
        return actions[b * width + t];
    }

    /** @param b a trajectory @return its object x (the state it stopped at) */
    public int terminalState(int b) {
        return states[b * width + lengths[b] - 1];
    }

    /** @return log R(x) of each trajectory, [batchSize] (a copy) */
    public double[] logRewards() {
        return logRewards.clone();
    }

    /** @return the total number of transitions, stop actions included */
    public int transitionCount() {
        int n = 0;
        for (int l : lengths) {
            n += l;
        }
        return n;
    }

    /** @return each trajectory's forward actions, the stop action last (copies) */
    public int[][] actionSequences() {
        int[][] out = new int[lengths.length][];
        for (int b = 0; b < lengths.length; b++) {
            out[b] = Arrays.copyOfRange(actions, b * width, b * width + lengths[b]);
        }
        return out;
    }

    int[] flatStates() {
        return states;
    }

    int[] flatActions() {
        return actions;
    }

    int[] flatBackwardActions() {
        return backwardActions;
    }

    int[] lengths() {
        return lengths;
    }

    double[] logRewardsView() {
        return logRewards;
    }
}
