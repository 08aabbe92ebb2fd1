/**
 * The Voronoi mixture model for continuous data (Chen, Amos &amp; Nickel 2022): component k is a flow restricted
 * to Voronoi cell k, so one likelihood evaluation touches one component; anchors start at k-means centres.
 * {@link io.github.flows4j.voronoi.mixture.GaussianMixtureData} is a synthetic data set of any dimension with an
 * exact density for the experiments.
 *
 * <pre>{@code
 * VoronoiMixture m = VoronoiMixture.create(train, 16, 4, NormalizingFlow.builder(), rng.split());
 * Tensor logp = m.logProb(Tensor.constant(x));      // [n]
 * }</pre>
 */
package io.github.flows4j.voronoi.mixture;
