package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.optim.LrSchedule;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The 1-D bimodal-posterior experiment of Xu et al. (2022) in the anchor's setting ({@link Toy1dSde}): train the
 * drift through flow-core's {@link Trainer} (Adam, learning rate 2e-3, 20 paths per step, KL weight 0.2, 300 steps),
 * then draw posterior samples of {@code z(3)} and report the median of the positive ones, the median of the negative
 * ones and the fraction above 0.
 *
 * <pre>{@code
 * Rng rng = Rng.seeded(0);
 * Toy1dSde model = new Toy1dSde(DataType.DOUBLE, rng.split());
 * Toy1dExperiment.trainer(model, TrainerConfig.builder().maxSteps(300)
 *         .schedule(LrSchedule.constant(2e-3)).build(), 20, 0.2).build().fit(rng.split(), rng.split());
 * Toy1dExperiment.Result r = Toy1dExperiment.evaluate(model, 1000, rng.split());
 * }</pre>
 */
public final class Toy1dExperiment {
    /** The anchor's learning rate. */
    public static final double LR = 2e-3;
    /** The anchor's number of training steps. */
    public static final int STEPS = 300;
    /** The anchor's paths per step. */
    public static final int BATCH = 20;
    /** The anchor's KL weight. */
    public static final double KL_WEIGHT = 0.2;

    private Toy1dExperiment() {
    }

    /**
     * Posterior statistics of {@code z(3)}.
     *
     * @param medianPos median of the samples above 0 (NaN if none)
     * @param medianNeg median of the samples below 0 (NaN if none)
     * @param fracPos   fraction of samples above 0
     * @param samples   the samples of {@code z(3)}
     * @param times     the grid times
     * @param paths     the first few sample paths, {@code paths[i][k] = z_i(times[k])}
     */
    public record Result(double medianPos, double medianNeg, double fracPos, double[] samples, double[] times,
            double[][] paths) {
    }

    /**
     * @param model    the model to train
     * @param config   the training settings (the anchor: 300 steps, constant learning rate 2e-3)
     * @param batch    paths per step, &ge; 1
     * @param klWeight β &ge; 0
     * @return a trainer builder whose loss is {@link Toy1dSde#loss} on the noise stream (add listeners, then build)
     */
    public static Trainer.Builder<Toy1dSde> trainer(Toy1dSde model, TrainerConfig config, int batch,
            double klWeight) {
        if (batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", batch);
        }
        return Trainer.builder(model).config(config).loss(ctx -> ctx.model().loss(batch, klWeight, ctx.noise()));
    }

    /**
     * @param samples posterior samples, &ge; 1
     * @param rng     the source of the paths
     * @param model   the trained model
     * @return the statistics of {@code z(3)} and up to 40 sample paths
     */
    @SuppressWarnings("try")
    public static Result evaluate(Toy1dSde model, int samples, Rng rng) {
        Checks.notNull("model", model);
        double[] z;
        double[] times;
        double[][] paths;
        try (GradMode.Scope g = GradMode.noGrad(); TensorScope s = TensorScope.open()) {
            Toy1dSde.Paths p = model.sample(samples, rng);
            times = p.times();
            z = p.last().value().castTo(DataType.DOUBLE).dup('c').data().asDouble();
            int keep = Math.min(40, samples);
            paths = new double[keep][times.length];
            for (int k = 0; k < times.length; k++) {
                double[] zk = p.solution().y(k).value().castTo(DataType.DOUBLE).dup('c').data().asDouble();
                for (int i = 0; i < keep; i++) {
                    paths[i][k] = zk[i];
                }
            }
        }
        double[] pos = Arrays.stream(z).filter(v -> v > 0).sorted().toArray();
        double[] neg = Arrays.stream(z).filter(v -> v < 0).sorted().toArray();
        return new Result(median(pos), median(neg), (double) pos.length / z.length, z, times, paths);
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
    }

    /**
     * The anchor's run: 300 steps at a constant 2e-3, then {@code samples} posterior draws.
     *
     * @param seed    the seed (model, training streams, evaluation: split in that order)
     * @param steps   training steps, &ge; 1
     * @param samples posterior samples for the statistics
     * @return the statistics and the training result
     */
    public static Run run(long seed, int steps, int samples) {
        Rng rng = Rng.seeded(seed);
        Toy1dSde model = new Toy1dSde(DataType.DOUBLE, rng.split());
        TrainerConfig config = TrainerConfig.builder().maxSteps(steps).schedule(LrSchedule.constant(LR)).build();
        TrainResult train = trainer(model, config, BATCH, KL_WEIGHT).build().fit(rng.split(), rng.split());
        return new Run(model, train, evaluate(model, samples, rng.split()));
    }

    /**
     * @param model  the trained model
     * @param train  the trainer's result
     * @param result the posterior statistics
     */
    public record Run(Toy1dSde model, TrainResult train, Result result) {
    }
}
