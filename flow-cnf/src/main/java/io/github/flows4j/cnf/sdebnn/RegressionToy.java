package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.ode.Stats;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepLoss;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A regression toy with held-out points outside the training interval: {@code y = x³ + ε}, {@code ε ~ N(0, 0.05²)},
 * 40 training inputs uniform on {@code [−1, 1]}, 40 held-out inputs uniform on {@code ±[1, 1.5]}. The SDE-BNN, the
 * mean-field BNN and the ODE-net are trained by flow-core's {@link Trainer} on the full training set (Adam, constant
 * learning rate 5e-3, KL weight 1) and compared by the predictive NLL and the coverage of the 95 % band on the
 * held-out points ({@link RegressionMetrics}, {@code S} Monte Carlo samples); each row also carries the cost of one
 * forward solve (steps, drift evaluations).
 *
 * <pre>{@code
 * List<RegressionToy.Row> rows = RegressionToy.run(0, 400, 50);
 * }</pre>
 */
public final class RegressionToy {
    /** The likelihood's (and the data's) noise standard deviation. */
    public static final double NOISE = 0.05;
    /** Training points. */
    public static final int N_TRAIN = 40;
    /** The learning rate. */
    public static final double LR = 5e-3;

    private RegressionToy() {
    }

    /**
     * @param xTrain {@code [40, 1]}
     * @param yTrain {@code [40, 1]}
     * @param xTest  held-out inputs, {@code [40, 1]}
     * @param yTest  held-out targets, {@code [40, 1]}
     */
    public record Data(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {
    }

    /**
     * @param model    "sde-bnn", "mean-field-bnn" or "ode-net"
     * @param heldOut  metrics on the held-out points
     * @param train    metrics on the training points
     * @param cost     the cost of one forward pass's solve (solver steps, drift evaluations); all zero for the
     *                 mean-field BNN, which solves nothing
     */
    public record Row(String model, RegressionMetrics heldOut, RegressionMetrics train, Stats cost) {
    }

    /**
     * @param rng the source of the inputs and the noise
     * @return the data, DOUBLE
     */
    public static Data data(Rng rng) {
        INDArray xTrain = rng.uniform(-1, 1, DataType.DOUBLE, N_TRAIN, 1);
        INDArray u = rng.uniform(1, 1.5, DataType.DOUBLE, N_TRAIN, 1);
        INDArray sign = rng.rademacher(DataType.DOUBLE, N_TRAIN, 1);
        INDArray xTest = u.mul(sign);
        INDArray yTrain = xTrain.mul(xTrain).mul(xTrain).addi(rng.normal(DataType.DOUBLE, N_TRAIN, 1).muli(NOISE));
        INDArray yTest = xTest.mul(xTest).mul(xTest).addi(rng.normal(DataType.DOUBLE, N_TRAIN, 1).muli(NOISE));
        return new Data(Tensor.constant(xTrain), Tensor.constant(yTrain), Tensor.constant(xTest),
                Tensor.constant(yTest));
    }

    /**
     * The SDE-BNN of the toy: d_h 8, width 16, softplus hidden field, σ 0.1, t1 1, 8 steps (dyadic: cheap Brownian
     * queries), STL. σ 0.1 and the softplus are xwinxu/bayeSDE's defaults ({@code --sigma 0.1}, {@code activation=
     * "softplus"}); a bounded activation (tanh) caps how far the weight noise can move the output, so the predictive
     * spread cannot grow away from the training inputs.
     *
     * @return the configuration
     */
    public static SdeBnnConfig sdeBnnConfig() {
        return SdeBnnConfig.builder().inputDim(1).hiddenDim(8).width(16).outputDim(1).sigma(0.1).t1(1.0).steps(8)
                .driftWidth(32).activation(Activation.SOFTPLUS).estimator(KlEstimator.STL).dtype(DataType.DOUBLE)
                .build();
    }

    /**
     * @param model  the model to train
     * @param loss   its step loss
     * @param steps  training steps
     * @param listeners progress, metrics, ...
     * @param <M>    the model type
     * @return the trainer
     */
    static <M extends Module> Trainer<M> trainer(M model, StepLoss<M> loss, int steps, TrainingListener... listeners) {
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        Trainer.Builder<M> b = Trainer.builder(model)
                .config(TrainerConfig.builder().maxSteps(steps).schedule(LrSchedule.constant(LR)).build())
                .loss(loss);
        for (TrainingListener l : listeners) {
            b.listener(l);
        }
        return b.build();
    }

    /**
     * Trains the three models on the same data and evaluates them.
     *
     * @param seed    the seed: data, then each model's initial values and streams, split in order
     * @param steps   training steps per model
     * @param samples Monte Carlo samples for the Bayesian models' predictive
     * @return one row per model: SDE-BNN, mean-field BNN, ODE-net
     */
    public static List<Row> run(long seed, int steps, int samples) {
        return run(sdeBnnConfig(), seed, steps, samples);
    }

    /**
     * Trains the three models on the same data and evaluates them, with a given SDE-BNN (the ODE-net takes the same
     * architecture with fixed weights).
     *
     * <pre>{@code
     * List<RegressionToy.Row> rows = RegressionToy.run(RegressionToy.sdeBnnConfig().toBuilder().sigma(0.5).build(),
     *         0, 400, 50);
     * }</pre>
     *
     * @param config  the SDE-BNN's configuration (one input, one output)
     * @param seed    the seed: data, then each model's initial values and streams, split in order
     * @param steps   training steps per model
     * @param samples Monte Carlo samples for the Bayesian models' predictive
     * @return one row per model: SDE-BNN, mean-field BNN, ODE-net
     */
    public static List<Row> run(SdeBnnConfig config, long seed, int steps, int samples) {
        Checks.notNull("config", config);
        if (config.inputDim() != 1 || config.outputDim() != 1) {
            throw InvalidConfigException.of("config", "inputDim 1 and outputDim 1",
                    config.inputDim() + " -> " + config.outputDim());
        }
        Rng rng = Rng.seeded(seed);
        Data d = data(rng.split());
        List<Row> rows = new ArrayList<>();

        SdeBnn sde = new SdeBnn(config, rng.split());
        trainer(sde, ctx -> {
            SdeBnnSample s = ctx.model().sample(d.xTrain(), ctx.noise());
            return Elbo.gaussian(s.output(), s.kl(), d.yTrain(), NOISE, 1.0, N_TRAIN).neg();
        }, steps).fit(rng.split(), rng.split());
        rows.add(evaluate("sde-bnn", (x, r) -> sde.sample(x, r).output(), d, samples, rng.split(),
                Predictive.cost(() -> sde.sample(d.xTest(), Rng.seeded(0)).solution())));

        MeanFieldBnn mf = new MeanFieldBnn(new int[] {1, 32, 32, 1}, Activation.TANH, 1.0, DataType.DOUBLE,
                rng.split());
        trainer(mf, ctx -> {
            MeanFieldBnn.Sample s = ctx.model().sample(d.xTrain(), ctx.noise());
            return Elbo.gaussian(s.output(), s.kl(), d.yTrain(), NOISE, 1.0, N_TRAIN).neg();
        }, steps).fit(rng.split(), rng.split());
        rows.add(evaluate("mean-field-bnn", (x, r) -> mf.sample(x, r).output(), d, samples, rng.split(),
                new Stats(0, 0, 0)));

        OdeNet ode = new OdeNet(config, rng.split());
        trainer(ode, ctx -> Elbo.gaussian(ctx.model().forward(d.xTrain()), Tensor.scalar(0, DataType.DOUBLE),
                d.yTrain(), NOISE, 1.0, N_TRAIN).neg(), steps).fit(rng.split(), rng.split());
        rows.add(evaluate("ode-net", (x, r) -> ode.forward(x), d, 1, rng.split(),
                Predictive.cost(() -> ode.solve(d.xTest()))));
        return rows;
    }

    static Row evaluate(String name, Predictive.Sampler sampler, Data d, int samples, Rng rng, Stats cost) {
        RegressionMetrics held = RegressionMetrics.of(Predictive.samples(sampler, d.xTest(), samples, rng.split()),
                d.yTest().value(), NOISE);
        RegressionMetrics train = RegressionMetrics.of(Predictive.samples(sampler, d.xTrain(), samples, rng.split()),
                d.yTrain().value(), NOISE);
        return new Row(name, held, train, cost);
    }
}
