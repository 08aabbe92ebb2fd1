/**
 * How gradients flow back through an SDE solve: {@link io.github.flows4j.core.sde.adjoint.BackpropSdeAdjoint}
 * (record every op; the default), {@link io.github.flows4j.core.sde.adjoint.ReversibleAdjoint} (the reversible
 * Heun's algebraically exact adjoint; no memory per step) and
 * {@link io.github.flows4j.core.sde.adjoint.CheckpointAdjoint} (one stored state per step, any solver) give the
 * gradient of the discrete solve on the same Brownian path; {@link io.github.flows4j.core.sde.adjoint.ContinuousSdeAdjoint}
 * (Li et al. 2020; Stratonovich terms) solves the adjoint SDE backward on that path and approximates it to O(dt).
 *
 * <pre>{@code
 * SdeOptions options = SdeOptions.builder().dt(0.01).adjoint(new ReversibleAdjoint()).build();
 * }</pre>
 */
package io.github.flows4j.core.sde.adjoint;
