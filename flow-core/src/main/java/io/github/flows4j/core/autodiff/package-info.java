/**
 * Reverse-mode automatic differentiation over eager ND4J arrays, with gradients of gradients.
 *
 * <p>{@link io.github.flows4j.core.autodiff.Tensor} wraps an array and the
 * {@link io.github.flows4j.core.autodiff.Function} node that made it; backward rules are written with tensor ops,
 * so {@link io.github.flows4j.core.autodiff.Autodiff#grad} with {@code createGraph = true} is differentiable again
 * (exact and Hutchinson divergences trained through, Hessian-vector products, third derivatives).
 * {@link io.github.flows4j.core.autodiff.GradOptions} gives it PyTorch's keyword arguments ({@code createGraph},
 * {@code allowUnused}, ...). Every reduction takes its axes first, then {@code keepDims}.
 * {@link io.github.flows4j.core.autodiff.GradMode#noGrad()} turns recording off;
 * {@link io.github.flows4j.core.autodiff.TensorScope} releases intermediates deterministically.
 *
 * <pre>{@code
 * try (TensorScope scope = TensorScope.open()) {
 *     Tensor x = Tensor.variable(points);
 *     Tensor hv = Autodiff.hvp(z -> z.square().sum(1, true).sqrt().sum(), x, Tensor.constant(v), false);
 * }
 * }</pre>
 */
package io.github.flows4j.core.autodiff;
