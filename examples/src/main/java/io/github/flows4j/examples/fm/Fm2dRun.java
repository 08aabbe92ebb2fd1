package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.coupling.Coupling;
import io.github.flows4j.cnf.coupling.ExactOtCoupling;
import io.github.flows4j.cnf.coupling.Pair;
import io.github.flows4j.cnf.coupling.IndependentCoupling;
import io.github.flows4j.cnf.ffjord.MaximumLikelihoodLoss;
import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.loss.CfmVariant;
import io.github.flows4j.cnf.loss.FlowMatchingLoss;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.model.ScheduleTransformedModel;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.NoiseSchedule;
import io.github.flows4j.cnf.path.NoisyAffinePath;
import io.github.flows4j.cnf.path.ProbPath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.CosineScheduler;
import io.github.flows4j.cnf.path.scheduler.LinearVPScheduler;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.cnf.path.scheduler.VPScheduler;
import io.github.flows4j.cnf.sample.BridgeSde;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.PathStraightness;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.distributions.Distribution;
import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.io.CheckpointMismatchException;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.Sdeint;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Trains and evaluates one {@link Fm2dConfig}: Flow Matching (or FFJORD) on a 2-D toy with an MLP velocity field
 * on [x, t] (SiLU), trained by a {@link Trainer} with Adam (cosine-decayed over the steps, constant under a time
 * budget), then the exact test NLL by dopri5 at the configured tolerance (where the source has a log-density), the
 * number of function evaluations dopri5 needs to sample at that tolerance, and the straightness of the learned flow
 * against the training coupling's transport cost.
 *
 * <pre>{@code
 * Fm2dRun run = new Fm2dRun(config);
 * Fm2dRun.Result r = run.train(progressEnabled, new CheckpointOptions(), out.resolve("fm.ckpt")).evaluate();
 * }</pre>
 */
public final class Fm2dRun {
    private final Fm2dConfig config;
    private final Rng data;
    private final Rng noise;
    private final Rng.State testStream;
    private final Rng.State sampleStream;
    private final Rng.State plotStream;
    private final Rng.State straightStream;
    private final Rng.State bridgeStream;
    private final MlpVelocityField model;
    private final MlpVelocityField score;
    private double trainSeconds;
    private int stepsDone;
    private double lastLoss = Double.NaN;
    private boolean trained;

    /**
     * The outcome of a run.
     *
     * @param stepsDone    training steps completed
     * @param trainSeconds training wall time
     * @param lastLoss     mean training loss over the last complete block of 100 steps (all steps if fewer; the FM
     *                     regression loss or the FFJORD NLL)
     * @param testNll      exact test negative log-likelihood, nats
     * @param nllNfe       function evaluations of the likelihood solve
     * @param sampleNfe    function evaluations of a dopri5 sampling solve at the same tolerance
     * @param couplingCost mean ‖x₁ − x₀‖² of pairs drawn by the training coupling (4 batches of the training size)
     * @param straightness the learned flow's kinetic energy and displacement from 2000 source points (RK4, 100
     *                     steps)
     */
    public record Result(int stepsDone, double trainSeconds, double lastLoss, double testNll, int nllNfe,
            int sampleNfe, double couplingCost, PathStraightness straightness) {
    }

    /**
     * @param config the experiment
     */
    public Fm2dRun(Fm2dConfig config) {
        this.config = config;
        // one root stream, split in this fixed order: model init, training data, training noise, test set,
        // sampling base, plots, coupling cost, then (SB-CFM) the score's initialization and the SDE's draws
        Rng root = Rng.seeded(config.seed());
        Rng init = root.split();
        this.data = root.split();
        this.noise = root.split();
        this.testStream = root.split().state();
        this.sampleStream = root.split().state();
        this.plotStream = root.split().state();
        this.straightStream = root.split().state();
        Rng scoreInit = root.split();
        this.bridgeStream = root.split().state();
        this.model = MlpVelocityField.builder().dim(2).hidden(config.hidden()).activation(Activation.SILU)
                .dtype(DataType.FLOAT).build(init);
        this.score = config.variant() == CfmVariant.SB_CFM ? MlpVelocityField.builder().dim(2)
                .hidden(config.hidden()).activation(Activation.SILU).dtype(DataType.FLOAT).build(scoreInit) : null;
    }

