/**
 * Sampling from flows with any flow-core ODE solver, with trajectories and in-solve log-likelihoods:
 * {@link io.github.flows4j.cnf.sample.FlowSampler}.
 */
package io.github.flows4j.cnf.sample;
