package io.github.flows4j.rl.buffer;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of fixed-length pieces of episodes from a {@link SequenceReplay}, time-major: piece i holds the L + 1
 * consecutive observations o_0..o_L of one episode (never two) and the L transitions between them. Transition t goes
 * from o_t with action a_t, reward r_t, to o_{t+1}; {@code terminated[t]} is 1 if the episode terminated there (no
 * bootstrapping), which can only happen at the piece's last transition.
 *
 * <pre>{@code
 * Sequences s = replay.sample(16, 16, rng);     // 16 pieces of 16 transitions
 * INDArray o = s.obs();                         // [17, 16, obsDim]
 * }</pre>
 *
 * @param obs        o_0..o_L, [L + 1, b, obsDim]
 * @param prevAction a_{t−1} for each observation (zeros at an episode's first step), [L + 1, b, actionDim]
 * @param action     a_0..a_{L−1}, [L, b, actionDim]
 * @param reward     r_0..r_{L−1}, [L, b, 1]
 * @param terminated 1 where the transition ended the episode by termination, else 0, [L, b, 1]
 * @param memory     the acting agent's recurrent state stored just before o_0 was observed, [b, memoryDim]
 * @param episodes   the episode each piece comes from (a counter of the replay), [b]
 * @param offsets    the index of o_0 within its episode, [b]
 */
public record Sequences(INDArray obs, INDArray prevAction, INDArray action, INDArray reward, INDArray terminated,
        INDArray memory, long[] episodes, int[] offsets) {
    /** @throws ShapeMismatchException if the arrays do not share L and b */
    public Sequences {
        Checks.notNull("obs", obs);
        Checks.notNull("prevAction", prevAction);
        Checks.notNull("action", action);
        Checks.notNull("reward", reward);
        Checks.notNull("terminated", terminated);
        Checks.notNull("memory", memory);
        Checks.notNull("episodes", episodes);
        Checks.notNull("offsets", offsets);
        if (obs.rank() != 3) {
            throw ShapeMismatchException.of("obs", "[L + 1, b, obsDim]", obs.shape());
        }
        long t = obs.size(0) - 1;
        long b = obs.size(1);
        check("prevAction", prevAction, t + 1, b);
        check("action", action, t, b);
        check("reward", reward, t, b);
        check("terminated", terminated, t, b);
        if (memory.rank() != 2 || memory.size(0) != b) {
            throw ShapeMismatchException.of("memory", "[" + b + ", memoryDim]", memory.shape());
        }
        if (episodes.length != b || offsets.length != b) {
            throw new ShapeMismatchException("episodes and offsets must have " + b + " entries; got "
                    + episodes.length + " and " + offsets.length);
        }
    }

    /** @return L, the transitions per piece */
    public int length() {
        return (int) action.size(0);
    }

    /** @return b, the pieces */
    public int batch() {
        return (int) obs.size(1);
    }

    private static void check(String name, INDArray a, long t, long b) {
        if (a.rank() != 3 || a.size(0) != t || a.size(1) != b) {
            throw ShapeMismatchException.of(name, "[" + t + ", " + b + ", ·]", a.shape());
        }
    }
}
