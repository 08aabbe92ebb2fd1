package io.github.flows4j.rl.sac;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.Transitions;

/**
 * The three losses of one Soft Actor-Critic update (Haarnoja et al. 2018, Sec. 5), for any policy that can draw an
 * action with its log-probability: the twin critics regress the soft Bellman target
 * y = r + γ(1 − done)(min Q_target(s', a') − α log π(a'|s')), a' ~ π(·|s'); the actor minimises
 * E[α log π(ã|s) − min Q(s, ã)], ã ~ π(·|s); the temperature minimises −log α · (log π(ã|s) + H̄). {@link SacAgent}
 * uses it with its squashed Gaussian, {@code SmacAgent} with a latent-variable policy whose log π is a particle
 * estimate of the marginal.
 *
 * <pre>{@code
 * SacLosses l = SoftActorCritic.losses(actor::sample, critic, target, logAlpha, config, entropyTarget, batch, rng);
 * l.total().backward();
 * }</pre>
 */
public final class SoftActorCritic {
    private SoftActorCritic() {
    }

    /** A policy as the losses see it: a reparameterised action for each observation row and its log-probability. */
    @FunctionalInterface
    public interface Policy {
        /**
         * @param obs observations, [b, obsDim]
         * @param rng draws the action noise
         * @return actions [b, actionDim] and log π [b, 1]
         */
        ActorSample sample(Tensor obs, Rng rng);
    }

    /**
     * Builds the losses on a minibatch; nothing is stepped.
     *
     * @param policy        the actor
     * @param critic        the online twin critics
     * @param target        their Polyak-averaged copy (no gradient flows into it)
     * @param logAlpha      the temperature's logarithm, a [1, 1] parameter
     * @param config        γ and whether α is learned
     * @param entropyTarget H̄
     * @param batch         transitions with actions in the policy's space
     * @param rng           draws a' and ã
     * @return the losses; {@code total().backward()} gives every parameter's gradient
     */
    @SuppressWarnings("try")
    public static SacLosses losses(Policy policy, TwinCritic critic, TwinCritic target, Tensor logAlpha,
            SacConfig config, double entropyTarget, Transitions batch, Rng rng) {
        Tensor s = Tensor.constant(batch.obs());
        Tensor a = Tensor.constant(batch.action());
        Tensor s2 = Tensor.constant(batch.nextObs());
        double alpha = Math.exp(logAlpha.value().getDouble(0));
        Tensor y;
        try (GradMode.Scope ng = GradMode.noGrad()) {
            ActorSample next = policy.sample(s2, rng);
            Tensor soft = target.minQ(s2, next.action(), true).sub(next.logProb().mul(alpha));
            Tensor notDone = Tensor.constant(batch.done()).rsub(1);
            y = Tensor.constant(batch.reward()).add(notDone.mul(soft).mul(config.gamma())).detach();
        }
        Tensor[] q = critic.forward(s, a);
        Tensor criticLoss = q[0].sub(y).square().mean().add(q[1].sub(y).square().mean());
        ActorSample now = policy.sample(s, rng);
        Tensor actorLoss = now.logProb().mul(alpha).sub(critic.minQ(s, now.action(), true)).mean();
        Tensor logp = now.logProb().detach();
        Tensor alphaLoss = config.learnAlpha()
                ? logAlpha.mul(logp.add(entropyTarget)).mean().neg()
                : Tensor.scalar(0, s.dtype());
        Tensor total = criticLoss.add(actorLoss).add(alphaLoss.reshape(criticLoss.shape()));
        return new SacLosses(criticLoss, actorLoss, alphaLoss, total, -logp.mean().item(), alpha);
    }
}
