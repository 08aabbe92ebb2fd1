/**
 * flows4j Voronoi: Voronoi tessellations for discrete and mixture models — differentiable Voronoi tessellation,
 * Voronoi dequantization and Voronoi mixture models (Chen, Amos and Nickel 2023, "Semi-Discrete Normalizing Flows
 * through Differentiable Tessellation"). {@link io.github.flows4j.voronoi.VoronoiCells} assigns points to the
 * cells of a set of sites, the step every one of these methods starts from.
 *
 * <pre>{@code
 * VoronoiCells cells = new VoronoiCells(sites);        // [k, d]
 * int[] cell = cells.assign(points);                   // [n] indices in 0 .. k-1
 * }</pre>
 */
package io.github.flows4j.voronoi;
