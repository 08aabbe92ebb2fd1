package io.github.flows4j.core.distributions;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Anything that draws i.i.d. points in R^dim from an explicit {@link Rng}: a {@link Distribution}, a 2-D toy
 * ({@link io.github.flows4j.core.data.Toy2d}) or a finite data set ({@link Empirical}). Flow Matching takes its
 * source x₀ from any sampler; the likelihood needs a {@link Distribution}.
 *
 * <pre>{@code
 * Sampler source = Toy2d.EIGHT_GAUSSIANS;
 * INDArray x0 = source.sample(256, rng, DataType.FLOAT);      // [256, 2]
 * }</pre>
 */
public interface Sampler {
    /** @return the dimension of each point, &ge; 1 */
    int dim();

    /**
     * @param n    how many points, &ge; 1
     * @param rng  the generator (advanced by the draws)
     * @param type FLOAT or DOUBLE
     * @return the points, [n, dim]
     * @throws io.github.flows4j.core.InvalidConfigException if {@code n < 1} or the type is not FLOAT or DOUBLE
     */
    INDArray sample(int n, Rng rng, DataType type);
}
