/**
 * flows4j Voronoi: the differentiable, bounded Voronoi tessellation of Chen, Amos and Nickel (NeurIPS 2022,
 * "Semi-Discrete Normalizing Flows through Differentiable Tessellation"). {@link io.github.flows4j.voronoi.Tessellation}
 * holds K anchors in a box and maps R^d homeomorphically onto any cell and back, with a closed-form log-determinant;
 * {@link io.github.flows4j.voronoi.VoronoiTransform} is the learnable module (anchors, box and per-cell scales as
 * parameters); {@link io.github.flows4j.voronoi.VoronoiCells} assigns points to their nearest anchor. A k-d tree
 * over the anchors keeps the cost of a call on n points O(K log K + n log K), flat in K in practice. Dequantization
 * of discrete data lives in {@code io.github.flows4j.voronoi.dequant}, the Voronoi mixture model in
 * {@code io.github.flows4j.voronoi.mixture}.
 *
 * <pre>{@code
 * VoronoiTransform vt = VoronoiTransform.random(16, 2, 2.0, DataType.DOUBLE, rng.split());
 * CellMap m = vt.forward(Tensor.constant(x), cells);     // x [n, 2] into cells[i]; m.logDet() [n, 1]
 * CellMap back = vt.inverse(m.value(), cells);           // back.value() == x up to round-off
 * }</pre>
 */
package io.github.flows4j.voronoi;
