/**
 * Dequantization of discrete data for continuous normalizing flows: a {@link
 * io.github.flows4j.voronoi.dequant.Dequantizer} q(z | x) places each discrete point in its region of a continuous
 * space, and {@link io.github.flows4j.voronoi.dequant.DequantizationBound} gives the ELBO and the importance-weighted
 * bound on log P(x) in nats or bits. Built: Voronoi dequantization (Chen, Amos &amp; Nickel 2022) and, in the same
 * code path, the uniform (ordinal), argmax and simplex baselines; {@link
 * io.github.flows4j.voronoi.dequant.DequantizedModel} trains a flow and a dequantizer jointly, optionally with the
 * model's support restricted to the dequantizer's box ({@link io.github.flows4j.voronoi.dequant.BoundedSupport},
 * {@link io.github.flows4j.voronoi.dequant.BoxLogit}).
 *
 * <pre>{@code
 * DequantizedModel m = new DequantizedModel(NormalizingFlow.builder().dim(4).build(rng.split()),
 *         VoronoiDequantizer.create(2, 10, 2, DataType.DOUBLE, NormalizingFlow.builder(), rng.split()));
 * Tensor loss = m.bound(x, 1, rng.split()).mean().neg();
 * }</pre>
 */
package io.github.flows4j.voronoi.dequant;
