package io.github.flows4j.rl.smac;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.rl.buffer.SequenceReplay;
import io.github.flows4j.rl.buffer.Sequences;
import io.github.flows4j.rl.sac.ActorSample;
import io.github.flows4j.rl.sac.Experience;
import io.github.flows4j.rl.sac.ReplayAgent;
import io.github.flows4j.rl.sac.SacConfig;
import io.github.flows4j.rl.sac.SacLosses;
import io.github.flows4j.rl.sac.SquashedGaussianActor;
import io.github.flows4j.rl.sac.TwinCritic;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Stochastic Marginal Actor-Critic on a recurrent stochastic belief state, for partially observed tasks (Zhang et al.
 * 2023, §3.3; the anchor's {@code visual_control/smac.py} with a vector observation in place of its image encoder).
 * The latent state is the {@link RecurrentBelief}'s: features x = [h_t, z_t], with h_t a GRU state carried across the
 * episode's steps and z_t ~ q(z_t | h_t, o_t). Actor π(a | x) and twin critics Q(x, a) act on belief particles:
 * <ul>
 *   <li>particle 0 is the filtered z_t (the draw that also fed the GRU), particles 1..K are further posterior draws
 *       at the same h_t ({@link RecurrentBelief#particles});</li>
 *   <li>the action is drawn at particle 0 and its marginal log π̂(a | h_t, o_t) estimated over all K + 1 particles
 *       ({@link LatentActor#particleSample}: logmeanexp, or the multilevel estimate);</li>
 *   <li>the critic's values at the K + 1 particles, min over the twins first, are aggregated
 *       ({@link MarginalEstimators#aggregate}: logmeanexp, mean or min) in the actor loss and in the soft Bellman
 *       target y = r + γ(1 − d)(agg_k min Q̄(x'_k, a') − α log π̂(a')); each particle's Q(x_k, a) regresses y;</li>
 *   <li>the belief is trained by its ELBO on the replayed pieces (summed into the same loss); actor and critics see
 *       its features detached, as in the anchor, so their losses do not shape the belief.</li>
 * </ul>
 * Training replays pieces of L transitions from a {@link SequenceReplay} ({@link BeliefExperience}): each piece is
 * filtered from the belief state stored while acting (or from the initial state), its first burn-in transitions only
 * warm the belief up, and the remaining rows carry the SAC losses. Trains through
 * {@link io.github.flows4j.rl.sac.SacTraining} like SAC.
 *
 * <pre>{@code
 * SacTraining t = SacTraining.builder(() -> new Flicker(new MissingVelocity(new Pendulum()), 0.2))
 *         .agent((o, a, c, r) -> new RecurrentSmacAgent(o, a, c, RecurrentSmacConfig.builder().build(), r))
 *         .steps(20_000).build(Rng.seeded(0));
 * }</pre>
 */
public final class RecurrentSmacAgent extends Module implements ReplayAgent {
    private final SacConfig config;
    private final RecurrentSmacConfig settings;
    private final RecurrentBelief belief;
    private final SquashedGaussianActor actor;
    private final TwinCritic critic;
    private final TwinCritic target;
    private final Tensor logAlpha;
    private final double entropyTarget;
    private final int obsDim;
    private final int actionDim;

    /**
     * @param obsDim    observation size, &ge; 1
     * @param actionDim action size, &ge; 1
     * @param config    SAC's hyper-parameters (networks, learning rate, discount, temperature)
     * @param settings  particles, aggregation, replayed pieces and belief sizes
     * @param rng       draws the initial weights
     * @throws InvalidConfigException if a size is below 1
     */
    public RecurrentSmacAgent(int obsDim, int actionDim, SacConfig config, RecurrentSmacConfig settings, Rng rng) {
        if (obsDim < 1) {
            throw InvalidConfigException.of("obsDim", ">= 1", obsDim);
        }
        if (actionDim < 1) {
            throw InvalidConfigException.of("actionDim", ">= 1", actionDim);
        }
        this.config = Checks.notNull("config", config);
        this.settings = Checks.notNull("settings", settings);
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        DataType t = config.dtype();
        belief = registerModule("belief", new RecurrentBelief(obsDim, actionDim, settings.deterDim(),
                settings.stochDim(), settings.beliefHidden(), settings.obsStd(), t, rng.split()));
        int f = belief.featureDim();
        actor = registerModule("actor", new SquashedGaussianActor(f, actionDim, config.hidden(), config.logStdMin(),
                config.logStdMax(), t, rng.split()));
        critic = registerModule("critic", new TwinCritic(f, actionDim, config.hidden(), t, rng.split()));
        target = registerModule("target", new TwinCritic(f, actionDim, config.hidden(), t, rng.split()));
        target.copyFrom(critic);
        logAlpha = registerParameter("log_alpha", Nd4j.scalar(t, Math.log(config.initialAlpha())).reshape(1, 1));
        entropyTarget = config.entropyTarget(actionDim);
    }

    @Override
    public Module module() {
        return this;
    }

    /** @return the recurrent belief */
    public RecurrentBelief belief() {
        return belief;
    }

    /** @return the policy head π(a | [h, z]) */
    public SquashedGaussianActor actor() {
        return actor;
    }

    /** @return the online critics Q([h, z], a) */
    public TwinCritic critic() {
        return critic;
    }

    /** @return the SMAC settings */
    public RecurrentSmacConfig settings() {
        return settings;
    }

    /** @return the SAC hyper-parameters */
    public SacConfig config() {
        return config;
    }

    /** @return H + Z, the size of the stored recurrent state (and of the features) */
    public int memoryDim() {
        return belief.featureDim();
    }

    @Override
    public double alpha() {
        return Math.exp(logAlpha.value().getDouble(0));
    }

    @Override
    public void updateTargets() {
        target.polyak(critic, config.tau());
    }

    @Override
    public Experience experience(SacConfig c, int obs, int act) {
        if (obs != obsDim || act != actionDim) {
            throw new ShapeMismatchException("the environment has observation/action sizes " + obs + "/" + act
                    + "; this agent was built for " + obsDim + "/" + actionDim);
        }
        return new BeliefExperience(this, new SequenceReplay(c.bufferCapacity(), obsDim, actionDim, memoryDim(),
                c.dtype()));
    }

    @Override
    public Function<double[], double[]> evaluationEpisode() {
        Acting acting = new Acting();
        return o -> {
            acting.observe(o, null);
            double[] a = acting.meanAction();
            acting.previousAction(a);
            return a;
        };
    }

    /**
     * The losses of one update on replayed pieces (class comment): the critics', the actor's and the temperature's on
     * the rows after the burn-in, and the negative ELBO of the belief on every step of the pieces.
     *
     * @param seq pieces of L transitions, L = {@code settings().length()}
     * @param rng draws the belief latents, the particles and the policy noise
     * @return the losses; {@code total()} includes −ELBO, its backward gives every parameter's gradient
     * @throws ShapeMismatchException if the pieces have another length or sizes
     */
    @SuppressWarnings("try")
    public SacLosses losses(Sequences seq, Rng rng) {
        int len = settings.length();
        if (seq.length() != len || seq.obs().size(2) != obsDim || seq.action().size(2) != actionDim
                || seq.memory().size(1) != memoryDim()) {
            throw ShapeMismatchException.of("seq.obs", "[" + (len + 1) + ", b, " + obsDim + "] with actions of size "
                    + actionDim + " and memory of size " + memoryDim(), seq.obs().shape());
        }
        long b = seq.batch();
        DataType t = config.dtype();
        Tensor obs = Tensor.constant(seq.obs().castTo(t));
        Tensor prev = Tensor.constant(seq.prevAction().castTo(t));
        RecurrentBelief.State start = settings.storedState() ? storedState(seq.memory().castTo(t)) : belief.initial(b);
        RecurrentBelief.Elbo elbo = belief.elbo(start, obs, prev, rng);
        int from = settings.burnIn();
        int rows = len - from;
        long n = rows * b;
        Tensor feat = elbo.features().detach();
        Tensor mu = elbo.posteriorMean().detach();
        Tensor sd = elbo.posteriorLogStd().detach().exp();
        Tensor x = particles(feat, mu, sd, from, rows, rng);
        Tensor xNext = particles(feat, mu, sd, from + 1, rows, rng);
        Tensor a = Tensor.constant(seq.action().castTo(t).get(NDArrayIndex.interval(from, len), NDArrayIndex.all(),
                NDArrayIndex.all()).dup().reshape(n, actionDim));
        Tensor r = Tensor.constant(seq.reward().castTo(t).get(NDArrayIndex.interval(from, len), NDArrayIndex.all(),
                NDArrayIndex.all()).dup().reshape(n, 1));
        Tensor notDone = Tensor.constant(seq.terminated().castTo(t).get(NDArrayIndex.interval(from, len),
                NDArrayIndex.all(), NDArrayIndex.all()).dup().reshape(n, 1)).rsub(1);
        int k = settings.particles() + 1;
        double alpha = alpha();
        Tensor y;
        try (GradMode.Scope ng = GradMode.noGrad()) {
            ActorSample next = LatentActor.particleSample(actor, xNext, k, settings.estimator(), rng);
            Tensor qNext = aggregate(target.minQ(xNext, repeat(next.action(), k), true), k, n);
            y = r.add(notDone.mul(qNext.sub(next.logProb().mul(alpha))).mul(config.gamma())).detach();
        }
        Tensor[] q = critic.forward(x, repeat(a, k));
        Tensor yk = repeat(y, k);
        Tensor criticLoss = q[0].sub(yk).square().mean().add(q[1].sub(yk).square().mean());
        ActorSample now = LatentActor.particleSample(actor, x, k, settings.estimator(), rng);
        Tensor qNow = aggregate(critic.minQ(x, repeat(now.action(), k), true), k, n);
        Tensor actorLoss = now.logProb().mul(alpha).sub(qNow).mean();
        Tensor logp = now.logProb().detach();
        Tensor alphaLoss = config.learnAlpha()
                ? logAlpha.mul(logp.add(entropyTarget)).mean().neg()
                : Tensor.scalar(0, t);
        Tensor modelLoss = elbo.elbo().neg();
        Tensor total = criticLoss.add(actorLoss).add(alphaLoss.reshape(criticLoss.shape()))
                .add(modelLoss.reshape(criticLoss.shape()));
        return new SacLosses(criticLoss, actorLoss, alphaLoss, total, -logp.mean().item(), alpha);
    }

    private RecurrentBelief.State storedState(INDArray memory) {
        int h = settings.deterDim();
        INDArray m = memory;
        return new RecurrentBelief.State(
                Tensor.constant(m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h)).dup()),
                Tensor.constant(m.get(NDArrayIndex.all(), NDArrayIndex.interval(h, memoryDim())).dup()));
    }

    /**
     * The K + 1 particles of steps from..from + rows − 1, particle-major: particle 0 the filtered features, particles
     * 1..K the shared h_t with fresh posterior draws of z_t.
     *
     * @return [(K + 1)·rows·b, H + Z]
     */
    private Tensor particles(Tensor feat, Tensor mu, Tensor sd, int from, int rows, Rng rng) {
        long b = feat.size(1);
        long n = rows * b;
        int f = memoryDim();
        int hd = settings.deterDim();
        int zd = settings.stochDim();
        Tensor f0 = feat.narrow(0, from, rows).reshape(n, f);
        int extra = settings.particles();
        if (extra == 0) {
            return f0;
        }
        Tensor h = f0.narrow(1, 0, hd).unsqueeze(0).broadcastTo(extra, n, hd);
        Tensor m = mu.narrow(0, from, rows).reshape(1, n, zd);
        Tensor s = sd.narrow(0, from, rows).reshape(1, n, zd);
        Tensor z = m.add(s.mul(Tensor.constant(rng.normal(feat.dtype(), extra, n, zd))));
        return Tensor.concat(0, f0, Tensor.concat(2, h, z).reshape(extra * n, f));
    }

    /** [n, d] → [k·n, d], the rows repeated k times (particle-major). */
    private static Tensor repeat(Tensor v, int k) {
        if (k == 1) {
            return v;
        }
        long n = v.size(0);
        long d = v.size(1);
        return v.unsqueeze(0).broadcastTo(k, n, d).reshape(k * n, d);
    }

    private Tensor aggregate(Tensor perParticle, int k, long n) {
        return MarginalEstimators.aggregate(perParticle.reshape(k, n, 1), settings.aggregation());
    }

    /**
     * The belief carried through one episode while acting: the GRU state, the latent and the previous action, as
     * plain arrays (the tensors of each step are released with its scope).
     */
    final class Acting {
        private double[] h = new double[settings.deterDim()];
        private double[] z = new double[settings.stochDim()];
        private double[] previousAction = new double[actionDim];
        private double[] feature;

        /** @return [h_{t−1}, z_{t−1}] before the next observation: what the replay stores with it */
        double[] memory() {
            double[] m = new double[h.length + z.length];
            System.arraycopy(h, 0, m, 0, h.length);
            System.arraycopy(z, 0, m, h.length, z.length);
            return m;
        }

        void previousAction(double[] a) {
            previousAction = a.clone();
        }

        /** Advances the belief by one observation; {@code rng == null} takes the posterior mean. */
        @SuppressWarnings("try")
        void observe(double[] obs, Rng rng) {
            if (obs.length != obsDim) {
                throw ShapeMismatchException.of("obs", "[" + obsDim + "]", new long[] {obs.length});
            }
            try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
                RecurrentBelief.State s = new RecurrentBelief.State(row(h), row(z));
                RecurrentBelief.Step step = belief.observe(s, row(previousAction), row(obs), rng);
                h = step.state().h().toDoubleArray();
                z = step.state().z().toDoubleArray();
            }
            feature = memory();
        }

        @SuppressWarnings("try")
        double[] sampleAction(Rng rng) {
            try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
                return actor.sample(row(current()), rng).action().toDoubleArray();
            }
        }

        @SuppressWarnings("try")
        double[] meanAction() {
            try (TensorScope sc = TensorScope.open(); GradMode.Scope ng = GradMode.noGrad()) {
                return actor.meanAction(row(current())).toDoubleArray();
            }
        }

        private double[] current() {
            if (feature == null) {
                throw new IllegalStateException("no observation yet: observe before acting");
            }
            return feature;
        }

        private Tensor row(double[] v) {
            return Tensor.constant(Nd4j.createFromArray(new double[][] {v}).castTo(config.dtype()));
        }
    }

    /** @return a fresh belief for one episode */
    Acting newActing() {
        return new Acting();
    }
}
