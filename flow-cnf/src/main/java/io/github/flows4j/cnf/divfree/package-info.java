/**
 * Divergence-free networks and exact conservation laws (Richter-Powell, Lipman and Chen, "Neural Conservation
 * Laws: A Divergence-Free Perspective", NeurIPS 2022): the matrix- and vector-field constructions
 * ({@link io.github.flows4j.cnf.divfree.DivergenceFree}, {@link io.github.flows4j.cnf.divfree.DivFreeNetwork}) for
 * any dimension d &ge; 2, and a density–velocity pair that satisfies the continuity equation ∂_t ρ + div(ρv) = 0
 * exactly with ρ &ge; 0 ({@link io.github.flows4j.cnf.divfree.MixtureConservationLaw}).
 *
 * <pre>{@code
 * DivFreeNetwork v = DivFreeNetwork.builder().dim(3).hidden(64, 64).build(Rng.seeded(0));
 * Tensor u = v.velocity(x);          // x: [batch, 3] → [batch, 3], div u = 0 to rounding
 * }</pre>
 */
package io.github.flows4j.cnf.divfree;