    /**
     * What sampling the SB-CFM bridge shows: the 2-Wasserstein distance (exact OT between equal-size point sets) of
     * the probability-flow ODE's samples and of the bridge SDE's samples to held-out data, and between two held-out
     * data sets (the finite-sample floor).
     *
     * <pre>{@code
     * BridgeResult b = run.bridgeSampling(500, 100);   // after train(...) of an SB-CFM config
     * }</pre>
     *
     * @param odeW2    W₂(ODE samples, test data)
     * @param sdeW2    W₂(SDE samples, test data), Euler–Maruyama with {@code sdeSteps} steps
     * @param floorW2  W₂(test data, a second test set)
     * @param points   points in each set
     * @param sdeSteps Euler–Maruyama steps over [0, 1]
     */
    public record BridgeResult(double odeW2, double sdeW2, double floorW2, int points, int sdeSteps) {
    }

    /**
     * The trained model sampled under another schedule through {@link ScheduleTransformedModel}, from the same 2000
     * source points as {@link #evaluate()}'s sampling solve.
     *
     * <pre>{@code
     * Resampled r = run.resample(Fm2dConfig.PathKind.COSINE);   // r.maxDiff() ≈ 0: the same samples
     * }</pre>
     *
     * @param path    the schedule sampled under
     * @param nfe     function evaluations of the dopri5 solve under it
     * @param baseNfe function evaluations under the training schedule
     * @param maxDiff max |x − x'| between the two sets of samples
     */
    public record Resampled(Fm2dConfig.PathKind path, int nfe, int baseNfe, double maxDiff) {
    }

    /**
     * Samples the trained field under another schedule ({@link ScheduleTransformedModel}): the same final samples
     * up to the solver tolerance, along a differently timed path, so with another number of function evaluations.
     *
     * @param target the schedule to sample under
     * @return its NFE, the training schedule's NFE and the largest difference between the two sets of samples
     * @throws io.github.flows4j.core.InvalidConfigException if the run's path is not a plain affine path (a variant or
     *                                                       σ &gt; 0) or the schedules cannot be converted
     */
    public Resampled resample(Fm2dConfig.PathKind target) {
        if (config.variant() != null || config.sigma() > 0 || config.objective() != Fm2dConfig.Objective.FM) {
            throw io.github.flows4j.core.InvalidConfigException.of("path", "a Flow Matching run on a noise-free "
                    + "affine path (no variant, sigma 0) to change its schedule", config.variant() + ", sigma "
                    + config.sigma());
        }
        ScheduleTransformedModel moved = new ScheduleTransformedModel(model, scheduler(config.path()),
                scheduler(target));
        SolveSettings solve = evaluation();
        FlowSampler sampler = FlowSampler.builder().solve(solve.solver(), solve.options()).build();
        INDArray x0 = drawSource(2000, Rng.fromState(sampleStream));
        Samples base = sampler.sample(model, x0, null);
        Samples other = sampler.sample(moved, x0, null);
        double diff = base.x1().sub(other.x1()).amaxNumber().doubleValue();
        return new Resampled(target, other.stats().functionEvaluations(), base.stats().functionEvaluations(), diff);
    }

    /** @return a fresh copy of the stream the command's plots draw from (the same on every call) */
    public Rng plotStream() {
        return Rng.fromState(plotStream);
    }

    /** @return the experiment */
    public Fm2dConfig config() {
        return config;
    }

    /** @return the model being trained */
    public MlpVelocityField model() {
        return model;
    }

