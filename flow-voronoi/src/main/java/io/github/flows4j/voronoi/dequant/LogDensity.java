package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A continuous density with an exact log-likelihood, the model p(z) of a dequantized discrete distribution.
 *
 * <pre>{@code
 * NormalizingFlow flow = NormalizingFlow.builder().dim(4).build(rng.split());
 * LogDensity p = z -> flow.logProb(z, null);     // z [n, 4] -> [n]
 * }</pre>
 */
@FunctionalInterface
public interface LogDensity {
    /**
     * @param z points, [n, dim]
     * @return log p(z), [n], differentiable in z and the model's parameters
     */
    Tensor logProb(Tensor z);
}
