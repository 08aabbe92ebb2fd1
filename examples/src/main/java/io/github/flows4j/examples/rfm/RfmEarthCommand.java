package io.github.flows4j.examples.rfm;

import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.SolverOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.TrainingOptions;
import io.github.flows4j.manifold.data.DataSplits;
import io.github.flows4j.manifold.data.EarthDataset;
import io.github.flows4j.manifold.manifold.Sphere;
import io.github.flows4j.manifold.rfm.GeodesicPath;
import io.github.flows4j.manifold.rfm.KappaScheduler;
import io.github.flows4j.manifold.rfm.ManifoldLikelihood;
import io.github.flows4j.manifold.rfm.ProjectedSolver;
import io.github.flows4j.manifold.rfm.RfmLoss;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flows4j rfm}: Riemannian Flow Matching (Chen and Lipman 2024, §5.1) on the earth event datasets on S²
 * (volcano, earthquake, flood, fire; seeded 80/10/10 splits): trains a {@link TangentMlpField} on the geodesic path,
 * writes equirectangular PNGs of the test data, of model samples and of the learned density on a lat/lon grid,
 * checkpoints the (EMA) weights, and prints the exact test NLL in nats (dopri5 + projection, exact divergence).
 *
 * <pre>{@code
 * java -jar flows4j.jar rfm --dataset volcano --steps 3000
 * java -jar flows4j.jar rfm --dataset all --time-budget 240 --no-plots
 * java -jar flows4j.jar rfm --dataset earthquake --fourier 64 --fourier-scale 8 --lr-schedule cosine --warmup 200 \
 *     --select-every 1000 --time-budget 480 --check-tol --no-plots
 * }</pre>
 *
 * <p>{@code --select-every} keeps the EMA snapshot with the best validation NLL (scored at {@code --select-tol});
 * the test NLL is then computed once, for that snapshot, at {@code --tol}. {@code --check-tol} also evaluates the
 * test set at tol/10 and prints both, to show the reported NLL is converged in the solver tolerance.
 */
@Command(name = "rfm", defaultValueProvider = RfmEarthCommand.Defaults.class,
        description = "Train Riemannian Flow Matching on an earth dataset on S²; write data, sample "
        + "and density maps, a checkpoint, and print the test NLL (nats).")