    /**
     * Trains once: data batches and the loss's noise from two streams split off the seed's root after the model's
     * initialization, cosine decay over the steps (constant under a wall-time budget, whose end is not known in
     * steps), no EMA.
     *
     * @param progress    whether to draw a progress bar on stderr
     * @param checkpoints {@code --checkpoint-every}, {@code --resume} and {@code --metrics}
     * @param checkpoint  the checkpoint file the trainer writes; null for none
     * @return this run, trained
     * @throws IOException if a checkpoint or the metrics file cannot be read or written
     * @throws io.github.flows4j.core.train.TrainingDivergedException if a loss or gradient stops being finite
     */
    public Fm2dRun train(boolean progress, CheckpointOptions checkpoints, Path checkpoint) throws IOException {
        if (trained) {
            throw new IllegalStateException("this run has already trained");
        }
        trained = true;
        FlowMatchingLoss.Builder fmb = FlowMatchingLoss.builder().path(path(config)).coupling(coupling());
        if (!config.source().isGaussian()) {
            fmb.source(config.source().sampler());
        }
        FlowMatchingLoss fm = fmb.build();
        MaximumLikelihoodLoss mle = config.objective() == Fm2dConfig.Objective.FFJORD
                ? MaximumLikelihoodLoss.ffjord(1e-5, 1e-5, config.source().isGaussian() ? null
                        : config.source().density().orElseThrow()) : null;
        LrSchedule schedule = config.timeBudget() > 0 ? LrSchedule.constant(config.lr())
                : LrSchedule.cosine(config.lr(), config.steps(), 0.0);
        TrainerConfig settings = checkpoints.configure(TrainerConfig.builder().maxSteps(config.steps())
                .timeBudgetSeconds(config.timeBudget()).schedule(schedule), checkpoint).build();
        String label = config.objective().name().toLowerCase(java.util.Locale.ROOT) + " " + config.dataset().id();
        BlockMean blocks = new BlockMean();
        try (ProgressListener bar = ProgressListener.start(label, config.steps(), progress)) {
            TrainResult r;
            if (score != null) {
                BridgeFields pair = new BridgeFields(model, score);
                Trainer.Builder<BridgeFields> trainer = Trainer.builder(pair).config(settings).loss(ctx -> {
                    INDArray x1 = config.dataset().sample(config.batch(), ctx.data(), DataType.FLOAT);
                    return fm.flowAndScoreLoss(pair.flow(), pair.score(), fm.draw(x1, ctx.noise()));
                }).listener(bar).listener(blocks);
                r = checkpoints.run(trainer, data, noise);
            } else {
                Trainer.Builder<MlpVelocityField> trainer = Trainer.builder(model).config(settings).loss(ctx -> {
                    INDArray x1 = config.dataset().sample(config.batch(), ctx.data(), DataType.FLOAT);
                    return config.objective() == Fm2dConfig.Objective.FM ? fm.loss(ctx.model(), x1, ctx.noise())
                            : mle.loss(ctx.model(), x1, ctx.noise());
                }).listener(bar).listener(blocks);
                r = checkpoints.run(trainer, data, noise);
            }
            stepsDone = (int) r.steps();
            trainSeconds = r.seconds();
            lastLoss = blocks.value(r);
        }
        return this;
    }

    /**
     * The mean loss of the last complete block of 100 steps (steps 1–100, 101–200, …), or of all steps if fewer
     * than 100; after a resume that began inside that block, the trainer's rolling mean of the last 100.
     */
    private static final class BlockMean implements TrainingListener {
        private static final int BLOCK = 100;
        private double window;
        private int inWindow;
        private double last = Double.NaN;
        private long first = -1;
        private long lastBlockEnd = -1;

        @Override
        public void onStep(long step, double loss, double lr) {
            if (first < 0) {
                first = step;
            }
            window += loss;
            inWindow++;
            if (step % BLOCK == 0) {
                last = window / inWindow;
                lastBlockEnd = step;
                window = 0;
                inWindow = 0;
            }
        }

        double value(TrainResult r) {
            if (first < 0) {
                return r.meanLoss();
            }
            if (lastBlockEnd < 0) {
                return first == 1 ? window / inWindow : r.meanLoss();
            }
            return lastBlockEnd - BLOCK + 1 >= first ? last : r.meanLoss();
        }
    }

