package io.github.flows4j.rl.smac;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.Transitions;
import io.github.flows4j.rl.sac.OffPolicyAgent;
import io.github.flows4j.rl.sac.SacConfig;
import io.github.flows4j.rl.sac.SacLosses;
import io.github.flows4j.rl.sac.SoftActorCritic;
import io.github.flows4j.rl.sac.TwinCritic;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stochastic Marginal Actor-Critic for fully observed tasks (Zhang et al. 2023): SAC whose actor is a
 * {@link LatentActor} and whose log π(a | s) — in the soft Bellman target, the actor loss and the temperature loss —
 * is the logmeanexp estimate over K + 1 latent particles instead of an exact density. The critics are SAC's
 * {@link TwinCritic} on (s, a): with a fully observed state the critic does not see the policy's latent, so the
 * paper's critic aggregation over particles (for critics on latent features, {@link MarginalEstimators#aggregate})
 * does not arise here. Trains through {@link io.github.flows4j.rl.sac.SacTraining} like SAC.
 *
 * <pre>{@code
 * SacTraining t = SacTraining.builder(Pendulum::new)
 *         .agent((o, a, c, r) -> new SmacAgent(o, a, c, 32, 4, r)).steps(20_000).build(Rng.seeded(0));
 * }</pre>
 */
public final class SmacAgent extends Module implements OffPolicyAgent {
    private final SacConfig config;
    private final LatentActor actor;
    private final TwinCritic critic;
    private final TwinCritic target;
    private final Tensor logAlpha;
    private final double entropyTarget;
    private final int particles;
    private final MarginalEstimators.Estimator estimator;
    private final int obsDim;

    /**
     * @param obsDim    observation size
     * @param actionDim action size
     * @param config    SAC's hyper-parameters
     * @param particles K &ge; 0 extra latent particles of the marginal estimate (the paper uses 32)
     * @param latentDim the latent size, &ge; 1
     * @param rng       draws the initial weights
     */
    public SmacAgent(int obsDim, int actionDim, SacConfig config, int particles, int latentDim, Rng rng) {
        this(obsDim, actionDim, config, particles, latentDim, MarginalEstimators.Estimator.NAIVE, rng);
    }

    /**
     * @param obsDim    observation size
     * @param actionDim action size
     * @param config    SAC's hyper-parameters
     * @param particles K &ge; 0 extra latent particles (a power of two for the multilevel estimator)
     * @param latentDim the latent size, &ge; 1
     * @param estimator the particle estimate of log π(a | s): NAIVE (logmeanexp) or MULTILEVEL
     * @param rng       draws the initial weights
     * @throws InvalidConfigException if K is negative or does not suit the estimator
     */
    public SmacAgent(int obsDim, int actionDim, SacConfig config, int particles, int latentDim,
            MarginalEstimators.Estimator estimator, Rng rng) {
        if (particles < 0) {
            throw InvalidConfigException.of("particles", ">= 0", particles);
        }
        this.estimator = io.github.flows4j.core.Checks.notNull("estimator", estimator);
        if (particles > 0) {
            estimator.checkParticles(particles);
        }
        this.config = io.github.flows4j.core.Checks.notNull("config", config);
        this.particles = particles;
        this.obsDim = obsDim;
        DataType t = config.dtype();
        actor = registerModule("actor", new LatentActor(obsDim, actionDim, latentDim, config.hidden(),
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

    /** @return the latent-variable actor */
    public LatentActor actor() {
        return actor;
    }

    /** @return the particle estimator of log π(a | s) */
    public MarginalEstimators.Estimator estimator() {
        return estimator;
    }

    /** @return K, the extra particles per estimate */
    public int particles() {
        return particles;
    }

    @Override
    public double alpha() {
        return Math.exp(logAlpha.value().getDouble(0));
    }

    @Override
    public SacLosses losses(Transitions batch, Rng rng) {
        return SoftActorCritic.losses((obs, r) -> actor.sample(obs, particles, estimator, r), critic, target, logAlpha,
                config, entropyTarget, batch, rng);
    }

    @Override
    public void updateTargets() {
        target.polyak(critic, config.tau());
    }

    @Override
    @SuppressWarnings("try")
    public double[] sampleAction(double[] obs, Rng rng) {
        try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
            return actor.sample(row(obs), 0, rng).action().toDoubleArray();
        }
    }

    @Override
    @SuppressWarnings("try")
    public double[] meanAction(double[] obs) {
        try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
            return actor.meanAction(row(obs)).toDoubleArray();
        }
    }

    private Tensor row(double[] obs) {
        if (obs.length != obsDim) {
            throw ShapeMismatchException.of("obs", "[" + obsDim + "]", new long[] {obs.length});
        }
        return Tensor.constant(Nd4j.createFromArray(new double[][] {obs}).castTo(config.dtype()));
    }
}
