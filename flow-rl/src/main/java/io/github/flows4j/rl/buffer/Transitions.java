package io.github.flows4j.rl.buffer;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of transitions (s, a, r, s', done), row i of every array belonging to the same step.
 *
 * <pre>{@code
 * Transitions batch = buffer.sample(256, rng);
 * INDArray target = batch.reward().add(batch.done().rsub(1).mul(gamma).mul(nextValue));   // [256, 1]
 * }</pre>
 *
 * @param obs     observations s, [b, obsDim]
 * @param action  actions a, [b, actionDim]
 * @param reward  rewards r, [b, 1]
 * @param nextObs next observations s', [b, obsDim]
 * @param done    1 where the episode ended at s' (no bootstrapping), else 0, [b, 1]
 */
public record Transitions(INDArray obs, INDArray action, INDArray reward, INDArray nextObs, INDArray done) {
    /**
     * @throws ShapeMismatchException if the arrays are not matrices of the shapes above with one batch size
     * @throws DTypeMismatchException if their data types differ
     */
    public Transitions {
        Checks.notNull("obs", obs);
        Checks.notNull("action", action);
        Checks.notNull("reward", reward);
        Checks.notNull("nextObs", nextObs);
        Checks.notNull("done", done);
        if (obs.rank() != 2) {
            throw ShapeMismatchException.of("obs", "[b, obsDim]", obs.shape());
        }
        long b = obs.size(0);
        check("action", action, b, action.rank() == 2 ? action.size(1) : -1, "[" + b + ", actionDim]");
        check("reward", reward, b, 1, "[" + b + ", 1]");
        check("nextObs", nextObs, b, obs.size(1), "[" + b + ", " + obs.size(1) + "]");
        check("done", done, b, 1, "[" + b + ", 1]");
        for (INDArray a : new INDArray[] {action, reward, nextObs, done}) {
            if (a.dataType() != obs.dataType()) {
                throw new DTypeMismatchException("transitions must share one data type; obs is " + obs.dataType()
                        + " but another array is " + a.dataType());
            }
        }
    }

    private static void check(String name, INDArray a, long rows, long cols, String expected) {
        if (a.rank() != 2 || a.size(0) != rows || a.size(1) != cols) {
            throw ShapeMismatchException.of(name, expected, a.shape());
        }
    }

    /** @return the batch size b */
    public int size() {
        return (int) obs.size(0);
    }
}
