package io.github.flows4j.examples.sdebnn;

import io.github.flows4j.cnf.sdebnn.ClassificationMetrics;
import io.github.flows4j.cnf.sdebnn.KlEstimator;
import io.github.flows4j.cnf.sdebnn.KlGradientVariance;
import io.github.flows4j.cnf.sdebnn.RegressionToy;
import io.github.flows4j.cnf.sdebnn.Toy1dExperiment;
import io.github.flows4j.cnf.sdebnn.Toy1dSde;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OptimizerOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j sde-bnn}: SDE-BNNs (Xu, Chen, Li &amp; Duvenaud, AISTATS 2022). {@code --task toy1d} (default) trains
 * the anchor's 1-D variational SDE (data {−5, +5}, Cauchy likelihood, OU prior, 99 Euler–Maruyama steps on [0, 3],
 * Adam 2e-3, 20 paths per step, KL weight 0.2) and prints the medians of the positive and negative posterior samples
 * of z(3) and the fraction above 0, with a PNG of the posterior's quantile bands over time; {@code --task regression}
 * compares the SDE-BNN with a mean-field BNN and an ODE-net on held-out points (NLL, 95 % coverage, RMSE; no plot);
 * {@code --task stl} measures the KL gradient variance, STL vs plain; {@code --task fashion-mnist
 * --data DIR} trains the three models on a subset read from local IDX files and plots the SDE-BNN's reliability
 * diagram. The regression and image tasks print each model's solver steps and drift evaluations (NFE) per forward
 * pass. Every run trains through flow-core's {@code Trainer}; toy1d writes {@code toy1d.ckpt} in the output
 * folder and takes {@code --checkpoint-every}, {@code --resume} and {@code --metrics}.
 *
 * <pre>{@code
 * java -jar flows4j.jar sde-bnn --task toy1d --out out/sdebnn
 * java -jar flows4j.jar sde-bnn --task fashion-mnist --data /path/to/fashion-mnist --steps 500
 * }</pre>
 */
@Command(name = "sde-bnn", defaultValueProvider = SdeBnnCommand.Defaults.class,
        description = "SDE-BNN (infinitely deep Bayesian networks with SDE weights): the 1-D bimodal toy, the "
                + "regression toy vs a mean-field BNN and an ODE-net, STL gradient variance, Fashion-MNIST.")
