package io.github.flows4j.manifold.ppd;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A target path's log-density and its derivatives at a batch of (t, x): what the PPD residual
 * ∂_t log p_t + div_g v + ⟨∇_g log p_t, v⟩_g needs.
 *
 * <pre>{@code
 * PathValues p = path.evaluate(Tensor.constant(x), t);
 * double meanLogP = p.logProb().mean().item();
 * }</pre>
 *
 * @param logProb     log p_t(x) with respect to the Riemannian volume, [batch, 1]
 * @param dtLogProb   ∂_t log p_t(x), [batch, 1]
 * @param gradLogProb ∇_g log p_t(x), the Riemannian gradient, tangent at x, [batch, D]
 */
public record PathValues(Tensor logProb, Tensor dtLogProb, Tensor gradLogProb) {
}
