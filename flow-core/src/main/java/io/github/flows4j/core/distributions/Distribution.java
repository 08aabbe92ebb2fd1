package io.github.flows4j.core.distributions;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A {@link Sampler} that also has a log-density: what a continuous normalizing flow needs of its source p₀, since
 * log p₁(x) = log p₀(z) − ∫₀¹ div v dt with z the point x flows back to (Chen et al. 2018).
 *
 * <pre>{@code
 * Distribution base = new StandardNormal(2);
 * INDArray x0 = base.sample(256, rng, DataType.FLOAT);        // [256, 2]
 * Tensor logp = base.logProb(Tensor.constant(x0));            // [256, 1]
 * }</pre>
 */
public interface Distribution extends Sampler {
    /**
     * @param x points, [batch, dim]
     * @return log p(x), [batch, 1], in the type of {@code x}; differentiable in x where
     *     {@link #differentiable()} says so, a constant otherwise
     * @throws io.github.flows4j.core.ShapeMismatchException unless x is [batch, dim]
     */
    Tensor logProb(Tensor x);

    /** @return whether {@link #logProb} carries gradients to x (needed only to train through the source) */
    default boolean differentiable() {
        return true;
    }
}
