package io.github.flows4j.rl.sac;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.GradientSource;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.rl.buffer.ReplayBuffer;
import io.github.flows4j.rl.env.Box;
import io.github.flows4j.rl.env.Env;
import io.github.flows4j.rl.env.StepResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a {@link SacAgent} (or any {@link ReplayAgent}: SMAC, SMAC on a recurrent belief) on an {@link Env} through
 * the library's one training loop,
 * {@link io.github.flows4j.core.train.Trainer} (Haarnoja et al. 2018 v2, Algorithm 1, one gradient step per
 * environment step). First {@code startSteps} uniformly random actions fill the replay buffer; then every trainer step
 * (its {@link GradientSource}) takes one environment step with an action drawn from the policy, stores the
 * transition, samples a minibatch and back-propagates {@link SacLosses#total()}; the trainer checks loss and
 * gradients for NaN/infinity (a {@link io.github.flows4j.core.train.TrainingDivergedException} names the step), steps
 * one Adam over all parameters — per-parameter, so the same as SAC's three Adams with one learning rate — and a
 * listener then Polyak-averages the target critics. Evaluation is the trainer's validation: mean-action episodes,
 * score −(mean return). Checkpoints are the trainer's, plus a side file {@code <checkpoint>.rl} with the replay buffer
 * and the collector's stream; {@link #resume} restores both and starts a fresh training episode. How the agent acts,
 * what is stored and what an update replays is its {@link Experience} (single transitions for SAC; pieces of episodes
 * with a carried belief for {@link io.github.flows4j.rl.smac.RecurrentSmacAgent}).
 *
 * <p>The three losses are built from one parameter snapshot (the actor's loss sees the critics before this step's
 * update); sequential implementations, which step the critics first, differ by one step's staleness.
 *
 * <pre>{@code
 * SacTraining t = SacTraining.builder(Pendulum::new).config(SacConfig.builder().build())
 *         .steps(20_000).evalEvery(1000).evalEpisodes(10).build(Rng.seeded(0));
 * SacResult r = t.run();
 * }</pre>
 */
public final class SacTraining {
    /** Suffix of the side file next to each trainer checkpoint. */
    public static final String SIDE_SUFFIX = ".rl";

    private final Env env;
    private final Env evalEnv;
    private final SacConfig config;
    private final ReplayAgent agent;
    private final Experience experience;
    private final Trainer<Module> trainer;
    private final long steps;
    private final int evalEpisodes;
    private final Rng.State evalStream;
    private final Rng data;
    private final Rng noise;
    private final List<EvalPoint> curve = new ArrayList<>();
    private final Consumer<EvalPoint> onEval;
    private Rng collectorRng;
    private int episodes;
    private long evalNanos;
    private long collected;
    private boolean used;

    private SacTraining(Builder b, Rng rng) {
        this.env = b.envs.get();
        this.evalEnv = b.envs.get();
        this.config = b.config;
        this.steps = b.steps;
        this.evalEpisodes = b.evalEpisodes;
        this.onEval = b.onEval;
        int obsDim = env.observationSpace().dim();
        int actionDim = env.actionSpace().dim();
        this.agent = b.agents.create(obsDim, actionDim, config, rng.split());
        this.experience = agent.experience(config, obsDim, actionDim);
        this.collectorRng = rng.split();
        this.evalStream = rng.split().state();
        this.data = rng.split();
        this.noise = rng.split();
        TrainerConfig.Builder tc = TrainerConfig.builder().maxSteps(steps - config.startSteps())
                .schedule(LrSchedule.constant(config.lr())).explosionFactor(0).keepBest(false)
                .validateEvery(b.evalEvery > 0 ? b.evalEvery : steps - config.startSteps()).validateAtEnd(true);
        if (b.timeBudgetSeconds > 0) {
            tc.timeBudgetSeconds(b.timeBudgetSeconds);
        }
        if (b.checkpoint != null) {
            tc.checkpoint(b.checkpoint).checkpointEvery(b.checkpointEvery);
        }
        Trainer.Builder<Module> tb = Trainer.builder(agent.module()).config(tc.build()).gradients(this::update)
                .validation(a -> -evaluate()).listener(new TrainingListener() {
                    @Override
                    public void onStep(long step, double loss, double lr) {
                        agent.updateTargets();
                    }

                    @Override
                    public void onCheckpoint(long step, Path file) {
                        saveSide(Path.of(file + SIDE_SUFFIX));
                    }
                });
        for (TrainingListener l : b.listeners) {
            tb.listener(l);
        }
        this.trainer = tb.build();
    }

    /**
     * @param envs makes the environment; called twice (a training and an evaluation copy)
     * @return a builder
     */
    public static Builder builder(Supplier<? extends Env> envs) {
        return new Builder(envs);
    }

    /** @return the agent being trained */
    public ReplayAgent agent() {
        return agent;
    }

    /** @return what the agent acts and learns through (its replay) */
    public Experience experience() {
        return experience;
    }

    /**
     * @return the replay buffer of a memoryless agent
     * @throws IllegalStateException if the agent replays something else (see {@link #experience()})
     */
    public ReplayBuffer buffer() {
        if (experience instanceof TransitionExperience t) {
            return t.buffer();
        }
        throw new IllegalStateException("this agent does not replay single transitions; see experience()");
    }

    /**
     * Runs from scratch: evaluates the untrained policy, collects the random start steps, then trains.
     *
     * @return the learning curve and the run's summary
     * @throws IllegalStateException if this training already ran (build a new one)
     */
    public SacResult run() {
        claim();
        evaluate();
        experience.begin(env.reset(collectorRng), collectorRng);
        Box space = env.actionSpace();
        for (int i = 0; i < config.startSteps(); i++) {
            double[] a = new double[space.dim()];
            for (int j = 0; j < a.length; j++) {
                a[j] = -1 + 2 * collectorRng.nextDouble();
            }
            collect(a, collectorRng);
        }
        return finish(trainer.fit(data, noise));
    }

    /**
     * Continues from a checkpoint this configuration wrote (with its side file): weights, optimizer, streams and
     * replay buffer are restored; the interrupted training episode is not, a fresh one starts.
     *
     * @param checkpoint the trainer checkpoint
     * @return the curve of the evaluations after the resume, and the run's summary
     * @throws IOException if a file cannot be read
     * @throws IllegalStateException if this training already ran (build a new one)
     */
    public SacResult resume(Path checkpoint) throws IOException {
        claim();
        Checkpoint.Extras x = Checkpoint.read(Path.of(checkpoint + SIDE_SUFFIX)).extras();
        if (x == null) {
            throw InvalidConfigException.of("checkpoint", "a SAC checkpoint with its " + SIDE_SUFFIX + " file",
                    checkpoint);
        }
        experience.loadState("replay/", x.counters(), x.buffers());
        collectorRng = Rng.fromState(new Rng.State(x.counters().get("collector.seed"),
                x.counters().get("collector.gamma")));
        episodes = x.counters().get("episodes").intValue();
        collected = x.counters().get("collected");
        experience.begin(env.reset(collectorRng), collectorRng);
        return finish(trainer.resume(checkpoint));
    }

    private void claim() {
        if (used) {
            throw new IllegalStateException("this SacTraining has already run; build a new one to train again or "
                    + "resume");
        }
        used = true;
    }

    private SacResult finish(TrainResult r) {
        double trainSeconds = Math.max(1e-9, r.seconds() - evalNanos * 1e-9);
        return new SacResult(curve, r, r.steps() / trainSeconds, agent.alpha(), episodes);
    }

    /** One trainer step: an environment step with the current policy, then the three losses' gradients. */
    private double update(io.github.flows4j.core.train.StepContext<Module> ctx) {
        collect(experience.act(ctx.noise()), ctx.noise());
        for (Tensor p : ctx.parameters().values()) {
            p.zeroGrad();
        }
        SacLosses l = experience.losses(config.batchSize(), ctx.data(), ctx.noise());
        l.total().backward();
        return l.total().item();
    }

    private void collect(double[] squashed, Rng rng) {
        StepResult r = env.step(SacAgent.toEnvAction(squashed, env.actionSpace()));
        experience.step(squashed, r, rng);
        collected++;
        if (r.done()) {
            episodes++;
            experience.begin(env.reset(collectorRng), rng);
        }
    }

    /** Runs the evaluation episodes (always the same ones) and records a curve point; returns the mean return. */
    private double evaluate() {
        long t0 = System.nanoTime();
        Box space = evalEnv.actionSpace();
        double[] returns = Evaluation.episodeReturns(evalEnv, () -> {
            java.util.function.Function<double[], double[]> policy = agent.evaluationEpisode();
            return o -> SacAgent.toEnvAction(policy.apply(o), space);
        }, evalEpisodes, Rng.fromState(evalStream));
        EvalPoint p = Evaluation.point(collected, returns);
        curve.add(p);
        if (onEval != null) {
            onEval.accept(p);
        }
        evalNanos += System.nanoTime() - t0;
        return p.meanReturn();
    }

    private void saveSide(Path file) {
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        experience.saveState("replay/", counters, arrays);
        Rng.State s = collectorRng.state();
        counters.put("collector.seed", s.seed());
        counters.put("collector.gamma", s.gamma());
        counters.put("episodes", (long) episodes);
        counters.put("collected", collected);
        try {
            Checkpoint.save(file, new Module() { }, null, new Checkpoint.Extras(counters, arrays));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects a {@link SacTraining}'s settings; {@link #build(Rng)} validates them. */
    public static final class Builder {
        private final Supplier<? extends Env> envs;
        private SacConfig config = SacConfig.builder().build();
        private ReplayAgent.Factory agents = SacAgent::new;
        private long steps;
        private long evalEvery;
        private int evalEpisodes = 10;
        private Path checkpoint;
        private long checkpointEvery;
        private double timeBudgetSeconds;
        private Consumer<EvalPoint> onEval;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(Supplier<? extends Env> envs) {
            this.envs = Checks.notNull("envs", envs);
        }

        /** @param f makes the agent (default {@code SacAgent::new}) @return this */
        public Builder agent(ReplayAgent.Factory f) {
            agents = Checks.notNull("agent", f);
            return this;
        }

        /** @param c the hyper-parameters @return this */
        public Builder config(SacConfig c) {
            config = c;
            return this;
        }

        /** @param n total environment steps, random start steps included, &gt; startSteps @return this */
        public Builder steps(long n) {
            steps = n;
            return this;
        }

        /** @param n gradient updates between evaluations (0: only at the end) @return this */
        public Builder evalEvery(long n) {
            evalEvery = n;
            return this;
        }

        /** @param n episodes per evaluation, &ge; 1 @return this */
        public Builder evalEpisodes(int n) {
            evalEpisodes = n;
            return this;
        }

        /**
         * @param file  the trainer checkpoint (a side file {@code file + ".rl"} is written next to it)
         * @param every updates between checkpoints (0: only at the end)
         * @return this
         */
        public Builder checkpoint(Path file, long every) {
            checkpoint = file;
            checkpointEvery = every;
            return this;
        }

        /** @param seconds stop updating after this much wall time, 0 for none @return this */
        public Builder timeBudgetSeconds(double seconds) {
            timeBudgetSeconds = seconds;
            return this;
        }

        /** @param l called after each evaluation @return this */
        public Builder onEval(Consumer<EvalPoint> l) {
            onEval = l;
            return this;
        }

        /** @param l a trainer listener (e.g. a progress bar); may be called several times @return this */
        public Builder listener(TrainingListener l) {
            listeners.add(Checks.notNull("listener", l));
            return this;
        }

        /**
         * @param rng the root stream: weights, start actions and resets, evaluation episodes, minibatches and policy
         *            noise each get a stream split off it
         * @return the training, ready to {@link SacTraining#run()}
         * @throws InvalidConfigException if steps &le; startSteps, evalEvery or checkpointEvery &lt; 0, evalEpisodes
         *     &lt; 1, or config is null
         */
        public SacTraining build(Rng rng) {
            Checks.notNull("config", config);
            Checks.notNull("rng", rng);
            if (steps <= config.startSteps()) {
                throw InvalidConfigException.of("steps", "> startSteps (" + config.startSteps() + ")", steps);
            }
            if (evalEvery < 0) {
                throw InvalidConfigException.of("evalEvery", ">= 0", evalEvery);
            }
            if (evalEpisodes < 1) {
                throw InvalidConfigException.of("evalEpisodes", ">= 1", evalEpisodes);
            }
            if (!(timeBudgetSeconds >= 0) || Double.isInfinite(timeBudgetSeconds)) {
                throw InvalidConfigException.of("timeBudgetSeconds", ">= 0 and finite", timeBudgetSeconds);
            }
            if (checkpointEvery < 0) {
                throw InvalidConfigException.of("checkpointEvery", ">= 0", checkpointEvery);
            }
            return new SacTraining(this, rng);
        }
    }
}
