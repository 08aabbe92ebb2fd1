package io.github.flows4j.examples.rfm;

import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.SolverOptions;
import io.github.flows4j.examples.support.TrainingOptions;
import io.github.flows4j.manifold.data.DataSplits;
import io.github.flows4j.manifold.data.EarthDataset;
import io.github.flows4j.manifold.data.WrappedMixture;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.Sphere;
import io.github.flows4j.manifold.ppd.KernelMixturePath;
import io.github.flows4j.manifold.ppd.PpdLoss;
import io.github.flows4j.manifold.rfm.ManifoldLikelihood;
import io.github.flows4j.manifold.rfm.ProjectedSolver;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code flows4j ppd}: Probability Path Divergence (Ben-Hamu et al. 2022) — a {@link TangentMlpField} trained by
 * {@link PpdLoss} on a {@link KernelMixturePath} through {@link RfmTraining} (the {@code rfm} commands' Trainer, Adam,
 * EMA and checkpoints), on the earth datasets (S², the same seeded 80/10/10 splits as {@code rfm}), on a wrapped
 * normal mixture on T^d (the same seeded mixture and test set as {@code rfm-torus}) or on a von Mises–Fisher mixture
 * on S^d. Prints the test NLL by the exact likelihood {@code rfm} uses ({@link ManifoldLikelihood}, dopri5 +
 * projection) beside the uniform floor (and for mixtures the true NLL), and the training cost per step.
 *
 * <pre>{@code
 * java -jar flows4j.jar ppd --dataset torus --dim 2 --components 4 --scale 0.3 --time-budget 60
 * java -jar flows4j.jar ppd --dataset sphere --dim 2 --components 4 --scale 0.3 --steps 2000
 * java -jar flows4j.jar ppd --dataset volcano --sigma-min 0.02 --fourier 64 --fourier-scale 8 --time-budget 300
 * java -jar flows4j.jar ppd --dataset torus --dim 100 --train-hutchinson 1 --hutchinson 8 --test-size 1000
 * }</pre>
 */
@Command(name = "ppd", defaultValueProvider = PpdCommand.Defaults.class,
        description = "Train a manifold CNF by Probability Path Divergence (Ben-Hamu et al. 2022) on an earth dataset "
        + "(S²) or a mixture on T^d or S^d; print the exact test NLL (nats).")
public final class PpdCommand implements Callable<Integer> {
    /** The data sets. */
    enum Data {
        VOLCANO, EARTHQUAKE, FLOOD, FIRE, TORUS, SPHERE
    }

    /** Names for {@code --dataset}. */
    static final class DataNames extends Choices<Data> {
        DataNames() {
            super(Data.values(), Choices::lower);
        }
    }

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

    @Option(names = "--dataset", defaultValue = "torus", converter = DataNames.class,
            completionCandidates = DataNames.class,
            description = "${COMPLETION-CANDIDATES}: an earth dataset on S², a wrapped-normal mixture on T^d or a "
                    + "von Mises-Fisher mixture on S^d (default ${DEFAULT-VALUE}).")
    private Data dataset;

    @Option(names = "--dim", defaultValue = "2", converter = Bounds.AtLeastOne.class,
            description = "d of the mixture's T^d or S^d (default ${DEFAULT-VALUE}).")
    private int dim;

