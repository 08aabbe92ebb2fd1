package io.github.flows4j.core.flows;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * An invertible map of R^d with a tractable log-Jacobian-determinant, optionally conditioned on a context vector
 * c ∈ R^{contextDim} (the same c for the map and its inverse): the building block of discrete-time normalizing
 * flows (Rezende and Mohamed 2015; Papamakarios et al. 2021, "Normalizing Flows for Probabilistic Modeling and
 * Inference", Sec. 2). Every implementation in this package is a {@link io.github.flows4j.core.nn.Module}, so its
 * parameters go to optimisers, checkpoints and the {@link io.github.flows4j.core.train.Trainer}.
 *
 * <p>Convention (as in nflows): {@link #forward} maps data toward the base distribution, so a flow's density is
 * log p(x) = log N(f(x)) + log |det ∂f/∂x|; {@link #inverse} maps base samples to data. Both are batched and
 * written with {@link Tensor} ops, so gradients reach inputs, context and parameters.
 *
 * <pre>{@code
 * Bijection b = AffineCoupling.builder().dim(2).hidden(64, 64).dtype(DataType.DOUBLE).build(Rng.seeded(0));
 * Transformed fwd = b.forward(x, null);                 // x: [n, 2] -> y [n, 2], logDet [n]
 * Transformed back = b.inverse(fwd.value(), null);      // back.value() == x; back.logDet() == -fwd.logDet()
 * }</pre>
 */
public interface Bijection {
    /**
     * @param x       points, {@code [n, dim()]}, of the bijection's data type
     * @param context {@code [n, contextDim()]}, or {@code null} when {@code contextDim() == 0}
     * @return y = f(x | c), {@code [n, dim()]}, and log |det ∂y/∂x| per row, {@code [n]}
     * @throws io.github.flows4j.core.ShapeMismatchException if x or context has the wrong shape (or a context is
     *     given to, or missing from, a bijection that does not take / needs one)
     * @throws io.github.flows4j.core.DTypeMismatchException if x or context is not of the bijection's data type
     * @throws io.github.flows4j.core.NonFiniteException if x or context holds NaN or infinity
     */
    Transformed forward(Tensor x, Tensor context);

    /**
     * @param y       points, {@code [n, dim()]}
     * @param context {@code [n, contextDim()]}, or {@code null} when {@code contextDim() == 0}
     * @return x = f⁻¹(y | c), {@code [n, dim()]}, and log |det ∂x/∂y| per row, {@code [n]}
     * @throws io.github.flows4j.core.ShapeMismatchException if y or context has the wrong shape
     * @throws io.github.flows4j.core.DTypeMismatchException if y or context is not of the bijection's data type
     * @throws io.github.flows4j.core.NonFiniteException if y or context holds NaN or infinity
     */
    Transformed inverse(Tensor y, Tensor context);

    /** @return the dimension d of the points */
    int dim();

    /** @return the dimension of the context, 0 for an unconditional bijection */
    int contextDim();
}
