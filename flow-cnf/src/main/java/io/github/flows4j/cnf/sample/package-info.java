/**
 * Sampling from flows with any flow-core ODE solver, with trajectories and in-solve log-likelihoods:
 * {@link io.github.flows4j.cnf.sample.FlowSampler}; the straightness of a learned flow
 * ({@link io.github.flows4j.cnf.sample.PathStraightness}); the Schrödinger-bridge SDE of SB-CFM
 * ({@link io.github.flows4j.cnf.sample.BridgeSde}).
 */
package io.github.flows4j.cnf.sample;
