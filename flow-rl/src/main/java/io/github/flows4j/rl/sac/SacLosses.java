package io.github.flows4j.rl.sac;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * The three losses of one SAC update (Haarnoja et al. 2018 v2, eqs. 5, 7 and 18) and their sum, whose single
 * backward pass gives each parameter group exactly its own loss's gradient (the groups' graphs are disjoint: the actor
 * loss sees the critics frozen, the temperature loss sees log π detached).
 * <pre>
 *   J_Q = mean((Q₁(s, a) − y)²) + mean((Q₂(s, a) − y)²),  y = r + γ (1 − d) (min Q̄(s', a') − α log π(a' | s'))
 *   J_π = mean(α log π(ã | s) − min Q(s, ã)),              ã ~ π(· | s) reparameterised
 *   J_α = −mean(log α · (log π(ã | s) + H̄))
 * </pre>
 *
 * <pre>{@code
 * SacLosses l = agent.losses(batch, rng);
 * l.total().backward();
 * double entropy = l.entropy();
 * }</pre>
 *
 * @param critic  J_Q, a scalar tensor
 * @param actor   J_π, a scalar tensor
 * @param alpha   J_α, a scalar tensor (zero when α is fixed)
 * @param total   J_Q + J_π + J_α
 * @param entropy the batch estimate −mean(log π(ã | s)) of the policy entropy
 * @param alphaValue the temperature α used in this update
 */
public record SacLosses(Tensor critic, Tensor actor, Tensor alpha, Tensor total, double entropy, double alphaValue) {
}
