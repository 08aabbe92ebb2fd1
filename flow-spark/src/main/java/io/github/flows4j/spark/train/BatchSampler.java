package io.github.flows4j.spark.train;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws a training step's global batch on the driver: {@code [batch, columns]}, one row per example, holding the
 * data point and every random quantity of its loss (so that splitting the rows across partitions does not change
 * what is computed). Data come from {@code data}, the loss's randomness from {@code noise}: the trainer's two
 * streams, which makes a resumed run continue exactly.
 *
 * <pre>{@code
 * BatchSampler fm = (data, noise) -> Nd4j.hstack(
 *         Toy2d.CHECKERBOARD.sample(256, data, DataType.FLOAT),      // x1
 *         noise.normal(DataType.FLOAT, 256, 2),                      // x0
 *         noise.uniform(DataType.FLOAT, 256, 1));                    // t
 * }</pre>
 */
@FunctionalInterface
public interface BatchSampler {
    /**
     * @param data  the stream for data rows
     * @param noise the stream for the loss's randomness
     * @return a fresh {@code [batch, columns]} array of FLOAT or DOUBLE, owned by the caller
     */
    INDArray sample(Rng data, Rng noise);
}
