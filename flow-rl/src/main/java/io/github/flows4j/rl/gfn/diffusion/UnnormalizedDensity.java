package io.github.flows4j.rl.gfn.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A target for a continuous GFlowNet sampler: an unnormalised density R(x) = exp(logReward(x)) on R^dim, with its
 * exact log-partition log Z = log ∫ R when known (for measuring the sampler's estimate).
 *
 * <pre>{@code
 * UnnormalizedDensity target = GaussianGrid.standard();     // 25 modes
 * INDArray logR = target.logReward(x);                      // x [n, 2] -> [n, 1]
 * double logZ = target.logPartition();
 * }</pre>
 */
public interface UnnormalizedDensity {
    /** @return the dimension of x */
    int dim();

    /**
     * @param x points, [n, dim]
     * @return log R(x), [n, 1], of x's type
     */
    INDArray logReward(INDArray x);

    /** @return the exact log ∫ R(x) dx, or NaN if unknown */
    double logPartition();
}
