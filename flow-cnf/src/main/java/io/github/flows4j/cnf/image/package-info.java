/**
 * Flow Matching on images {@code [batch, C, H, W]}: {@link io.github.flows4j.cnf.image.UNetVelocityField}, an
 * attention-free UNet with a {@link io.github.flows4j.cnf.image.SinusoidalTimeEmbedding} of time, built from
 * {@link io.github.flows4j.core.nn.Conv2d} and {@link io.github.flows4j.core.nn.GroupNorm} and seen by the rest of
 * the library as a {@link io.github.flows4j.cnf.model.VelocityField} on flattened images; and the bits per dimension
 * of 8-bit data under a continuous flow, {@link io.github.flows4j.cnf.image.DequantizedBitsPerDim}, with uniform
 * dequantisation and a {@link io.github.flows4j.cnf.image.PixelTransform} whose Jacobian it accounts for.
 *
 * <pre>{@code
 * UNetVelocityField unet = UNetVelocityField.builder().image(1, 28, 28).base(16).multipliers(1, 2, 2).groups(8)
 *         .build(rng.split());
 * FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler())).build();
 * PixelTransform t = PixelTransform.centered();
 * Tensor loss = fm.loss(unet, t.forward(DequantizedBitsPerDim.dequantize(pixels, 256, rng)), rng);
 * }</pre>
 */
package io.github.flows4j.cnf.image;
