package io.github.flows4j.core.distributions;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The empirical distribution of a finite data set: each draw is a row chosen uniformly with replacement. It makes a
 * data set usable wherever a {@link Sampler} is, e.g. as the source x₀ of data-to-data Flow Matching.
 *
 * <pre>{@code
 * Sampler source = new Empirical(points);                     // points: [n, dim], copied
 * INDArray x0 = source.sample(256, rng, DataType.FLOAT);      // [256, dim]
 * }</pre>
 */
public final class Empirical implements Sampler {
    private final INDArray data;

    /**
     * @param data the points, [n, dim] with n, dim &ge; 1, finite (copied)
     * @throws io.github.flows4j.core.ShapeMismatchException unless data is [n, dim]
     * @throws io.github.flows4j.core.NonFiniteException     if data holds NaN or infinity
     */
    public Empirical(INDArray data) {
        Checks.matrix("data", data);
        Checks.finite("data", data);
        this.data = data.dup();
    }

    @Override
    public int dim() {
        return (int) data.size(1);
    }

    /** @return the number of points */
    public int size() {
        return (int) data.size(0);
    }

    @Override
    public INDArray sample(int n, Rng rng, DataType type) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = rng.nextInt(size());
        }
        return Nd4j.pullRows(data, 1, rows).castTo(type);
    }
}
