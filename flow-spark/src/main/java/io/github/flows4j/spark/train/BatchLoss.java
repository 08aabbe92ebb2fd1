package io.github.flows4j.spark.train;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training objective as a function of (model, batch rows), shipped to Spark executors. It must be the <em>mean
 * over the rows</em> of a per-row loss that depends only on that row (and the parameters): then the gradient of a
 * global batch is the row-count-weighted sum of the gradients of its shards, and data-parallel training equals
 * single-machine training. Everything random about a row (Flow Matching's source point and time, a Hutchinson
 * probe) is therefore a column of the batch, drawn on the driver by the {@link BatchSampler}. It may throw a
 * {@link io.github.flows4j.spark.RowFailedException} naming a row of {@code batch} (0-based, local); the
 * distributed source re-throws it with the global row.
 *
 * <pre>{@code
 * // Flow Matching; a row is [x1 (2) | x0 (2) | t (1)]
 * BatchLoss<TimeMlp> fm = (model, b) -> {
 *     Tensor rows = Tensor.constant(b);
 *     Tensor x1 = rows.narrow(1, 0, 2), x0 = rows.narrow(1, 2, 2), t = rows.narrow(1, 4, 1);
 *     Tensor xt = x0.mul(t.rsub(1)).add(x1.mul(t));
 *     return model.forward(t, xt).sub(x1.sub(x0)).square().sum(1).mean();
 * };
 * }</pre>
 *
 * @param <M> the model's type
 */
@FunctionalInterface
public interface BatchLoss<M extends Module> extends Serializable {
    /**
     * @param model the model (on an executor: a replica holding the step's parameters)
     * @param batch the rows, {@code [rows, columns]}, FLOAT or DOUBLE
     * @return the mean over the rows of the per-row loss, a scalar tensor on the model's tape
     */
    Tensor loss(M model, INDArray batch);
}
