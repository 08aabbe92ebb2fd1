package io.github.flows4j.rl.sac;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.Transitions;
import io.github.flows4j.rl.env.Box;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Soft Actor-Critic agent (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications"): a
 * {@link SquashedGaussianActor}, a {@link TwinCritic}, its Polyak-averaged target copy and the learned temperature
 * log α — one {@link Module}, so one checkpoint holds all of it (parameter names {@code actor.*}, {@code critic.*},
 * {@code target.*}, {@code log_alpha}). The target copy never receives a gradient, so an optimizer over
 * {@link #parameters()} leaves it alone; {@link #updateTargets()} moves it.
 *
 * <p>Actions are handled in the squashed space (−1, 1)^|A|, which is what the replay buffer stores; the environment
 * receives the affine image {@link #toEnvAction}.
 *
 * <pre>{@code
 * SacAgent agent = new SacAgent(3, 1, SacConfig.builder().build(), Rng.seeded(0));
 * SacLosses l = agent.losses(buffer.sample(256, rng), rng);
 * l.total().backward();  optimizer.step();  agent.updateTargets();
 * double[] torque = SacAgent.toEnvAction(agent.meanAction(obs), env.actionSpace());
 * }</pre>
 */
public final class SacAgent extends Module implements OffPolicyAgent {
    private final SacConfig config;
    private final SquashedGaussianActor actor;
    private final TwinCritic critic;
    private final TwinCritic target;
    private final Tensor logAlpha;
    private final double entropyTarget;

    /**
     * @param obsDim    observation size, &ge; 1
     * @param actionDim action size, &ge; 1
     * @param config    the hyper-parameters
     * @param rng       draws the initial weights (the target starts as a copy of the critic)
     */
    public SacAgent(int obsDim, int actionDim, SacConfig config, Rng rng) {
        if (obsDim < 1) {
            throw InvalidConfigException.of("obsDim", ">= 1", obsDim);
        }
        if (actionDim < 1) {
            throw InvalidConfigException.of("actionDim", ">= 1", actionDim);
        }
        this.config = io.github.flows4j.core.Checks.notNull("config", config);
        DataType t = config.dtype();
        actor = registerModule("actor", new SquashedGaussianActor(obsDim, actionDim, config.hidden(),
                config.logStdMin(), config.logStdMax(), t, rng.split()));
        critic = registerModule("critic", new TwinCritic(obsDim, actionDim, config.hidden(), t, rng.split()));
        target = registerModule("target", new TwinCritic(obsDim, actionDim, config.hidden(), t, rng.split()));
        target.copyFrom(critic);
        logAlpha = registerParameter("log_alpha", Nd4j.scalar(t, Math.log(config.initialAlpha())).reshape(1, 1));
        entropyTarget = config.entropyTarget(actionDim);
    }

    @Override
    public Module module() {
        return this;
    }

    /** @return the hyper-parameters */
    public SacConfig config() {
        return config;
    }

    /** @return the policy */
    public SquashedGaussianActor actor() {
        return actor;
    }

    /** @return the online critics */
    public TwinCritic critic() {
        return critic;
    }

    /** @return the target critics */
    public TwinCritic target() {
        return target;
    }

    /** @return the current temperature α = exp(log α) */
    @Override
    public double alpha() {
        return Math.exp(logAlpha.value().getDouble(0));
    }

    /** @return the entropy target H̄ */
    public double entropyTarget() {
        return entropyTarget;
    }

    /**
     * Builds the three losses of one update on a minibatch (see {@link SacLosses}); nothing is stepped.
     *
     * @param batch transitions with actions in the squashed space, of this agent's sizes and data type
     * @param rng   draws the actions a' ~ π(·|s') and ã ~ π(·|s)
     * @return the losses; call {@code total().backward()} for every parameter's gradient
     */
    @Override
    public SacLosses losses(Transitions batch, Rng rng) {
        if (batch.obs().size(1) != actor.obsDim() || batch.action().size(1) != actor.actionDim()) {
            throw ShapeMismatchException.of("batch", "obs [b, " + actor.obsDim() + "], action [b, "
                    + actor.actionDim() + "]", new long[] {batch.obs().size(1), batch.action().size(1)});
        }
        return SoftActorCritic.losses(actor::sample, critic, target, logAlpha, config, entropyTarget, batch, rng);
    }

    /** Polyak-averages the target critics toward the online ones with the config's τ. */
    @Override
    public void updateTargets() {
        target.polyak(critic, config.tau());
    }

    /**
     * Draws an exploration action for one observation.
     *
     * @param obs [obsDim]
     * @param rng draws ε
     * @return the squashed action in (−1, 1)^|A|
     */
    @SuppressWarnings("try")
    @Override
    public double[] sampleAction(double[] obs, Rng rng) {
        try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
            return actor.sample(row(obs), rng).action().toDoubleArray();
        }
    }

    /**
     * The deterministic action tanh(μ(s)) used for evaluation.
     *
     * @param obs [obsDim]
     * @return the squashed action in (−1, 1)^|A|
     */
    @SuppressWarnings("try")
    @Override
    public double[] meanAction(double[] obs) {
        try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
            return actor.meanAction(row(obs)).toDoubleArray();
        }
    }

    private Tensor row(double[] obs) {
        if (obs.length != actor.obsDim()) {
            throw ShapeMismatchException.of("obs", "[" + actor.obsDim() + "]", new long[] {obs.length});
        }
        return Tensor.constant(Nd4j.createFromArray(new double[][] {obs}).castTo(config.dtype()));
    }

    /**
     * Maps a squashed action to the environment's box: low + (a + 1)(high − low)/2 (unbounded components pass a
     * through unchanged).
     *
     * @param squashed a ∈ [−1, 1]^|A|
     * @param space    the action space
     * @return the environment action
     */
    public static double[] toEnvAction(double[] squashed, Box space) {
        if (squashed.length != space.dim()) {
            throw ShapeMismatchException.of("squashed", "[" + space.dim() + "]", new long[] {squashed.length});
        }
        double[] out = new double[squashed.length];
        for (int i = 0; i < out.length; i++) {
            double lo = space.low(i);
            double hi = space.high(i);
            out[i] = Double.isFinite(lo) && Double.isFinite(hi) ? lo + (squashed[i] + 1) * 0.5 * (hi - lo)
                    : squashed[i];
        }
        return out;
    }
}
