package io.github.flows4j.cnf.model;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A velocity field conditioned on a context vector c (a class label's one-hot code, or a continuous context):
 * v(x, t, c). The all-zeros context stands for "no condition", which is how classifier-free guidance trains one
 * network for both the conditional and the unconditional field (Ho and Salimans 2022).
 *
 * <pre>{@code
 * ConditionalVelocityField v = MlpVelocityField.builder().dim(2).conditionDim(8).build(rng);
 * Tensor u = v.velocity(x, t, oneHotLabels);     // [batch, 2], [batch, 1], [batch, 8]
 * VelocityField guided = new GuidedVelocityField(v, oneHotLabels, 2.0);
 * }</pre>
 */
public interface ConditionalVelocityField {
    /**
     * @param x    points, [batch, dim]
     * @param t    times, [batch, 1]
     * @param cond contexts, [batch, conditionDim]; zeros mean unconditional
     * @return velocities, [batch, dim]
     */
    Tensor velocity(Tensor x, Tensor t, Tensor cond);

    /** @return the dimension of the space */
    int dim();

    /** @return the context dimension */
    int conditionDim();
}
