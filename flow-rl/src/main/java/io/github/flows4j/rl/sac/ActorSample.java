package io.github.flows4j.rl.sac;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * A reparameterised draw from a {@link SquashedGaussianActor}: a = tanh(μ + σ ε) and its log-density.
 *
 * <pre>{@code
 * ActorSample s = actor.sample(obs, rng);
 * Tensor entropyEstimate = s.logProb().mean().neg();
 * }</pre>
 *
 * @param action  the squashed action in (−1, 1), [batch, actionDim], differentiable in the actor's weights
 * @param logProb log π(a | s), [batch, 1], differentiable in the actor's weights
 */
public record ActorSample(Tensor action, Tensor logProb) {
}
