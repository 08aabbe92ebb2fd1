package io.github.flows4j.cnf.path;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A conditional probability path p_t(x | x₀, x₁) with its conditional velocity, sampled jointly; t = 0 is the
 * source (noise) and t = 1 the target (data), as in Meta's flow_matching library.
 *
 * <pre>{@code
 * ProbPath path = new AffinePath(new CondOTScheduler());
 * PathSample s = path.sample(x0, x1, rng.uniform(DataType.FLOAT, batch, 1));
 * }</pre>
 */
public interface ProbPath {
    /**
     * @param x0 source samples, [batch, dim]
     * @param x1 target samples, [batch, dim], same type
     * @param t  times in [0, 1], [batch, 1]
     * @return the path sample
     * @throws io.github.flows4j.core.ShapeMismatchException if the shapes disagree
     * @throws io.github.flows4j.core.InvalidConfigException if a time is outside [0, 1]
     * @throws io.github.flows4j.core.NonFiniteException     if x0 or x1 holds NaN or infinity
     */
    PathSample sample(INDArray x0, INDArray x1, INDArray t);

    /**
     * Samples the path with its own randomness: a path that adds Gaussian noise around the line between x₀ and x₁
     * ({@link NoisyAffinePath}) draws it here; a deterministic path ignores {@code rng} and returns
     * {@link #sample(INDArray, INDArray, INDArray)}. The Flow Matching loss calls this form.
     *
     * @param x0  source samples, [batch, dim]
     * @param x1  target samples, [batch, dim], same type
     * @param t   times in [0, 1], [batch, 1]
     * @param rng the generator of the path's own noise
     * @return the path sample
     */
    default PathSample sample(INDArray x0, INDArray x1, INDArray t, Rng rng) {
        return sample(x0, x1, t);
    }
}