public final class RfmEarthCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private TrainingOptions opts;

    @Mixin
    private SolverOptions solver;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--dataset", defaultValue = "volcano", converter = RfmChoices.EarthNames.class,
            completionCandidates = RfmChoices.EarthNames.class,
            description = "Earth dataset: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private RfmChoices.Earth dataset;

    @Option(names = "--warmup", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "Linear learning-rate warm-up steps (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--lr-schedule", defaultValue = "auto", converter = RfmChoices.Schedules.class,
            completionCandidates = RfmChoices.Schedules.class,
            description = "auto (cosine over --steps without a time budget, constant with one), cosine (to 0 over "
                    + "whichever of --steps and --time-budget runs out first) or constant (default ${DEFAULT-VALUE}).")
    private RfmTraining.Schedule lrSchedule;

    @Option(names = "--fourier", defaultValue = "0", paramLabel = "<m>", converter = Bounds.NonNegativeInt.class,
            description = "Random Fourier input features [x, sin(xB), cos(xB)] with m frequencies; 0 = plain x "
                    + "(default ${DEFAULT-VALUE}).")
    private int fourier;

    @Option(names = "--fourier-scale", defaultValue = "4", paramLabel = "<sigma>",
            description = "Standard deviation of the Fourier matrix B's entries (default ${DEFAULT-VALUE}).")
    private double fourierScale;

    @Option(names = "--select-every", defaultValue = "0", paramLabel = "<steps>",
            converter = Bounds.NonNegativeInt.class,
            description = "Score the EMA weights by validation NLL every this many steps and at the end, and keep "
                    + "the best; 0 = keep the final EMA (default ${DEFAULT-VALUE}).")
    private int selectEvery;

    @Option(names = "--select-tol", defaultValue = "1e-4", converter = Bounds.Positive.class,
            description = "rtol = atol of the validation solves used for selection (default ${DEFAULT-VALUE}).")
    private double selectTol;

    @Option(names = "--check-tol",
            description = "Also evaluate the test NLL at tol/10 and print it (solver-convergence check).")
    private boolean checkTol;

    @Option(names = "--no-plots", description = "Skip the PNGs (the density map costs a likelihood solve on a grid).")
    private boolean noPlots;

    @Override
    public Integer call() throws Exception {
        List<EarthDataset> sets = dataset.datasets();
        RfmTraining training;
        try {
            training = RfmTraining.of(opts).withSchedule(warmup, lrSchedule, selectEvery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (fourier > 0 && !(fourierScale > 0 && Double.isFinite(fourierScale))) {
            throw new ParameterException(spec.commandLine(), "--fourier-scale must be > 0 and finite; got "
                    + fourierScale);
        }
        if (checkpoints.resume() != null && sets.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--resume needs one --dataset (its checkpoint); got "
                    + sets.size() + " datasets");
        }
        output.create();
        for (EarthDataset set : sets) {
            runOne(set, training);
        }
        return 0;
    }

    private void runOne(EarthDataset set, RfmTraining training) throws Exception {
        String name = set.name().toLowerCase(Locale.ROOT);
        Path out = output.path();
        double tol = solver.tol();
        Sphere s2 = new Sphere(3);
        // one root stream per dataset, split in this fixed order: data split, model init, training (data and noise), sampling
        // base, sampling noise
        Rng root = Rng.seeded(opts.seed());
        DataSplits splits = set.splits(root.split(), DataType.FLOAT);
        Rng init = root.split();
        Rng trainStream = root.split();
        Rng base = root.split();
        Rng sampling = root.split();
        INDArray train = splits.train();
        TangentMlpField.Builder fb = TangentMlpField.builder(s2).hidden(opts.hidden());
        if (fourier > 0) {
            fb.fourier(fourier, fourierScale).fourierSeed(opts.seed());
        }
        TangentMlpField field = fb.build(init);
        RfmLoss loss = new RfmLoss(s2, new GeodesicPath(s2, KappaScheduler.linear()));
        int n = (int) train.size(0);
        ManifoldLikelihood selectLik = ManifoldLikelihood.builder(s2)
                .solve(new Dopri5(), SolveOptions.of(PIController.of(selectTol, selectTol))).build();
        RfmTraining.Result r = training.run(field, (x1, g) -> loss.loss(field, x1, g), g -> {
            int[] idx = new int[opts.batch()];
            for (int i = 0; i < opts.batch(); i++) {
                idx[i] = g.nextInt(n);
            }
            return train.getRows(idx);
        }, trainStream, "rfm " + name, progress.enabled(), f -> -selectLik.evaluate(f, splits.val()).mean(),
                checkpoints,
                out.resolve("rfm-" + name + ".ckpt"));
        ManifoldLikelihood lik = ManifoldLikelihood.builder(s2)
                .solve(new Dopri5(), SolveOptions.of(PIController.of(tol, tol))).build();
        long evalStart = System.nanoTime();
        LogLikelihood test = lik.evaluate(field, splits.test());
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        double val = lik.evaluate(field, splits.val()).mean();
        String tight = "";
        if (checkTol) {
            ManifoldLikelihood tighter = ManifoldLikelihood.builder(s2)
                    .solve(new Dopri5(), SolveOptions.of(PIController.of(tol / 10, tol / 10))).build();
            tight = String.format(Locale.ROOT, " test_nll_tol/10=%.4f", -tighter.evaluate(field, splits.test()).mean());
        }
        if (!noPlots) {
            Plots.scatter(out.resolve(name + "-data.png"), name + " test data (lon, lat)", lonLat(splits.test()));
            FlowSampler sampler = FlowSampler.builder()
                    .solve(ProjectedSolver.of(new Dopri5(), s2), SolveOptions.of(PIController.of(tol, tol))).build();
            INDArray x0 = s2.randomBase(base, DataType.FLOAT, splits.test().size(0));
            INDArray samples = sampler.sample(field, x0, sampling).x1();
            Plots.scatter(out.resolve(name + "-samples.png"), name + " RFM samples (lon, lat)", lonLat(samples));
            density(lik, field, out.resolve(name + "-density.png"), name);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "rfm dataset=%s steps=%d train_s=%.1f train_loss=%.4f val_nll=%.4f "
                + "test_nll=%.4f%s test_n=%d nll_nfe=%d eval_s=%.1f params=%d kept_step=%d out=%s%n", name,
                r.stepsDone(), r.trainSeconds(), r.lastLoss(), -val, -test.mean(), tight, splits.test().size(0),
                test.stats().functionEvaluations(), evalSeconds, field.parameterCount(), r.bestStep(), out);
        stdout.flush();
    }

    /** Equirectangular coordinates: [n, 2] rows (longitude, latitude) in degrees. */
    static INDArray lonLat(INDArray xyz) {
        double[] v = HostArrays.toDoubles(xyz);
        int n = v.length / 3;
        double[] ll = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double norm = Math.sqrt(v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
            ll[2 * i] = Math.toDegrees(Math.atan2(v[3 * i + 1], v[3 * i]));
            ll[2 * i + 1] = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, v[3 * i + 2] / norm))));
        }
        return HostArrays.fromDoubles(ll, DataType.DOUBLE, n, 2);
    }

    private static void density(ManifoldLikelihood lik, TangentMlpField field, Path file, String name)
            throws java.io.IOException {
        int cols = 90;
        int rows = 45;
        double[] lons = new double[cols];
        double[] lats = new double[rows];
        double[][] latLon = new double[rows * cols][];
        for (int i = 0; i < rows; i++) {
            lats[i] = -90 + (i + 0.5) * 180.0 / rows;
            for (int j = 0; j < cols; j++) {
                lons[j] = -180 + (j + 0.5) * 360.0 / cols;
                latLon[i * cols + j] = new double[] {lats[i], lons[j]};
            }
        }
        INDArray grid = EarthDataset.toUnitVectors(latLon, DataType.FLOAT);
        double[] lp = HostArrays.toDoubles(lik.evaluate(field, grid).logProb());
        double[][] values = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                values[i][j] = Math.exp(lp[i * cols + j]);
            }
        }
        Plots.heatMap(file, name + " RFM density (lon, lat)", lons, lats, values);
    }

    /** This command's defaults where they differ from {@link TrainingOptions}'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--batch", "512", "--hidden", "256,256,256", "--out", "rfm-out");
        }
    }
}
