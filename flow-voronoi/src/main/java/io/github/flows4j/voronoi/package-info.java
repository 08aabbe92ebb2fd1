/**
 * flows4j Voronoi. Built today: {@link io.github.flows4j.voronoi.VoronoiCells}, which assigns points to the cells
 * of a set of sites. Planned: the differentiable Voronoi tessellation, Voronoi dequantization and Voronoi mixture
 * models of Chen, Amos and Nickel (NeurIPS 2022, "Semi-Discrete Normalizing Flows through Differentiable
 * Tessellation").
 *
 * <pre>{@code
 * VoronoiCells cells = new VoronoiCells(sites);        // [k, d]
 * int[] cell = cells.assign(points);                   // [n] indices in 0 .. k-1
 * }</pre>
 */
package io.github.flows4j.voronoi;