    @Option(names = "--components", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Mixture components (default ${DEFAULT-VALUE}).")
    private int components;

    @Option(names = "--scale", defaultValue = "0.3", converter = Bounds.Positive.class,
            description = "Mixture scale: wrapped-normal σ on T^d, von Mises-Fisher 1/√κ on S^d, < 1 "
                    + "(default ${DEFAULT-VALUE}).")
    private double scale;

    @Option(names = "--test-size", defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "Mixture test points (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--sigma-min", defaultValue = "0.1", converter = Bounds.Positive.class,
            description = "Kernel width of the target path at t = 1, in (0, 1) (default ${DEFAULT-VALUE}).")
    private double sigmaMin;

    @Option(names = "--ell", defaultValue = "2", description = "PPD exponent ℓ, 1 or 2 (default ${DEFAULT-VALUE}).")
    private int ell;

    @Option(names = "--train-hutchinson", defaultValue = "0", paramLabel = "<probes>",
            converter = Bounds.NonNegativeInt.class,
            description = "Estimate the training divergence with this many Rademacher probes; 0 = exact "
                    + "(default ${DEFAULT-VALUE}).")
    private int trainHutchinson;

    @Option(names = "--hutchinson", defaultValue = "0", paramLabel = "<probes>",
            converter = Bounds.NonNegativeInt.class,
            description = "Estimate the divergence in the test likelihood with this many Rademacher probes; "
                    + "0 = exact (default ${DEFAULT-VALUE}).")
    private int hutchinson;

    @Option(names = "--warmup", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "Linear learning-rate warm-up steps (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--lr-schedule", defaultValue = "auto", converter = RfmChoices.Schedules.class,
            completionCandidates = RfmChoices.Schedules.class,
            description = "auto (cosine over --steps without a time budget, constant with one), cosine or constant "
                    + "(default ${DEFAULT-VALUE}).")
    private RfmTraining.Schedule lrSchedule;

    @Option(names = "--fourier", defaultValue = "0", paramLabel = "<m>", converter = Bounds.NonNegativeInt.class,
            description = "Random Fourier input features on the sphere; 0 = plain x (default ${DEFAULT-VALUE}).")
    private int fourier;

    @Option(names = "--fourier-scale", defaultValue = "4", paramLabel = "<sigma>", converter = Bounds.Positive.class,
            description = "Standard deviation of the Fourier matrix's entries (default ${DEFAULT-VALUE}).")
    private double fourierScale;

    @Option(names = "--select-every", defaultValue = "0", paramLabel = "<steps>",
            converter = Bounds.NonNegativeInt.class,
            description = "Earth: keep the EMA snapshot with the best validation NLL, scored every this many steps; "
                    + "0 = keep the final EMA (default ${DEFAULT-VALUE}).")
    private int selectEvery;

    @Option(names = "--select-tol", defaultValue = "1e-4", converter = Bounds.Positive.class,
            description = "rtol = atol of the validation solves (default ${DEFAULT-VALUE}).")
    private double selectTol;

    @Option(names = "--no-plots", description = "Skip the PNGs.")
    private boolean noPlots;

    /** What a data set gives the training and the evaluation. */
    private record Problem(DifferentiableManifold manifold, String name, INDArray pathData,
            Function<Rng, INDArray> batches, INDArray val, INDArray test, double trueNll, double uniformNll) {
    }

    @Override
    public Integer call() throws Exception {
        RfmTraining training;
        PpdLoss built;
        // one root stream, split in this fixed order (the same as rfm-torus for the first four, as rfm for the
        // earth split): data, model init, training (data and noise), test set, probes, sampling base, sampling noise
        Rng root = Rng.seeded(opts.seed());
        Rng dataStream = root.split();
        Rng init = root.split();
        Rng train = root.split();
        Rng testStream = root.split();
        Rng probes = root.split();
        Rng base = root.split();
        Rng sampling = root.split();
        Problem problem;
        KernelMixturePath path;
        try {
            training = RfmTraining.of(opts).withSchedule(warmup, lrSchedule,
                    dataset == Data.TORUS || dataset == Data.SPHERE ? 0 : selectEvery);
            problem = problem(dataStream, testStream);
            path = KernelMixturePath.of(problem.manifold(), problem.pathData(), sigmaMin);
            PpdLoss.Builder lossBuilder = PpdLoss.builder(path).ell(ell);
            if (trainHutchinson > 0) {
                lossBuilder.divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, trainHutchinson));
            }
            built = lossBuilder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PpdLoss loss = built;
        Path out = output.create();
        DifferentiableManifold m = problem.manifold();
        double tol = solver.tol();
        TangentMlpField.Builder fb = TangentMlpField.builder(m).hidden(opts.hidden());
        if (fourier > 0 && m instanceof Sphere) {
            fb.fourier(fourier, fourierScale).fourierSeed(opts.seed());
        }
        TangentMlpField field = fb.build(init);
        ToDoubleFunction<TangentMlpField> validation = null;
        if (problem.val() != null) {
            ManifoldLikelihood selectLik = ManifoldLikelihood.builder(m)
                    .solve(new Dopri5(), SolveOptions.of(PIController.of(selectTol, selectTol))).build();
            validation = f -> -selectLik.evaluate(f, problem.val()).mean();
        }
        RfmTraining.Result r = training.run(field, (x1, g) -> loss.loss(field, x1, g), problem.batches(), train,
                "ppd " + problem.name(), progress.enabled(), validation, checkpoints,
                out.resolve("ppd-" + problem.name() + ".ckpt"));
        ManifoldLikelihood.Builder lb = ManifoldLikelihood.builder(m)
                .solve(new Dopri5(), SolveOptions.of(PIController.of(tol, tol)));
        if (hutchinson > 0) {
            lb.divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, hutchinson), probes);
        }
        long evalStart = System.nanoTime();
        LogLikelihood ll = lb.build().evaluate(field, problem.test());
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        if (!noPlots && (m.ambientDim() == 3 && m instanceof Sphere || m.ambientDim() == 2 && m instanceof FlatTorus)) {
            plots(out, problem, field, base, sampling, tol);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "ppd dataset=%s manifold=%s sigma_min=%.4f ell=%d divergence=%s steps=%d "
                + "train_s=%.1f ms_per_step=%.2f train_loss=%.4f test_nll=%.4f true_nll=%.4f uniform_nll=%.4f "
                + "test_n=%d nll_divergence=%s nll_nfe=%d eval_s=%.1f params=%d kept_step=%d out=%s%n",
                problem.name(), m, sigmaMin, ell, trainHutchinson > 0 ? "hutchinson" + trainHutchinson : "exact",
                r.stepsDone(), r.trainSeconds(), 1000 * r.trainSeconds() / Math.max(1, r.stepsDone()), r.lastLoss(),
                -ll.mean(), problem.trueNll(), problem.uniformNll(), problem.test().size(0),
                hutchinson > 0 ? "hutchinson" + hutchinson : "exact", ll.stats().functionEvaluations(), evalSeconds,
                field.parameterCount(), r.bestStep(), out);
        stdout.flush();
        return 0;
    }

    @SuppressWarnings("try")
    private Problem problem(Rng data, Rng testStream) {
        switch (dataset) {
            case TORUS -> {
                FlatTorus torus = new FlatTorus(dim);
                WrappedMixture mix = WrappedMixture.random(torus, components, scale, data);
                INDArray test = mix.sample(testStream, testSize, DataType.FLOAT);
                double truth = -mix.logProb(test.castTo(DataType.DOUBLE)).meanNumber().doubleValue();
                return new Problem(torus, "T" + dim, mix.sample(data, 1, DataType.FLOAT),
                        g -> mix.sample(g, opts.batch(), DataType.FLOAT), null, test, truth,
                        dim * Math.log(2 * Math.PI));
            }
            case SPHERE -> {
                if (!(scale < 1)) {
                    throw new ParameterException(spec.commandLine(), "--scale must be < 1 on the sphere; got " + scale);
                }
                Sphere sphere = new Sphere(dim + 1);
                INDArray centres = sphere.randomBase(data, DataType.DOUBLE, components);
                KernelMixturePath mix = KernelMixturePath.of(sphere, centres, scale);   // vMF, κ = 1/scale² at t = 1
                INDArray exact = mix.sample(ones(testSize), testStream);
                INDArray test = exact.castTo(DataType.FLOAT);
                double truth;
                try (GradMode.Scope off = GradMode.noGrad()) {
                    truth = -mix.evaluate(Tensor.constant(exact), ones(testSize)).logProb().mean().item();
                }
                double uniform = -sphere.baseLogProb(exact.getRows(0)).getDouble(0);
                return new Problem(sphere, "S" + dim, centres.castTo(DataType.FLOAT),
                        g -> mix.sample(ones(opts.batch()), g).castTo(DataType.FLOAT), null, test, truth, uniform);
            }
            default -> {
                EarthDataset set = EarthDataset.valueOf(dataset.name());
                DataSplits splits = set.splits(data, DataType.FLOAT);
                INDArray tr = splits.train();
                int n = (int) tr.size(0);
                return new Problem(new Sphere(3), set.name().toLowerCase(Locale.ROOT), tr, g -> {
                    int[] idx = new int[opts.batch()];
                    for (int i = 0; i < idx.length; i++) {
                        idx[i] = g.nextInt(n);
                    }
                    return tr.getRows(idx);
                }, splits.val(), splits.test(), Double.NaN, Math.log(4 * Math.PI));
            }
        }
    }

    private static INDArray ones(int n) {
        return Nd4j.ones(DataType.DOUBLE, n, 1);
    }

    private static void plots(Path out, Problem p, TangentMlpField field, Rng base, Rng sampling, double tol)
            throws java.io.IOException {
        DifferentiableManifold m = p.manifold();
        FlowSampler sampler = FlowSampler.builder()
                .solve(ProjectedSolver.of(new Dopri5(), m), SolveOptions.of(PIController.of(tol, tol))).build();
        INDArray samples = sampler.sample(field, m.randomBase(base, DataType.FLOAT, p.test().size(0)), sampling).x1();
        boolean sphere = m instanceof Sphere;
        String coords = sphere ? " (lon, lat)" : " (angles)";
        Plots.scatter(out.resolve("ppd-" + p.name() + "-data.png"), p.name() + " test data" + coords,
                sphere ? RfmEarthCommand.lonLat(p.test()) : p.test());
        Plots.scatter(out.resolve("ppd-" + p.name() + "-samples.png"), p.name() + " PPD samples" + coords,
                sphere ? RfmEarthCommand.lonLat(samples) : samples);
    }

    /** This command's defaults where they differ from {@link TrainingOptions}'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "1500", "--batch", "256", "--out", "ppd-out");
        }
    }
}
