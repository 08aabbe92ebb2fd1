package io.github.flows4j.examples.sdebnn;

import io.github.flows4j.cnf.sdebnn.ClassificationMetrics;
import io.github.flows4j.cnf.sdebnn.Elbo;
import io.github.flows4j.cnf.sdebnn.KlEstimator;
import io.github.flows4j.cnf.sdebnn.MeanFieldBnn;
import io.github.flows4j.cnf.sdebnn.OdeNet;
import io.github.flows4j.cnf.sdebnn.Predictive;
import io.github.flows4j.cnf.sdebnn.SdeBnn;
import io.github.flows4j.cnf.sdebnn.SdeBnnConfig;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Image classification on flattened pixels with the three models at one budget (the same number of Adam steps
 * and batch size, all through flow-core's {@link Trainer}): an SDE-BNN ({@code 784 → d_h 16}, hidden field width
 * 32, σ 0.1, 4 steps, STL), a mean-field BNN ({@code 784 → 64 → 10}) and an ODE-net (the SDE-BNN's architecture
 * with fixed weights). Reports accuracy, NLL and 15-bin ECE of the Monte Carlo predictive on the test subset.
 *
 * <pre>{@code
 * Map<String, ImageExperiment.Result> r = ImageExperiment.run(data, 500, 32, 10, 0);
 * }</pre>
 */
public final class ImageExperiment {
    private ImageExperiment() {
    }

    /**
     * @param metrics accuracy, NLL and ECE on the test subset
     * @param probs   the predictive probabilities, {@code [test, 10]}
     * @param cost    one forward pass's solve (solver steps, drift evaluations); all zero for the mean-field BNN
     */
    public record Result(ClassificationMetrics metrics, INDArray probs, Stats cost) {
    }

    /**
     * The KL weight β of both Bayesian models' objectives ({@code mean NLL + β·KL / N}): bayeSDE's
     * {@code --kl_coef 1e-3} (its JAX classifier divides it by the training-set size the same way).
     */
    public static final double KL_WEIGHT = 1e-3;

    /**
     * @param inputDim flattened image size
     * @return the SDE-BNN of this experiment: softplus hidden field (bayeSDE's {@code --activation} /
     *         {@code --fx_actfn} default), σ 0.1 (its PyTorch {@code --sigma})
     */
    public static SdeBnnConfig config(int inputDim) {
        return SdeBnnConfig.builder().inputDim(inputDim).hiddenDim(16).width(32).outputDim(10).sigma(0.1).t1(1.0)
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
     * @return by model name ("sde-bnn", "mean-field-bnn", "ode-net"), the test metrics
     */
    public static Map<String, Result> run(FashionMnist data, int steps, int batch, int samples, long seed,
            TrainingListener... listeners) {
        return run(data, config((int) data.xTrain().size(1)), KL_WEIGHT, steps, batch, samples, seed, listeners);
    }

    /**
     * @param data      the images
     * @param config    the SDE-BNN (the ODE-net takes its architecture)
     * @param klWeight  β of both Bayesian models' objectives
     * @param steps     Adam steps per model
     * @param batch     batch size
     * @param samples   Monte Carlo samples of the predictive
     * @param seed      the seed (split per model)
     * @param listeners given to each trainer (progress)
     * @return by model name ("sde-bnn", "mean-field-bnn", "ode-net"), the test metrics
     */
    public static Map<String, Result> run(FashionMnist data, SdeBnnConfig config, double klWeight, int steps,
            int batch, int samples, long seed, TrainingListener... listeners) {
        Rng rng = Rng.seeded(seed);
        int n = data.yTrain().length;
        int in = (int) data.xTrain().size(1);
        Map<String, Result> out = new LinkedHashMap<>();
        Tensor xTest = Tensor.constant(data.xTest());

        SdeBnn sde = new SdeBnn(config, rng.split());
        train(sde, steps, rng, listeners, (ctx, x, y) -> {
            var s = ctx.model().sample(x, ctx.noise());
            return Elbo.categorical(s.output(), s.kl(), y, klWeight, n).neg();
        }, data, batch);
        out.put("sde-bnn", evaluate((x, r) -> sde.sample(x, r).output(), xTest, data.yTest(), samples, rng.split(),
                Predictive.cost(() -> sde.sample(xTest, Rng.seeded(0)).solution())));

        MeanFieldBnn mf = new MeanFieldBnn(new int[] {in, 64, 10}, Activation.TANH, 1.0, DataType.FLOAT, rng.split());
        train(mf, steps, rng, listeners, (ctx, x, y) -> {
            var s = ctx.model().sample(x, ctx.noise());
            return Elbo.categorical(s.output(), s.kl(), y, klWeight, n).neg();
        }, data, batch);
        out.put("mean-field-bnn", evaluate((x, r) -> mf.sample(x, r).output(), xTest, data.yTest(), samples,
                rng.split(), new Stats(0, 0, 0)));

        OdeNet ode = new OdeNet(config, rng.split());
        train(ode, steps, rng, listeners, (ctx, x, y) -> Elbo.categorical(ctx.model().forward(x),
                Tensor.scalar(0, DataType.FLOAT), y, 1.0, n).neg(), data, batch);
        out.put("ode-net", evaluate((x, r) -> ode.forward(x), xTest, data.yTest(), 1, rng.split(),
                Predictive.cost(() -> ode.solve(xTest))));
        return out;
    }

    /** A loss on one batch. */
    @FunctionalInterface
    interface BatchLoss<M extends Module> {
        Tensor apply(io.github.flows4j.core.train.StepContext<M> ctx, Tensor x, int[] y);
    }

    private static <M extends Module> void train(M model, int steps, Rng rng, TrainingListener[] listeners,
            BatchLoss<M> loss, FashionMnist data, int batch) {
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
        Trainer.Builder<M> b = Trainer.builder(model)
                .config(TrainerConfig.builder().maxSteps(steps).schedule(LrSchedule.constant(1e-3)).build())
                .loss(step);
        for (TrainingListener l : listeners) {
            b.listener(l);
        }
        b.build().fit(rng.split(), rng.split());
    }

    private static Result evaluate(Predictive.Sampler sampler, Tensor x, int[] labels, int samples, Rng rng,
            Stats cost) {
        INDArray probs = Predictive.probabilities(sampler, x, samples, rng);
        return new Result(ClassificationMetrics.of(probs, labels, 15), probs, cost);
    }
}
