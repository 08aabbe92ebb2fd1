/**
 * The {@code voronoi-dequant} command: semi-discrete normalizing flows with Voronoi dequantization on 2-D discrete
 * pmfs, against uniform, argmax and simplex dequantization.
 */
package io.github.flows4j.examples.voronoi;