public final class SdeBnnCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private OptimizerOptions optim;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--task", defaultValue = "toy1d", converter = SdeBnnTask.Converter.class,
            completionCandidates = SdeBnnTask.Converter.class,
            description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private SdeBnnTask task;

    @Option(names = "--steps", defaultValue = "300", converter = Bounds.AtLeastOne.class,
            description = "Training steps per model (default ${DEFAULT-VALUE}, the anchor's toy1d budget).")
    private int steps;

    @Option(names = "--samples", defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "Posterior samples (toy1d) or Monte Carlo predictive samples / 40 (other tasks; "
                    + "default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--data", paramLabel = "<dir>",
            description = "fashion-mnist: the directory with the four IDX files (raw or .gz).")
    private Path data;

    @Option(names = "--train-size", defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "fashion-mnist: training images used (default ${DEFAULT-VALUE}).")
    private int trainSize;

    @Option(names = "--test-size", defaultValue = "1000", converter = Bounds.AtLeastOne.class,
            description = "fashion-mnist: test images used (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--val", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "fashion-mnist: validation images, the training file's images after the first "
                    + "--train-size (default ${DEFAULT-VALUE}: none); their metrics are printed as val_*.")
    private int valSize;

    @Option(names = "--validate-every", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "fashion-mnist: score each model's validation NLL every N steps and keep the best "
                    + "weights (early stopping; needs --val; default ${DEFAULT-VALUE}: off).")
    private int validateEvery;

    @Option(names = "--sigma", defaultValue = "0.1", converter = Bounds.Positive.class,
            description = "fashion-mnist: the SDE-BNN's diffusion sigma (default ${DEFAULT-VALUE}, bayeSDE's).")
    private double sigma;

    @Option(names = "--kl-weight", defaultValue = "1e-3", converter = Bounds.NonNegative.class,
            description = "fashion-mnist: KL weight of both Bayesian models (default ${DEFAULT-VALUE}, bayeSDE's).")
    private double klWeight;

    @Option(names = "--ode-weight-decay", defaultValue = "0", converter = Bounds.NonNegative.class,
            description = "fashion-mnist: the ODE-net's L2 weight decay (default ${DEFAULT-VALUE}).")
    private double odeWeightDecay;

    @Option(names = "--ema", defaultValue = "0", converter = Bounds.UnitInterval.class,
            description = "fashion-mnist: evaluate an EMA of the weights with this decay, warmed up "
                    + "(0: none, the default; bayeSDE uses 0.999).")
    private double ema;

    @Option(names = "--models", split = ",", converter = ImageModel.Converter.class,
            completionCandidates = ImageModel.Converter.class,
            description = "fashion-mnist: the models to run, comma-separated, of ${COMPLETION-CANDIDATES} "
                    + "(default: all).")
    private List<ImageModel> models;

    /** The anchor's toy1d batch and learning rate. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--batch", String.valueOf(Toy1dExperiment.BATCH), "--lr", String.valueOf(Toy1dExperiment.LR),
                    "--out", "sde-bnn-out");
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        switch (task) {
            case TOY1D -> toy1d(out);
            case REGRESSION -> regression(out);
            case STL -> stl(out);
            case FASHION_MNIST -> {
                return fashionMnist(out);
            }
            default -> throw new IllegalStateException(task.name());
        }
        return 0;
    }

    private void toy1d(PrintWriter out) throws Exception {
        Rng rng = Rng.seeded(optim.seed());
        Toy1dSde model = new Toy1dSde(DataType.DOUBLE, rng.split());
        Path dir = output.create();
        TrainerConfig.Builder config = checkpoints.configure(TrainerConfig.builder().maxSteps(steps)
                .schedule(LrSchedule.constant(optim.lr())), dir.resolve("toy1d.ckpt"));
        TrainResult r;
        try (ProgressListener bar = ProgressListener.start("sde-bnn toy1d", steps, progress.enabled())) {
            Rng data = rng.split();
            Rng noise = rng.split();
            r = checkpoints.run(Toy1dExperiment.trainer(model, config.build(), optim.batch(),
                    Toy1dExperiment.KL_WEIGHT).listener(bar), data, noise);
        }
        Toy1dExperiment.Result res = Toy1dExperiment.evaluate(model, samples, rng.split());
        out.println(String.format(Locale.ROOT, "task=toy1d seed=%d steps=%d final_loss=%.4f median_pos=%.3f "
                + "median_neg=%.3f frac_pos=%.3f samples=%d", optim.seed(), r.steps(), r.finalLoss(), res.medianPos(),
                res.medianNeg(), res.fracPos(), samples));
        List<Plots.Series> series = new ArrayList<>();
        double[][] q = quantilesOverTime(res);
        String[] names = {"5 %", "25 %", "50 %", "75 %", "95 %"};
        for (int i = 0; i < names.length; i++) {
            series.add(new Plots.Series(names[i], res.times(), q[i]));
        }
        for (int i = 0; i < Math.min(5, res.paths().length); i++) {
            series.add(new Plots.Series("path " + i, res.times(), res.paths()[i]));
        }
        Plots.lines(dir.resolve("toy1d-posterior.png"), "SDE-BNN toy: posterior of z(t), quantiles and paths", "t",
                "z", series);
        out.println("wrote " + dir.resolve("toy1d-posterior.png"));
        out.flush();
    }

    /** Quantiles 5, 25, 50, 75, 95 % of the kept paths at each time. */
    private static double[][] quantilesOverTime(Toy1dExperiment.Result res) {
        double[] levels = {0.05, 0.25, 0.5, 0.75, 0.95};
        double[][] q = new double[levels.length][res.times().length];
        double[] col = new double[res.paths().length];
        for (int k = 0; k < res.times().length; k++) {
            for (int i = 0; i < col.length; i++) {
                col[i] = res.paths()[i][k];
            }
            Arrays.sort(col);
            for (int j = 0; j < levels.length; j++) {
                q[j][k] = col[(int) Math.min(col.length - 1, Math.floor(levels[j] * col.length))];
            }
        }
        return q;
    }

    private void regression(PrintWriter out) throws Exception {
        int mc = Math.max(2, samples / 40);
        List<RegressionToy.Row> rows = RegressionToy.run(optim.seed(), steps, mc);
        for (RegressionToy.Row r : rows) {
            out.println(String.format(Locale.ROOT, "task=regression model=%s seed=%d steps=%d heldout_nll=%.4f "
                    + "heldout_coverage95=%.3f heldout_rmse=%.4f train_nll=%.4f train_coverage95=%.3f "
                    + "solver_steps=%d nfe=%d", r.model(), optim.seed(), steps, r.heldOut().nll(),
                    r.heldOut().coverage(), r.heldOut().rmse(), r.train().nll(), r.train().coverage(),
                    r.cost().steps(), r.cost().functionEvaluations()));
        }
        out.flush();
    }

    private void stl(PrintWriter out) {
        int paths = Math.max(2, samples / 40);
        for (double scale : new double[] {1.0, 0.1, 0.01, 0.0}) {
            double[] v = new double[2];
            KlEstimator[] kinds = {KlEstimator.STL, KlEstimator.PLAIN};
            for (int i = 0; i < 2; i++) {
                v[i] = KlGradientVariance.measure(RegressionToy.sdeBnnConfig().toBuilder().estimator(kinds[i]).build(),
                        scale, paths, optim.seed());
            }
            out.println(String.format(Locale.ROOT, "task=stl seed=%d scale=%.2f paths=%d grad_var_stl=%.4e "
                    + "grad_var_plain=%.4e", optim.seed(), scale, paths, v[0], v[1]));
        }
        out.flush();
    }

    private int fashionMnist(PrintWriter out) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (data == null) {
            err.println(FashionMnist.howToGet(Path.of("<none given>"), List.of("--data <dir>")));
            return 1;
        }
        FashionMnist d;
        try {
            d = FashionMnist.load(data, trainSize, valSize, testSize, DataType.FLOAT);
        } catch (NoSuchFileException e) {
            err.println(e.getReason() != null ? e.getReason() : e.getMessage());
            return 1;
        }
        ImageExperiment.Settings settings = ImageExperiment.Settings.builder().sigma(sigma).klWeight(klWeight)
                .odeWeightDecay(odeWeightDecay).ema(ema > 0 ? ema : Double.NaN).validateEvery(validateEvery)
                .models(models == null || models.isEmpty() ? EnumSet.allOf(ImageModel.class) : EnumSet.copyOf(models))
                .build();
        Map<ImageModel, ImageExperiment.Result> results;
        try (ProgressListener bar = ProgressListener.start("sde-bnn fashion-mnist",
                (long) settings.models().size() * steps, progress.enabled())) {
            results = ImageExperiment.run(d, settings, steps, optim.batch(), Math.max(1, samples / 40),
                    optim.seed(), bar);
        }
        for (Map.Entry<ImageModel, ImageExperiment.Result> e : results.entrySet()) {
            ImageExperiment.Result r = e.getValue();
            ClassificationMetrics m = r.metrics();
            String val = r.validation() == null ? "" : String.format(Locale.ROOT, " val=%d val_accuracy=%.4f "
                    + "val_nll=%.4f val_ece=%.4f kept_step=%d", d.yVal().length, r.validation().accuracy(),
                    r.validation().nll(), r.validation().ece(), r.keptStep());
            out.println(String.format(Locale.ROOT, "task=fashion-mnist model=%s seed=%d steps=%d train=%d test=%d "
                    + "accuracy=%.4f nll=%.4f ece=%.4f confidence=%.4f solver_steps=%d nfe=%d%s", e.getKey().id(),
                    optim.seed(), steps, d.yTrain().length, d.yTest().length, m.accuracy(), m.nll(), m.ece(),
                    meanConfidence(r.probs()), r.cost().steps(), r.cost().functionEvaluations(), val));
        }
        Path dir = output.create();
        List<Plots.Series> series = new ArrayList<>();
        series.add(new Plots.Series("perfect calibration", new double[] {0, 1}, new double[] {0, 1}));
        for (Map.Entry<ImageModel, ImageExperiment.Result> e : results.entrySet()) {
            double[][] rel = reliability(e.getValue().probs(), d.yTest(), 15);
            if (rel[0].length > 0) {
                series.add(new Plots.Series(e.getKey().id(), rel[0], rel[1]));
            }
        }
        Plots.lines(dir.resolve("fashion-mnist-reliability.png"), "Reliability diagram (15 bins)", "confidence",
                "accuracy", series);
        out.println("wrote " + dir.resolve("fashion-mnist-reliability.png"));
        out.flush();
        return 0;
    }

    /** The mean of each row's largest probability. */
    static double meanConfidence(INDArray probs) {
        return probs.castTo(DataType.DOUBLE).max(1).meanNumber().doubleValue();
    }

    /** Mean confidence and accuracy of each non-empty confidence bin. */
    static double[][] reliability(INDArray probs, int[] labels, int bins) {
        double[][] p = probs.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] conf = new double[bins];
        double[] acc = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < p.length; i++) {
            int arg = 0;
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][arg]) {
                    arg = c;
                }
            }
            int b = Math.min(bins - 1, (int) Math.floor(p[i][arg] * bins));
            conf[b] += p[i][arg];
            acc[b] += arg == labels[i] ? 1 : 0;
            count[b]++;
        }
        List<double[]> pts = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                pts.add(new double[] {conf[b] / count[b], acc[b] / count[b]});
            }
        }
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }
}
