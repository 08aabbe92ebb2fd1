package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A dequantizer whose regions partition a box [lo, hi] of R^dim (not all of R^dim): a continuous model that puts
 * mass outside the box wastes it, so {@link DequantizedModel#onBox} gives the model exactly the box as support.
 *
 * <pre>{@code
 * BoundedSupport b = VoronoiDequantizer.create(2, 91, 2, DataType.FLOAT, NormalizingFlow.builder(), rng);
 * Tensor lo = b.supportLower();   // [1, 4], differentiable in the boxes' parameters
 * Tensor hi = b.supportUpper();
 * }</pre>
 */
public interface BoundedSupport extends Dequantizer {
    /** @return the box's lower corner, [1, dim] */
    Tensor supportLower();

    /** @return the box's upper corner, [1, dim], &gt; the lower one elementwise */
    Tensor supportUpper();
}
