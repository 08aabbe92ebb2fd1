/**
 * Probability Path Divergence (Ben-Hamu, Cohen, Bose, Amos, Grover, Nickel, Chen and Lipman, ICML 2022): a
 * continuous normalizing flow v_θ on a manifold is trained, without an ODE solve per step, by penalising the residual
 * of the log mass-conservation equation along a target path p_t from the base (t = 0) to the data (t = 1),
 * r = ∂_t log p_t + div_g v_θ + ⟨∇_g log p_t, v_θ⟩_g. {@link io.github.flows4j.manifold.ppd.KernelMixturePath} is
 * the target path (a mixture of von Mises–Fisher, von Mises or Gaussian kernels whose width follows a schedule) with
 * log p_t, ∂_t log p_t and ∇_g log p_t in closed form; {@link io.github.flows4j.manifold.ppd.PpdLoss} is the loss
 * E |r|^ℓ, with the tangent-space divergence exact or by Hutchinson, differentiated through the double backward.
 * The trained field is a {@code rfm.TangentMlpField} and its likelihood is {@code rfm.ManifoldLikelihood}'s.
 *
 * <pre>{@code
 * KernelMixturePath path = KernelMixturePath.of(new Sphere(3), data, 0.05);
 * PpdLoss ppd = PpdLoss.builder(path).build();                 // ℓ = 2, q_t = p_t, exact divergence
 * Tensor loss = ppd.loss(field, batchOfData, rng);             // a scalar, differentiable in the field's weights
 * }</pre>
 */
package io.github.flows4j.manifold.ppd;
