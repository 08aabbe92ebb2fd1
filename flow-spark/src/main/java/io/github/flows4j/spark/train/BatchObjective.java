package io.github.flows4j.spark.train;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.train.GradientSource;
import io.github.flows4j.spark.HostArray;
import io.github.flows4j.spark.RowFailedException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A data-parallel objective: the driver-side {@link BatchSampler} and the executor-side {@link BatchLoss}. Its
 * {@link #local()} gradient source is the single-machine computation that {@link SparkGradientSource} reproduces
 * to float tolerance with the batch split across Spark partitions.
 *
 * <pre>{@code
 * BatchObjective<TimeMlp> objective = new BatchObjective<>(sampler, fmLoss);
 * Trainer.builder(model).config(config).gradients(objective.local()).build().fit(rng.split(), rng.split());
 * }</pre>
 *
 * @param <M>     the model's type
 * @param sampler draws the global batch on the driver
 * @param loss    the mean per-row loss
 */
public record BatchObjective<M extends Module>(BatchSampler sampler, BatchLoss<M> loss) {
    /**
     * @throws InvalidConfigException if either part is null
     */
    public BatchObjective {
        if (sampler == null) {
            throw InvalidConfigException.of("sampler", "non-null", null);
        }
        if (loss == null) {
            throw InvalidConfigException.of("loss", "non-null", null);
        }
    }

    /**
     * @return the single-JVM gradient source: draw the batch, reject a non-finite row with a
     *     {@link RowFailedException}, back-propagate the loss of all rows
     */
    public GradientSource<M> local() {
        return ctx -> {
            for (Tensor p : ctx.parameters().values()) {
                p.zeroGrad();
            }
            INDArray batch = sampler.sample(ctx.data(), ctx.noise());
            try {
                checkFinite(HostArray.of(batch), 0);
                Tensor l = loss.loss(ctx.model(), batch);
                l.backward();
                return l.item();
            } finally {
                batch.close();
            }
        };
    }

    /**
     * @param rows   a batch or shard, {@code [rows, columns]}
     * @param offset the global index of its first row
     * @throws RowFailedException naming the first non-finite value's global row and column ({@code "c<j>"})
     */
    static void checkFinite(HostArray rows, long offset) {
        double[] v = rows.toDoubles();
        long[] shape = rows.shape();
        int cols = shape.length < 2 ? 1 : (int) shape[1];
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new RowFailedException(offset + i / cols, "c" + (i % cols), "is " + v[i]);
            }
        }
    }
}
