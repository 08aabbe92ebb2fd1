package io.github.flows4j.convex.cpflow;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * The output of a flow layer (or of a whole flow) on a batch: the mapped points and log |det ∂y/∂x| per row.
 *
 * <pre>{@code
 * FlowStep s = block.forward(x, null, ExactLogDet.evaluation(), rng);
 * Tensor z = s.y();          // [batch, d]
 * Tensor ld = s.logDet();    // [batch, 1] (a surrogate when the estimator is one)
 * }</pre>
 *
 * @param y      the mapped points, [batch, d]
 * @param logDet log |det ∂y/∂x| per row, [batch, 1]; with a surrogate estimator, the surrogate instead
 */
public record FlowStep(Tensor y, Tensor logDet) {
    /** @throws IllegalArgumentException if a part is null */
    public FlowStep {
        if (y == null || logDet == null) {
            throw new IllegalArgumentException("y and logDet must not be null");
        }
    }
}