    /**
     * Loads trained weights instead of training: the model of a checkpoint that {@code flows4j fm} (or
     * {@link #train}) wrote with the same {@code --hidden}; for an SB-CFM configuration, its flow and score.
     *
     * @param checkpoint the checkpoint file
     * @return this run, holding the checkpoint's weights; {@link Result#stepsDone()} is the step it was saved at
     * @throws IOException if the file cannot be read or is not a checkpoint
     * @throws CheckpointMismatchException if its parameters do not fit this model (another {@code --hidden}, or an
     *                                     SB-CFM pair loaded without the variant or the other way round; the message
     *                                     says which)
     */
    public Fm2dRun load(Path checkpoint) throws IOException {
        if (trained) {
            throw new IllegalStateException("this run has already trained");
        }
        trained = true;
        Checkpoint.Contents c;
        try {
            c = Checkpoint.load(checkpoint, score == null ? model : new BridgeFields(model, score), null);
        } catch (CheckpointMismatchException e) {
            throw explainVariant(checkpoint, e);
        }
        Long step = c.extras() == null ? null : c.extras().counters().get("trainer/step");
        stepsDone = step == null ? 0 : step.intValue();
        return this;
    }

    /**
     * A checkpoint of an SB-CFM run holds two networks ({@code flow.*} and {@code score.*}); loading it without
     * {@code --variant sb-cfm}, or a one-network checkpoint with it, gets a message that says which.
     */
    private CheckpointMismatchException explainVariant(Path checkpoint, CheckpointMismatchException e)
            throws IOException {
        java.util.Set<String> names = Checkpoint.read(checkpoint).parameters().keySet();
        boolean pair = names.stream().anyMatch(n -> n.startsWith("flow.")) && names.stream()
                .anyMatch(n -> n.startsWith("score."));
        if (pair && score == null) {
            return new CheckpointMismatchException(checkpoint.toString(), java.util.List.of("it holds an SB-CFM flow "
                    + "and score (flow.*, score.*); load it with --variant sb-cfm and the training run's --sigma"));
        }
        if (!pair && score != null) {
            return new CheckpointMismatchException(checkpoint.toString(), java.util.List.of("it holds one velocity "
                    + "field, not an SB-CFM flow and score; drop --variant sb-cfm"));
        }
        return e;
    }

    /**
     * @return the test NLL (NaN, with 0 evaluations, when the source has no closed-form density), the sampling cost,
     *     the coupling's transport cost and the learned flow's straightness
     */
    public Result evaluate() {
        INDArray test = config.dataset().sample(config.testSize(), Rng.fromState(testStream),
                DataType.FLOAT);
        SolveSettings solve = evaluation();
        double nll = Double.NaN;
        int nllNfe = 0;
        java.util.Optional<Distribution> p0 = config.source().density();
        if (p0.isPresent()) {
            CnfLikelihood.Builder lik = CnfLikelihood.builder().solve(solve.solver(), solve.options());
            if (!config.source().isGaussian()) {
                lik.source(p0.get());
            }
            var ll = lik.build().evaluate(model, test);
            nll = -ll.mean();
            nllNfe = ll.stats().functionEvaluations();
        }
        FlowSampler sampler = FlowSampler.builder().solve(solve.solver(), solve.options()).build();
        INDArray x0 = drawSource(2000, Rng.fromState(sampleStream));
        Samples s = sampler.sample(model, x0, null);
        PathStraightness straight = PathStraightness.measure(model, x0, 100);
        return new Result(stepsDone, trainSeconds, lastLoss, nll, nllNfe, s.stats().functionEvaluations(),
                couplingCost(), straight);
    }

    /**
     * @param n   how many
     * @param rng the generator
     * @return n source points x₀, [n, 2] FLOAT (N(0, I) drawn as {@code rng.normal}, or the source toy)
     */
    public INDArray drawSource(int n, Rng rng) {
        return config.source().isGaussian() ? rng.normal(DataType.FLOAT, n, 2)
                : config.source().sampler().sample(n, rng, DataType.FLOAT);
    }

