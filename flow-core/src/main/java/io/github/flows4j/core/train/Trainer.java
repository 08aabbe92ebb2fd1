package io.github.flows4j.core.train;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.ArrayPool;
import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.io.CheckpointMismatchException;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.Ema;
import io.github.flows4j.core.optim.GradClip;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.optim.Optimizer;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one training loop: for each step, inside a {@link TensorScope}, a {@link GradientSource} computes the loss and
 * the gradients; the trainer checks both for NaN and infinity, clips the global gradient norm, steps the optimizer,
 * updates the EMA of the weights, reports to its {@link TrainingListener}s, validates and keeps the best snapshot, and
 * writes checkpoints, until the step limit or the time budget of its {@link TrainerConfig} runs out.
 *
 * <p><b>Step order.</b> Step {@code k} (0-based): evaluate the schedule at {@code (k, progress)}; open a scope;
 * {@code loss = gradients.compute(ctx)}; stop with a {@link TrainingDivergedException} if the loss or a gradient is
 * not finite (before the optimizer moves); clip; {@code optimizer.step()}; close the scope; {@code ema.update()};
 * {@code onStep(k + 1, loss, lr)}; validate if {@code (k + 1) % validateEvery == 0}, and at the last step exactly
 * when {@code validateAtEnd} is on (the default);
 * checkpoint if {@code (k + 1) % checkpointEvery == 0} or this is the last step. At the end the model holds the best
 * validated snapshot ({@code keepBest}), else the EMA weights ({@code emaToModel}), else the training weights.
 *
 * <p><b>Randomness and resume.</b> The run draws only from the two streams handed to {@link #fit} (through
 * {@link StepContext#data()} and {@link StepContext#noise()}). A checkpoint holds the training weights, the optimizer
 * state, both streams' states ({@link Rng#state()}), the EMA, the best snapshot, the loss window and the elapsed time,
 * so {@link #resume} continues with exactly the losses of an uninterrupted run. Checkpoints are written atomically
 * ({@link Checkpoint}); a diverged step never writes one.
 *
 * <p>A trainer runs once: build a new one (same model, config and factory) to run again or to resume.
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(7);
 * Mlp model = Mlp.builder().sizes(2, 64, 64, 1).activation(Activation.SILU).dtype(DataType.FLOAT).build(rng.split());
 * TrainerConfig config = TrainerConfig.builder().maxSteps(5_000)
 *         .schedule(LrSchedule.cosine(1e-3, 5_000, 0)).ema(0.999).build();
 * Trainer<Mlp> trainer = Trainer.builder(model).config(config)
 *         .loss(ctx -> regressionLoss(ctx.model(), ctx.data()))
 *         .build();
 * TrainResult r = trainer.fit(rng.split(), rng.split());   // data stream, noise stream
 * }</pre>
 *
 * @param <M> the model's type
 */
public final class Trainer<M extends Module> {
    private static final String STEP = "trainer/step";
    private static final String ELAPSED = "trainer/elapsedNanos";
    private static final String LOSS_COUNT = "trainer/lossCount";
    private static final String LOSSES = "trainer/losses";
    private static final String LAST_LOSS = "trainer/lastLoss";
    private static final String REFERENCE_LOSS = "trainer/referenceLoss";
    private static final String BEST_STEP = "trainer/bestStep";
    private static final String BEST_SCORE = "trainer/bestScore";
    private static final String EMA_UPDATES = "ema/updates";
    private static final String EMA_PREFIX = "ema/";
    private static final String BEST_PREFIX = "best/";

    private final M model;
    private final TrainerConfig config;
    private final GradientSource<M> gradients;
    private final ToDoubleFunction<? super M> scorer;
    private final List<TrainingListener> listeners;
    private final Map<String, Tensor> parameters;
    private final Optimizer optimizer;
    private final Ema ema;
    private final long budgetNanos;

    // run state, all of it in a checkpoint
    private boolean used;
    private long step;
    private long elapsedBefore;
    private Rng data;
    private Rng noise;
    private final double[] losses;
    private long lossCount;
    private double lastLoss = Double.NaN;
    private double referenceLoss = Double.NaN;
    private long bestStep;
    private double bestScore = Double.NaN;
    private Map<String, INDArray> best;
    // the clock reading that the current step's schedule sees
    private long stepElapsed;

    private Trainer(Builder<M> b) {
        this.model = b.model;
        this.config = b.config;
        this.gradients = b.gradients;
        this.scorer = b.scorer;
        this.listeners = List.copyOf(b.listeners);
        this.parameters = model.parameters();
        this.budgetNanos = config.timeBudget().toNanos();
        LrSchedule schedule = config.schedule();
        LrSchedule fed = k -> schedule.valueAt(k, progress(k, stepElapsed));
        this.optimizer = b.optimizers.create(parameters, fed);
        if (optimizer == null) {
            throw InvalidConfigException.of("optimizer", "a factory that returns an optimizer", null);
        }
        if (!optimizer.parameters().keySet().equals(parameters.keySet())) {
            throw InvalidConfigException.of("optimizer", "an optimizer over the model's parameters "
                    + parameters.keySet(), optimizer.parameters().keySet());
        }
        if (config.hasEma()) {
            this.ema = config.emaWarmup() ? Ema.withWarmup(parameters, config.emaDecay())
                    : new Ema(parameters, config.emaDecay());
        } else {
            this.ema = null;
        }
        this.losses = new double[config.lossWindow()];
    }

    /**
     * @param <M>   the model's type
     * @param model the model to train; its parameters are updated in place
     * @return a builder
     * @throws InvalidConfigException if model is null or has no parameters
     */
    public static <M extends Module> Builder<M> builder(M model) {
        if (model == null) {
            throw InvalidConfigException.of("model", "non-null", null);
        }
        if (model.parameters().isEmpty()) {
            throw InvalidConfigException.of("model", "a module with parameters", model);
        }
        return new Builder<>(model);
    }

    /** @return the model */
    public M model() {
        return model;
    }

    /** @return the settings */
    public TrainerConfig config() {
        return config;
    }

    /** @return the optimizer (built by the factory with the progress-fed schedule), e.g. for a final checkpoint */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Trains from the model's current weights.
     *
     * @param data  the stream for data batches (advanced; e.g. {@code rng.split()})
     * @param noise the stream for the loss's own randomness (advanced; may be the caller's root stream)
     * @return what the run did
     * @throws TrainingDivergedException if a loss or gradient is not finite (the model keeps the last good weights)
     * @throws UncheckedIOException if a checkpoint cannot be written
     * @throws IllegalStateException if this trainer has already run
     */
    public TrainResult fit(Rng data, Rng noise) {
        if (data == null) {
            throw InvalidConfigException.of("data", "non-null", null);
        }
        if (noise == null) {
            throw InvalidConfigException.of("noise", "non-null", null);
        }
        claim();
        this.data = data;
        this.noise = noise;
        return run();
    }

    /**
     * Restores a checkpoint this trainer's configuration wrote (weights, optimizer, random streams, EMA, best snapshot,
     * loss window, elapsed time) and trains on to the same limits, with the same losses an uninterrupted run has.
     *
     * @param checkpoint a file written by a trainer with the same model, optimizer kind and EMA setting
     * @return what the whole run (before and after the checkpoint) did
     * @throws IOException if the checkpoint cannot be read
     * @throws io.github.flows4j.core.io.CorruptCheckpointException if it is damaged
     * @throws CheckpointMismatchException if it does not fit the model, the optimizer or the configuration
     * @throws TrainingDivergedException if a loss or gradient is not finite
     * @throws IllegalStateException if this trainer has already run
     */
    public TrainResult resume(Path checkpoint) throws IOException {
        if (checkpoint == null) {
            throw InvalidConfigException.of("checkpoint", "non-null", null);
        }
        claim();
        Checkpoint.Contents c = Checkpoint.read(checkpoint);
        Checkpoint.Extras x = c.extras();
        List<String> problems = new ArrayList<>();
        if (x == null || !x.counters().containsKey(STEP)) {
            problems.add("it holds no trainer state (written by Checkpoint.save, not by a Trainer?)");
            throw new CheckpointMismatchException(checkpoint.toString(), problems);
        }
        for (String key : List.of(ELAPSED, LOSS_COUNT, LAST_LOSS, BEST_STEP, BEST_SCORE, "trainer/data.seed",
                "trainer/data.gamma", "trainer/noise.seed", "trainer/noise.gamma")) {
            if (!x.counters().containsKey(key)) {
                problems.add("trainer counter '" + key + "' is missing");
            }
        }
        INDArray savedLosses = x.buffers().get(LOSSES);
        if (savedLosses == null || savedLosses.length() != losses.length) {
            problems.add("the loss window must hold " + losses.length + " values (lossWindow); found "
                    + (savedLosses == null ? "none" : savedLosses.length()));
        }
        boolean savedEma = x.counters().containsKey(EMA_UPDATES);
        if (savedEma != (ema != null)) {
            problems.add(ema != null ? "the configuration has an EMA but the checkpoint has none"
                    : "the checkpoint has an EMA but the configuration has none");
        }
        if (!problems.isEmpty()) {
            throw new CheckpointMismatchException(checkpoint.toString(), problems);
        }
        Map<String, INDArray> averages = prefixed(x.buffers(), EMA_PREFIX);
        Map<String, INDArray> snapshot = prefixed(x.buffers(), BEST_PREFIX);
        Checkpoint.load(checkpoint, model, optimizer);
        if (ema != null) {
            ema.restore(averages, x.counters().get(EMA_UPDATES));
        }
        step = x.counters().get(STEP);
        elapsedBefore = x.counters().get(ELAPSED);
        lossCount = x.counters().get(LOSS_COUNT);
        lastLoss = Double.longBitsToDouble(x.counters().get(LAST_LOSS));
        Long reference = x.counters().get(REFERENCE_LOSS); // absent in checkpoints of older versions
        referenceLoss = reference == null ? Double.NaN : Double.longBitsToDouble(reference);
        bestStep = x.counters().get(BEST_STEP);
        bestScore = Double.longBitsToDouble(x.counters().get(BEST_SCORE));
        best = snapshot.isEmpty() ? null : snapshot;
        double[] saved = savedLosses.castTo(DataType.DOUBLE).dup('c').toDoubleVector();
        System.arraycopy(saved, 0, losses, 0, losses.length);
        data = Rng.fromState(new Rng.State(x.counters().get("trainer/data.seed"),
                x.counters().get("trainer/data.gamma")));
        noise = Rng.fromState(new Rng.State(x.counters().get("trainer/noise.seed"),
                x.counters().get("trainer/noise.gamma")));
        return run();
    }

    private void claim() {
        if (used) {
            throw new IllegalStateException("this Trainer has already run; build a new one to train again or resume");
        }
        used = true;
    }

    private static Map<String, INDArray> prefixed(Map<String, INDArray> buffers, String prefix) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : buffers.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                m.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return m;
    }

    /** The training progress at step index k, with {@code elapsed} nanoseconds on the clock. */
    private double progress(long k, long elapsed) {
        double p = 0;
        if (config.maxSteps() > 0) {
            p = (double) k / config.maxSteps();
        }
        if (budgetNanos > 0) {
            p = Math.max(p, (double) elapsed / budgetNanos);
        }
        return Math.min(1.0, p);
    }

    @SuppressWarnings("try")
    private TrainResult run() {
        long start = config.clock().getAsLong();
        long maxSteps = config.maxSteps();
        boolean budgetHit = budgetNanos > 0 && elapsedBefore >= budgetNanos;
        boolean validating = scorer != null && config.validateEvery() > 0;
        boolean finished = (maxSteps > 0 && step >= maxSteps) || budgetHit;
        if (finished && config.checkpoint() != null) {
            // a run resumed from a finished checkpoint runs no step; its checkpoint still goes where it is configured
            save(elapsedBefore);
        }
        while (!finished) {
            long k = step;
            stepElapsed = budgetNanos > 0 ? elapsedBefore + config.clock().getAsLong() - start : 0;
            double progress = progress(k, stepElapsed);
            double lr = optimizer.learningRate();
            double loss;
            try (TensorScope scope = TensorScope.open()) {
                try {
                    loss = gradients.compute(new StepContext<>(k, model, parameters, data, noise, lr, progress));
                } catch (NonFiniteException e) {
                    if (k == 0 || e instanceof TrainingDivergedException) {
                        throw e;
                    }
                    // the weights of the earlier steps made the loss itself uncomputable
                    throw new TrainingDivergedException(k + 1, lr, e);
                }
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(k + 1, loss, null, null, lr);
                }
                if (Double.isNaN(referenceLoss)) {
                    referenceLoss = Math.max(1, Math.abs(loss));
                }
                double limit = config.explosionFactor() * referenceLoss;
                if (limit > 0 && Math.abs(loss) > limit) {
                    throw TrainingDivergedException.exploded(k + 1, loss, limit, lr);
                }
                checkGradients(k + 1, loss, lr);
                optimizer.step();
            }
            if (ema != null) {
                ema.update();
            }
            step = k + 1;
            losses[(int) (lossCount % losses.length)] = loss;
            lossCount++;
            lastLoss = loss;
            for (TrainingListener l : listeners) {
                l.onStep(step, loss, lr);
            }
            boolean stepsDone = maxSteps > 0 && step >= maxSteps;
            if (!stepsDone && budgetNanos > 0) {
                budgetHit = elapsedBefore + config.clock().getAsLong() - start >= budgetNanos;
            }
            finished = stepsDone || budgetHit;
            if (validating && (finished ? config.validateAtEnd() : step % config.validateEvery() == 0)) {
                validate();
            }
            if (config.checkpoint() != null
                    && ((config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) || finished)) {
                save(elapsedBefore + config.clock().getAsLong() - start);
            }
        }
        long elapsed = elapsedBefore + config.clock().getAsLong() - start;
        // the pool holds arrays of the training step's shapes; what follows a run (evaluation, sampling) has others,
        // so the pooled arrays (up to the pool's bound) are freed rather than kept beside the new ones
        ArrayPool.clear();
        if (best != null && config.keepBest()) {
            for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
                p.getValue().value().assign(best.get(p.getKey()));
            }
        } else if (ema != null && config.emaToModel()) {
            ema.copyTo(parameters);
        }
        long kept = best != null && config.keepBest() ? bestStep : step;
        TrainResult result = new TrainResult(step, elapsed / 1e9, meanLoss(), lastLoss, kept, bestScore, budgetHit);
        for (TrainingListener l : listeners) {
            l.onEnd(result);
        }
        return result;
    }

    private void checkGradients(long n, double loss, double lr) {
        try {
            if (config.clipNorm() > 0) {
                GradClip.clipGlobalNorm(parameters, config.clipNorm());
            } else {
                GradClip.globalNorm(parameters);
            }
        } catch (NonFiniteException e) {
            for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
                try {
                    GradClip.globalNorm(Map.of(p.getKey(), p.getValue()));
                } catch (NonFiniteException bad) {
                    String m = bad.getMessage();
                    int at = m.indexOf("found ");
                    throw new TrainingDivergedException(n, loss, p.getKey(), at < 0 ? null : m.substring(at + 6), lr);
                }
            }
            throw new TrainingDivergedException(n, loss, "(all parameters)", "a sum of squares that overflows", lr);
        }
    }

    @SuppressWarnings("try") // the swap puts the training weights back when it closes
    private void validate() {
        double score;
        if (ema != null) {
            try (Ema.Swap swap = ema.swapIn()) {
                score = scorer.applyAsDouble(model);
            }
        } else {
            score = scorer.applyAsDouble(model);
        }
        boolean improved = bestStep == 0 ? !Double.isNaN(score) : score < bestScore;
        if (improved) {
            bestScore = score;
            bestStep = step;
            if (config.keepBest()) {
                best = ema != null ? ema.averages() : copyOfParameters();
            }
        }
        for (TrainingListener l : listeners) {
            l.onValidation(step, score, improved);
        }
    }

    private Map<String, INDArray> copyOfParameters() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
            m.put(p.getKey(), p.getValue().value().dup('c'));
        }
        return m;
    }

    private double meanLoss() {
        int n = (int) Math.min(lossCount, losses.length);
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += losses[i];
        }
        return sum / n;
    }

    private void save(long elapsed) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(STEP, step);
        counters.put(ELAPSED, elapsed);
        counters.put(LOSS_COUNT, lossCount);
        counters.put(LAST_LOSS, Double.doubleToRawLongBits(lastLoss));
        counters.put(REFERENCE_LOSS, Double.doubleToRawLongBits(referenceLoss));
        counters.put(BEST_STEP, bestStep);
        counters.put(BEST_SCORE, Double.doubleToRawLongBits(bestScore));
        Rng.State d = data.state();
        Rng.State z = noise.state();
        counters.put("trainer/data.seed", d.seed());
        counters.put("trainer/data.gamma", d.gamma());
        counters.put("trainer/noise.seed", z.seed());
        counters.put("trainer/noise.gamma", z.gamma());
        Map<String, INDArray> buffers = new LinkedHashMap<>();
        buffers.put(LOSSES, Nd4j.createFromArray(losses.clone()));
        if (ema != null) {
            counters.put(EMA_UPDATES, ema.updateCount());
            ema.averages().forEach((k, v) -> buffers.put(EMA_PREFIX + k, v));
        }
        if (best != null) {
            best.forEach((k, v) -> buffers.put(BEST_PREFIX + k, v));
        }
        try {
            Checkpoint.save(config.checkpoint(), model, optimizer, new Checkpoint.Extras(counters, buffers));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + config.checkpoint() + " at step " + step,
                    e);
        }
        for (TrainingListener l : listeners) {
            l.onCheckpoint(step, config.checkpoint());
        }
    }

    /**
     * Assembles a {@link Trainer}. Required: {@link #config}, and {@link #loss} or {@link #gradients}.
     *
     * <pre>{@code
     * Trainer<Mlp> t = Trainer.builder(model).config(config)
     *         .optimizer((params, lr) -> new AdamW(params, AdamConfig.builder().lr(lr).build()))
     *         .loss(ctx -> loss(ctx.model(), ctx.data(), ctx.noise()))
     *         .validation(m -> validationNll(m))
     *         .listener(csv)
     *         .build();
     * }</pre>
     *
     * @param <M> the model's type
     */
    public static final class Builder<M extends Module> {
        private final M model;
        private TrainerConfig config;
        private GradientSource<M> gradients;
        private OptimizerFactory optimizers = OptimizerFactory.adam();
        private ToDoubleFunction<? super M> scorer;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder(M model) {
            this.model = model;
        }

        /**
         * @param config the settings (required)
         * @return this builder
         */
        public Builder<M> config(TrainerConfig config) {
            this.config = config;
            return this;
        }

        /**
         * @param optimizers builds the optimizer from the parameters and the trainer's schedule (default
         *                   {@link OptimizerFactory#adam()})
         * @return this builder
         */
        public Builder<M> optimizer(OptimizerFactory optimizers) {
            this.optimizers = optimizers;
            return this;
        }

        /**
         * @param source how a step computes its loss and gradients
         * @return this builder
         */
        public Builder<M> gradients(GradientSource<M> source) {
            this.gradients = source;
            return this;
        }

        /**
         * @param loss the step's loss, computed and back-propagated locally ({@link GradientSource#local})
         * @return this builder
         */
        public Builder<M> loss(StepLoss<M> loss) {
            this.gradients = GradientSource.local(loss);
            return this;
        }

        /**
         * @param scorer scores the model's (EMA) weights, lower is better, e.g. a validation NLL; used every
         *               {@link TrainerConfig#validateEvery()} steps
         * @return this builder
         */
        public Builder<M> validation(ToDoubleFunction<? super M> scorer) {
            this.scorer = scorer;
            return this;
        }

        /**
         * @param listener hears every step, validation, checkpoint and the end; may be called more than once
         * @return this builder
         */
        public Builder<M> listener(TrainingListener listener) {
            if (listener == null) {
                throw InvalidConfigException.of("listener", "non-null", null);
            }
            listeners.add(listener);
            return this;
        }

        /**
         * @return the trainer, with its optimizer (and EMA) built over the model's parameters
         * @throws InvalidConfigException naming the missing or inconsistent part
         */
        public Trainer<M> build() {
            if (config == null) {
                throw InvalidConfigException.of("config", "non-null", null);
            }
            if (gradients == null) {
                throw InvalidConfigException.of("loss", "set by loss(...) or gradients(...)", null);
            }
            if (optimizers == null) {
                throw InvalidConfigException.of("optimizer", "non-null", null);
            }
            if (config.validateEvery() > 0 && scorer == null) {
                throw InvalidConfigException.of("validation", "a scorer when validateEvery > 0", null);
            }
            return new Trainer<>(this);
        }
    }
}
