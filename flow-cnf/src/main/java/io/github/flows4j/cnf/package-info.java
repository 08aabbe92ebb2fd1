/**
 * flows4j CNF: continuous normalizing flows and Flow Matching (Lipman et al. 2023) — probability paths and their
 * schedulers ({@link io.github.flows4j.cnf.path.scheduler}), with losses, couplings, divergence-free fields, SDE-BNNs
 * and sequence compression to follow in their own packages.
 *
 * <pre>{@code
 * SchedulerValues s = new CondOTScheduler(0.0).at(t);     // t: [batch, 1]
 * INDArray xt = x1.mul(s.alpha()).add(x0.mul(s.sigma()));  // x_t = α_t x1 + σ_t x0
 * }</pre>
 */
package io.github.flows4j.cnf;
