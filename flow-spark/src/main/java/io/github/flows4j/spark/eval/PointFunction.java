package io.github.flows4j.spark.eval;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-point value computed a batch at a time — an exact negative log-likelihood by one adaptive solve, a
 * Hutchinson estimate, a sample statistic — shipped to Spark executors. The value of a point may depend on the other
 * points of its batch (an adaptive solver picks one step size for the whole batch); {@link DistributedEvaluator}
 * therefore forms the same batches on Spark as on one JVM, which makes the results identical. It may throw a
 * {@link io.github.flows4j.spark.RowFailedException} naming a row of {@code points} (0-based, local); the evaluator
 * re-throws it with the global row.
 *
 * <pre>{@code
 * PointFunction nll = ModelPoints.of(factory, ParameterSnapshot.of(field.parameters()),
 *         (f, x) -> likelihood.evaluate(f, x).values().neg());     // [n, 1] nats
 * }</pre>
 */
@FunctionalInterface
public interface PointFunction extends Serializable {
    /**
     * @param points {@code [n, dim]}, of the evaluator's data type
     * @return {@code [n]} or {@code [n, k]}: one value (k = 1, for {@code evaluate}) or one k-vector (for
     *     {@code evaluateRows} and {@code moments}) per point; a fresh array the caller may close
     */
    INDArray apply(INDArray points);
}
