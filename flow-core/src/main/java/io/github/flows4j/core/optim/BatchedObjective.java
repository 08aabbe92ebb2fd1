package io.github.flows4j.core.optim;

import io.github.flows4j.core.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of independent smooth objectives f_b : R^d → R, one per row, evaluated together: the minimiser
 * ({@link Lbfgs}) hands it the current points of the problems still running and reads back each value and gradient.
 * Row {@code i} of {@code x} belongs to problem {@code rows[i]} of the original batch, so an objective with per-row
 * data (a target y_b, a context c_b) selects it by {@code rows}.
 *
 * <pre>{@code
 * // f_b(x) = ½‖x − y_b‖²: each row's minimiser is its own y_b
 * BatchedObjective obj = (x, rows) -> {
 *     INDArray diff = x.sub(y.getRows(rows));
 *     return new BatchedObjective.Evaluation(diff.mul(diff).sum(1).muli(0.5), diff);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface BatchedObjective {
    /**
     * @param x    the points, [k, d], float64, one row per running problem (do not modify or keep: the minimiser
     *             releases it when the call returns)
     * @param rows the problem each row belongs to (indices into the original batch, ascending), length k
     * @return the values and gradients at those points, in arrays the minimiser owns: it reads them once and
     *     releases them (return fresh arrays, or {@code x} itself, never an array the objective keeps using)
     */
    Evaluation evaluate(INDArray x, int[] rows);

    /**
     * An objective's values and gradients at k points.
     *
     * @param values    f_b(x_b), [k] (any float type)
     * @param gradients ∇f_b(x_b), [k, d]
     */
    record Evaluation(INDArray values, INDArray gradients) {
        /**
         * @throws ShapeMismatchException if gradients is not a matrix or values does not hold one entry per row
         */
        public Evaluation {
            if (values == null || gradients == null) {
                throw new IllegalArgumentException("values and gradients must not be null");
            }
            if (gradients.rank() != 2) {
                throw ShapeMismatchException.of("gradients", "[k, d]", gradients.shape());
            }
            if (values.length() != gradients.size(0)) {
                throw new ShapeMismatchException("values must have one entry per row of gradients ("
                        + gradients.size(0) + "); got shape " + Arrays.toString(values.shape()));
            }
        }
    }
}
