/**
 * flows4j CNF: continuous normalizing flows and Flow Matching (Lipman et al. 2023) — probability paths and their
 * schedulers ({@link io.github.flows4j.cnf.path.scheduler}), Flow Matching losses ({@code loss}), couplings
 * ({@code coupling}), maximum-likelihood CNFs ({@code ffjord}), likelihoods and samplers, divergence-free networks
 * with exact conservation laws ({@code divfree}), SDE-BNNs ({@code sdebnn}) and discrete Flow Matching
 * ({@code discrete}), image models (a UNet velocity field and dequantised bits/dim, {@code image}) and sequence
 * compression ({@code compression}).
 *
 * <pre>{@code
 * SchedulerValues s = new CondOTScheduler(0.0).at(t);     // t: [batch, 1]
 * INDArray xt = x1.mul(s.alpha()).add(x0.mul(s.sigma()));  // x_t = α_t x1 + σ_t x0
 * }</pre>
 */
package io.github.flows4j.cnf;