    /**
     * Samples the trained SB-CFM pair both ways from the same source points: the flow's probability-flow ODE
     * (dopri5 at the evaluation tolerance) and the bridge SDE dx = [v + (σ²/2) s] dt + σ dW
     * ({@link BridgeSde}, Euler–Maruyama), and measures each against held-out data by exact-OT W₂.
     *
     * @param points   points per set, &ge; 2
     * @param sdeSteps Euler–Maruyama steps, &ge; 1
     * @return the three distances
     * @throws IllegalStateException if this run is not SB-CFM (no score)
     */
    public BridgeResult bridgeSampling(int points, int sdeSteps) {
        if (score == null) {
            throw new IllegalStateException("only an SB-CFM run has a score to sample the bridge SDE with");
        }
        Rng rng = Rng.fromState(bridgeStream);
        INDArray x0 = drawSource(points, rng);
        INDArray test = config.dataset().sample(points, rng, DataType.FLOAT);
        INDArray floor = config.dataset().sample(points, rng, DataType.FLOAT);
        SolveSettings solve = evaluation();
        INDArray ode = FlowSampler.builder().solve(solve.solver(), solve.options()).build().sample(model, x0, null)
                .x1();
        INDArray sde1 = sampleBridgeSde(x0, sdeSteps, rng);
        return new BridgeResult(w2(ode, test, rng), w2(sde1, test, rng), w2(floor, test, rng), points, sdeSteps);
    }

    /**
     * Solves the SB-CFM bridge SDE dx = [v + (σ²/2) s] dt + σ dW from the given source points (Euler–Maruyama).
     *
     * <pre>{@code
     * INDArray x1 = run.sampleBridgeSde(run.drawSource(1000, rng), 100, rng);
     * }</pre>
     *
     * @param x0       source points, [n, 2]
     * @param sdeSteps Euler–Maruyama steps over [0, 1], &ge; 1
     * @param rng      the Brownian motion's generator
     * @return the points at t = 1, [n, 2]
     * @throws IllegalStateException if this run is not SB-CFM (no score)
     */
    @SuppressWarnings("try")
    public INDArray sampleBridgeSde(INDArray x0, int sdeSteps, Rng rng) {
        if (score == null) {
            throw new IllegalStateException("only an SB-CFM run has a score to sample the bridge SDE with");
        }
        SdeTerm sde = BridgeSde.term(model, score, config.sigma());
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor path = Sdeint.solve(sde, Tensor.constant(x0), new double[] {0, 1}, "euler", 1.0 / sdeSteps, rng);
            return path.value().get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        }
    }

    /** @return the exact-OT 2-Wasserstein distance between two equal-size point sets */
    private static double w2(INDArray a, INDArray b, Rng rng) {
        Pair p = new ExactOtCoupling().couple(a, b, rng);
        INDArray d = p.x1().sub(p.x0());
        return Math.sqrt(d.mul(d).sum(1).meanNumber().doubleValue());
    }

    /** @return mean ‖x₁ − x₀‖² over 4 training-size batches paired by the training coupling */
    private double couplingCost() {
        Rng rng = Rng.fromState(straightStream);
        Coupling coupling = coupling();
        double sum = 0;
        int batches = 4;
        for (int b = 0; b < batches; b++) {
            INDArray x0 = drawSource(config.batch(), rng);
            INDArray x1 = config.dataset().sample(config.batch(), rng, DataType.FLOAT);
            Pair p = coupling.couple(x0, x1, rng);
            INDArray d = p.x1().sub(p.x0());
            sum += d.mul(d).sum(1).meanNumber().doubleValue() / batches;
        }
        return sum;
    }

    private Coupling coupling() {
        if (config.variant() != null) {
            return config.variant().coupling(config.sigma());
        }
        return config.otCoupling() ? new ExactOtCoupling() : new IndependentCoupling();
    }

    static ProbPath path(Fm2dConfig config) {
        if (config.variant() != null) {
            return config.variant().path(config.sigma());
        }
        Scheduler scheduler = scheduler(config.path());
        return config.sigma() > 0 ? new NoisyAffinePath(scheduler, NoiseSchedule.constant(config.sigma()))
                : new AffinePath(scheduler);
    }

    /** @return the solver and options of every evaluation solve: dopri5 at rtol = atol = {@code --tol} */
    public SolveSettings evaluation() {
        return SolveSettings.of(new Dopri5(), SolveOptions.of(PIController.of(config.tolerance(), config.tolerance())));
    }

    static Scheduler scheduler(Fm2dConfig.PathKind kind) {
        return switch (kind) {
            case CONDOT -> new CondOTScheduler();
            case VP -> new VPScheduler();
            case LINEAR_VP -> new LinearVPScheduler();
            case COSINE -> new CosineScheduler();
        };
    }
}
