package io.github.flows4j.examples.sdebnn;

import io.github.flows4j.cnf.sdebnn.ClassificationMetrics;
import io.github.flows4j.cnf.sdebnn.Elbo;
import io.github.flows4j.cnf.sdebnn.KlEstimator;
import io.github.flows4j.cnf.sdebnn.MeanFieldBnn;
import io.github.flows4j.cnf.sdebnn.OdeNet;
import io.github.flows4j.cnf.sdebnn.Predictive;
import io.github.flows4j.cnf.sdebnn.SdeBnn;
import io.github.flows4j.cnf.sdebnn.SdeBnnConfig;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.ode.Stats;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.AdamConfig;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepLoss;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Image classification on flattened pixels with the three models at one budget (the same number of Adam steps
 * and batch size, all through flow-core's {@link Trainer}): an SDE-BNN ({@code 784 → d_h 16}, hidden field width
 * 32, σ 0.1 by default, 4 steps, STL), a mean-field BNN ({@code 784 → 64 → 10}) and an ODE-net (the SDE-BNN's
 * architecture with fixed weights). Reports accuracy, NLL and 15-bin ECE of the Monte Carlo predictive on the test
 * subset, and on the validation split when there is one.
 *
 * <p><b>Validation protocol.</b> With a validation split (carved out of the training file, see
 * {@link FashionMnist#load(java.nio.file.Path, int, int, int, DataType)}) and {@link Settings#validateEvery()} &gt; 0,
 * every model is scored on the validation images every that many steps (the predictive NLL with
 * {@link Settings#validationSamples()} samples, the same noise at every check) and the best-scoring weights are kept
 * (early stopping through the {@code Trainer}'s {@code keepBest}). The knobs each model is tuned on — the SDE-BNN's σ
 * and KL weight, the ODE-net's L2 weight decay — are chosen by the caller from the validation metrics each
 * {@link Result} carries; the test images are used only to report.
 *
 * <pre>{@code
 * Map<ImageModel, ImageExperiment.Result> r = ImageExperiment.run(data, 500, 32, 10, 0);
 * Map<ImageModel, ImageExperiment.Result> tuned = ImageExperiment.run(data,
 *         ImageExperiment.Settings.builder().sigma(0.3).odeWeightDecay(1e-4).validateEvery(250).build(),
 *         2000, 20, 50, 0);
 * }</pre>
 */
public final class ImageExperiment {
    private ImageExperiment() {
    }

    /**
     * @param metrics    accuracy, NLL and ECE on the test subset
     * @param validation the same on the validation split, null without one
     * @param probs      the predictive probabilities on the test subset, {@code [test, 10]}
     * @param cost       one forward pass's solve (solver steps, drift evaluations); all zero for the mean-field BNN
     * @param keptStep   the training step whose weights were evaluated: the best validation's with early stopping,
     *                   else the last
     */
    public record Result(ClassificationMetrics metrics, ClassificationMetrics validation, INDArray probs, Stats cost,
            long keptStep) {
    }

    /**
     * The KL weight β of both Bayesian models' objectives ({@code mean NLL + β·KL / N}): bayeSDE's
     * {@code --kl_coef 1e-3} (its JAX classifier divides it by the training-set size the same way).
     */
    public static final double KL_WEIGHT = 1e-3;

    /**
     * Rows per predictive pass: larger sets are evaluated in chunks of this size (each with its own split of the
     * evaluation stream), which bounds the memory of a pass (the Brownian tree caches nodes of {@code rows × weights}
     * values).
     */
    public static final int CHUNK = 1000;

    /** The SDE-BNN's default diffusion σ: bayeSDE's PyTorch {@code --sigma 0.1}. */
    public static final double SIGMA = 0.1;

    /**
     * What a run trains and how: the SDE-BNN's σ and KL weight β (β also weighs the mean-field BNN's KL), the
     * ODE-net's L2 weight decay (Adam's coupled L2 term, on every parameter), the EMA of the weights (NaN: none;
     * with warmup), early stopping on the validation NLL every {@code validateEvery} steps (0: none) with
     * {@code validationSamples} predictive samples, and which models run. The defaults are the session-8
     * configuration: σ 0.1, β 1e-3, no weight decay, no EMA, no validation, all three models.
     *
     * <pre>{@code
     * ImageExperiment.Settings s = ImageExperiment.Settings.builder().sigma(0.3).ema(0.999).validateEvery(250)
     *         .models(EnumSet.of(ImageModel.SDE_BNN)).build();
     * }</pre>
     *
     * @param sigma             the SDE-BNN's diffusion σ, &gt; 0
     * @param klWeight          β &ge; 0
     * @param odeWeightDecay    the ODE-net's L2 weight decay, &ge; 0
     * @param ema               the EMA decay in [0, 1), or NaN for none
     * @param validateEvery     steps between validation checks, &ge; 0 (0: no early stopping)
     * @param validationSamples predictive samples of the Bayesian models at each check, &ge; 1
     * @param models            the models to run, not empty
     */
    public record Settings(double sigma, double klWeight, double odeWeightDecay, double ema, int validateEvery,
            int validationSamples, Set<ImageModel> models) {
        /** Validates every field; copies the model set. */
        public Settings {
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw InvalidConfigException.of("sigma", "> 0 and finite", sigma);
            }
            if (!(klWeight >= 0) || Double.isInfinite(klWeight)) {
                throw InvalidConfigException.of("klWeight", ">= 0 and finite", klWeight);
            }
            if (!(odeWeightDecay >= 0) || Double.isInfinite(odeWeightDecay)) {
                throw InvalidConfigException.of("odeWeightDecay", ">= 0 and finite", odeWeightDecay);
            }
            if (!Double.isNaN(ema) && !(ema >= 0 && ema < 1)) {
                throw InvalidConfigException.of("ema", "in [0, 1) or NaN for none", ema);
            }
            if (validateEvery < 0) {
                throw InvalidConfigException.of("validateEvery", ">= 0", validateEvery);
            }
            if (validationSamples < 1) {
                throw InvalidConfigException.of("validationSamples", ">= 1", validationSamples);
            }
            if (models == null || models.isEmpty()) {
                throw InvalidConfigException.of("models", "at least one model", models);
            }
            models = Set.copyOf(EnumSet.copyOf(models));
        }

        /** @return a builder holding the defaults */
        public static Builder builder() {
            return new Builder();
        }

        /** @return the defaults (the session-8 configuration) */
        public static Settings defaults() {
            return builder().build();
        }

        /** Collects {@link Settings}; {@link #build()} validates. */
        public static final class Builder {
            private double sigma = SIGMA;
            private double klWeight = KL_WEIGHT;
            private double odeWeightDecay;
            private double ema = Double.NaN;
            private int validateEvery;
            private int validationSamples = 10;
            private Set<ImageModel> models = EnumSet.allOf(ImageModel.class);

            private Builder() {
            }

            /**
             * @param v the SDE-BNN's σ (default 0.1)
             * @return this builder
             */
            public Builder sigma(double v) {
                this.sigma = v;
                return this;
            }

            /**
             * @param v β (default 1e-3)
             * @return this builder
             */
            public Builder klWeight(double v) {
                this.klWeight = v;
                return this;
            }

            /**
             * @param v the ODE-net's L2 weight decay (default 0)
             * @return this builder
             */
            public Builder odeWeightDecay(double v) {
                this.odeWeightDecay = v;
                return this;
            }

            /**
             * @param v the EMA decay, NaN for none (default)
             * @return this builder
             */
            public Builder ema(double v) {
                this.ema = v;
                return this;
            }

            /**
             * @param v steps between validation checks, 0 for none (default)
             * @return this builder
             */
            public Builder validateEvery(int v) {
                this.validateEvery = v;
                return this;
            }

            /**
             * @param v predictive samples at each check (default 10)
             * @return this builder
             */
            public Builder validationSamples(int v) {
                this.validationSamples = v;
                return this;
            }

            /**
             * @param v the models to run (default all three)
             * @return this builder
             */
            public Builder models(Set<ImageModel> v) {
                this.models = v;
                return this;
            }

            /** @return the validated settings */
            public Settings build() {
                return new Settings(sigma, klWeight, odeWeightDecay, ema, validateEvery, validationSamples, models);
            }
        }
    }

    /**
     * @param inputDim flattened image size
     * @return the SDE-BNN of this experiment: softplus hidden field (bayeSDE's {@code --activation} /
     *         {@code --fx_actfn} default), σ 0.1 (its PyTorch {@code --sigma})
     */
    public static SdeBnnConfig config(int inputDim) {
        return config(inputDim, SIGMA);
    }

    /**
     * @param inputDim flattened image size
     * @param sigma    the diffusion σ
     * @return {@link #config(int)} with that σ
     */
    public static SdeBnnConfig config(int inputDim, double sigma) {
        return SdeBnnConfig.builder().inputDim(inputDim).hiddenDim(16).width(32).outputDim(10).sigma(sigma).t1(1.0)
                .steps(4).driftWidth(32).activation(Activation.SOFTPLUS).estimator(KlEstimator.STL)
                .dtype(DataType.FLOAT).build();
    }

    /**
     * @param data      the images
     * @param steps     Adam steps per model
     * @param batch     batch size
     * @param samples   Monte Carlo samples of the predictive
     * @param seed      the seed (split per model)
     * @param listeners given to each trainer (progress)
     * @return by model, the test metrics (the {@link Settings#defaults()} run)
     */
    public static Map<ImageModel, Result> run(FashionMnist data, int steps, int batch, int samples, long seed,
            TrainingListener... listeners) {
        return run(data, Settings.defaults(), steps, batch, samples, seed, listeners);
    }

    /**
     * Trains and evaluates the chosen models. The seed is split four ways per model (initialisation, batches,
     * training noise, evaluation) in the order SDE-BNN, mean-field BNN, ODE-net whether or not a model runs, so a
     * model's numbers do not depend on which others run.
     *
     * @param data      the images
     * @param settings  the knobs
     * @param steps     Adam steps per model (the most, with early stopping)
     * @param batch     batch size
     * @param samples   Monte Carlo samples of the Bayesian models' predictive
     * @param seed      the seed
     * @param listeners given to each trainer (progress)
     * @return by model, in that order, the metrics
     * @throws InvalidConfigException if early stopping is asked for without a validation split
     */
    public static Map<ImageModel, Result> run(FashionMnist data, Settings settings, int steps, int batch,
            int samples, long seed, TrainingListener... listeners) {
        boolean validating = settings.validateEvery() > 0;
        if (validating && !data.hasValidation()) {
            throw InvalidConfigException.of("validateEvery", "0 without a validation split (--val N)",
                    settings.validateEvery());
        }
        Rng rng = Rng.seeded(seed);
        int n = data.yTrain().length;
        int in = (int) data.xTrain().size(1);
        SdeBnnConfig config = config(in, settings.sigma());
        Map<ImageModel, Result> out = new LinkedHashMap<>();
        Tensor xTest = Tensor.constant(data.xTest());
        Tensor xVal = data.hasValidation() ? Tensor.constant(data.xVal()) : null;
        Tensor xCost = xTest.value().size(0) <= CHUNK ? xTest
                : Tensor.constant(data.xTest().get(NDArrayIndex.interval(0, CHUNK), NDArrayIndex.all()).dup());
        for (ImageModel m : ImageModel.values()) {
            Rng init = rng.split();
            Rng batches = rng.split();
            Rng noise = rng.split();
            Rng eval = rng.split();
            if (!settings.models().contains(m)) {
                continue;
            }
            Rng.State valNoise = validating ? eval.split().state() : null;
            switch (m) {
                case SDE_BNN -> {
                    SdeBnn sde = new SdeBnn(config, init);
                    Predictive.Sampler s = (x, r) -> sde.sample(x, r).output();
                    TrainResult r = train(sde, settings, steps, batch, batches, noise, listeners, (ctx, x, y) -> {
                        var smp = ctx.model().sample(x, ctx.noise());
                        return Elbo.categorical(smp.output(), smp.kl(), y, settings.klWeight(), n).neg();
                    }, data, scorer(s, xVal, data.yVal(), settings.validationSamples(), valNoise), null);
                    out.put(m, evaluate(s, xTest, xVal, data, samples, eval,
                            Predictive.cost(() -> sde.sample(xCost, Rng.seeded(0)).solution()), r));
                }
                case MEAN_FIELD_BNN -> {
                    MeanFieldBnn mf = new MeanFieldBnn(new int[] {in, 64, 10}, Activation.TANH, 1.0, DataType.FLOAT,
                            init);
                    Predictive.Sampler s = (x, r) -> mf.sample(x, r).output();
                    TrainResult r = train(mf, settings, steps, batch, batches, noise, listeners, (ctx, x, y) -> {
                        var smp = ctx.model().sample(x, ctx.noise());
                        return Elbo.categorical(smp.output(), smp.kl(), y, settings.klWeight(), n).neg();
                    }, data, scorer(s, xVal, data.yVal(), settings.validationSamples(), valNoise), null);
                    out.put(m, evaluate(s, xTest, xVal, data, samples, eval, new Stats(0, 0, 0), r));
                }
                case ODE_NET -> {
                    OdeNet ode = new OdeNet(config, init);
                    Predictive.Sampler s = (x, r) -> ode.forward(x);
                    TrainResult r = train(ode, settings, steps, batch, batches, noise, listeners, (ctx, x, y) ->
                            Elbo.categorical(ctx.model().forward(x), Tensor.scalar(0, DataType.FLOAT), y, 1.0, n)
                                    .neg(), data, scorer(s, xVal, data.yVal(), 1, valNoise),
                            settings.odeWeightDecay());
                    out.put(m, evaluate(s, xTest, xVal, data, 1, eval, Predictive.cost(() -> ode.solve(xCost)), r));
                }
                default -> throw new IllegalStateException(m.name());
            }
        }
        return out;
    }

    /** A loss on one batch. */
    @FunctionalInterface
    interface BatchLoss<M extends Module> {
        Tensor apply(io.github.flows4j.core.train.StepContext<M> ctx, Tensor x, int[] y);
    }

    /** The validation NLL of the predictive, the same noise at every check; null without validation. */
    private static <M extends Module> ToDoubleFunction<M> scorer(Predictive.Sampler sampler, Tensor xVal,
            int[] yVal, int samples, Rng.State noise) {
        if (noise == null) {
            return null;
        }
        return model -> ClassificationMetrics.of(probabilities(sampler, xVal, samples, Rng.fromState(noise)), yVal,
                15).nll();
    }

    private static <M extends Module> TrainResult train(M model, Settings settings, int steps, int batch, Rng batches,
            Rng noise, TrainingListener[] listeners, BatchLoss<M> loss, FashionMnist data, ToDoubleFunction<M> scorer,
            Double weightDecay) {
        int n = data.yTrain().length;
        StepLoss<M> step = ctx -> {
            int[] idx = new int[Math.min(batch, n)];
            int[] y = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = ctx.data().nextInt(n);
                y[i] = data.yTrain()[idx[i]];
            }
            INDArray x = Nd4j.pullRows(data.xTrain(), 1, idx);
            return loss.apply(ctx, Tensor.constant(x), y);
        };
        TrainerConfig.Builder config = TrainerConfig.builder().maxSteps(steps).schedule(LrSchedule.constant(1e-3));
        if (!Double.isNaN(settings.ema())) {
            config.ema(settings.ema()).emaWarmup(true);
        }
        if (scorer != null) {
            config.validateEvery(settings.validateEvery()).keepBest(true);
        }
        Trainer.Builder<M> b = Trainer.builder(model).config(config.build()).loss(step);
        if (weightDecay != null && weightDecay > 0) {
            b.optimizer((params, lr) -> new Adam(params, AdamConfig.builder().lr(lr).weightDecay(weightDecay)
                    .build()));
        }
        if (scorer != null) {
            b.validation(scorer);
        }
        for (TrainingListener l : listeners) {
            b.listener(l);
        }
        return b.build().fit(batches, noise);
    }

    private static Result evaluate(Predictive.Sampler sampler, Tensor xTest, Tensor xVal, FashionMnist data,
            int samples, Rng rng, Stats cost, TrainResult trained) {
        INDArray probs = probabilities(sampler, xTest, samples, rng);
        ClassificationMetrics val = xVal == null ? null
                : ClassificationMetrics.of(probabilities(sampler, xVal, samples, rng), data.yVal(), 15);
        return new Result(ClassificationMetrics.of(probs, data.yTest(), 15), val, probs, cost, trained.bestStep());
    }

    /** {@link Predictive#probabilities} in chunks of {@link #CHUNK} rows (one call, same draws, when it fits). */
    static INDArray probabilities(Predictive.Sampler sampler, Tensor x, int samples, Rng rng) {
        long n = x.value().size(0);
        if (n <= CHUNK) {
            return Predictive.probabilities(sampler, x, samples, rng);
        }
        INDArray[] parts = new INDArray[(int) ((n + CHUNK - 1) / CHUNK)];
        for (int c = 0; c < parts.length; c++) {
            long lo = (long) c * CHUNK;
            Tensor chunk = Tensor.constant(x.value().get(NDArrayIndex.interval(lo, Math.min(n, lo + CHUNK)),
                    NDArrayIndex.all()).dup());
            parts[c] = Predictive.probabilities(sampler, chunk, samples, rng.split());
        }
        return Nd4j.concat(0, parts);
    }
}
