/**
 * Neural-network building blocks: {@link io.github.flows4j.core.nn.Module}s own named parameters in a tree with
 * stable dotted names ({@code layers.0.weight}); {@link io.github.flows4j.core.nn.Layer}s map {@code x} to
 * {@code y} and {@link io.github.flows4j.core.nn.TimeLayer}s map {@code (t, x)} to {@code y}, the shape of a
 * continuous-time vector field. {@link io.github.flows4j.core.nn.ActNorm} is Glow's data-initialised per-feature
 * affine layer, with its inverse and log-determinant for normalizing flows. For images ({@code [batch, C, H, W]}),
 * {@link io.github.flows4j.core.nn.Conv2d} convolves and {@link io.github.flows4j.core.nn.GroupNorm} normalises
 * groups of channels per sample. {@link io.github.flows4j.core.nn.GruCell} is one step of a gated recurrent unit,
 * for recurrent states unrolled over time.
 *
 * <p>Every forward pass is written with {@link io.github.flows4j.core.autodiff.Tensor} ops only, so modules take
 * part in gradients of any order (divergences and their gradients, as FFJORD and RNODE need). Parameters are
 * {@link io.github.flows4j.core.autodiff.Tensor#variable} leaves: a {@link io.github.flows4j.core.autodiff.TensorScope}
 * never releases them, and optimizers update their arrays in place.
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(0);
 * Mlp net = Mlp.builder().sizes(3, 256, 256, 2).activation(Activation.SILU).dtype(DataType.FLOAT).build(rng);
 * TimeMlp field = TimeMlp.builder().sizes(2, 64, 64, 2).activation(Activation.SOFTPLUS)
 *         .conditioning(TimeMlp.Conditioning.CONCAT_SQUASH).build(rng);
 * Tensor v = field.forward(Tensor.scalar(0.5, DataType.FLOAT), x);   // x: [batch, 2] -> v: [batch, 2]
 * }</pre>
 */
package io.github.flows4j.core.nn;
