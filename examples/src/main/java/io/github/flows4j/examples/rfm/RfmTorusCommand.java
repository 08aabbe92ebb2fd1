package io.github.flows4j.examples.rfm;

import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.autodiff.Autodiff;
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
import io.github.flows4j.manifold.data.WrappedMixture;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.rfm.GeodesicPath;
import io.github.flows4j.manifold.rfm.KappaScheduler;
import io.github.flows4j.manifold.rfm.ManifoldLikelihood;
import io.github.flows4j.manifold.rfm.ProjectedSolver;
import io.github.flows4j.manifold.rfm.RfmLoss;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code flows4j rfm-torus}: Riemannian Flow Matching on the flat torus Tᵈ (Chen and Lipman 2024, §5.1 uses tori for
 * protein and RNA torsion angles) on a seeded mixture of wrapped normals: prints the test NLL beside the uniform
 * floor d·log 2π and the true mixture's NLL, checkpoints the weights, and for d = 2 plots data and samples.
 *
 * <pre>{@code
 * java -jar flows4j.jar rfm-torus --dim 2 --components 4 --scale 0.3
 * java -jar flows4j.jar rfm-torus --dim 6 --steps 3000 --no-plots
 * java -jar flows4j.jar rfm-torus --dim 100 --hutchinson 8 --test-size 500 --time-budget 120 --no-plots
 * }</pre>
 *
 * <p>With {@code --hutchinson k} the test log-likelihood uses Hutchinson's estimator with k Rademacher probes (drawn
 * once per solve from a seeded stream) instead of the exact divergence, whose d VJPs per evaluation dominate at
 * large d; the true mixture NLL is always exact.
 */
@Command(name = "rfm-torus", defaultValueProvider = RfmTorusCommand.Defaults.class,
        description = "Train Riemannian Flow Matching on a wrapped-normal mixture on the flat "
        + "torus T^d; print the test NLL against the uniform floor d·log 2π.")
public final class RfmTorusCommand implements Callable<Integer> {
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

    @Option(names = "--dim", defaultValue = "2", converter = Bounds.AtLeastOne.class,
            description = "Torus dimension d (default ${DEFAULT-VALUE}).")
    private int dim;

    @Option(names = "--components", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Mixture components (default ${DEFAULT-VALUE}).")
    private int components;

    @Option(names = "--scale", defaultValue = "0.3", converter = Bounds.Positive.class,
            description = "Wrapped-normal scale σ (default ${DEFAULT-VALUE}).")
    private double scale;

    @Option(names = "--test-size", defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "Test points (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--warmup", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "Linear learning-rate warm-up steps (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--lr-schedule", defaultValue = "auto", converter = RfmChoices.Schedules.class,
            completionCandidates = RfmChoices.Schedules.class,
            description = "auto (cosine over --steps without a time budget, constant with one), cosine (to 0 over "
                    + "whichever of --steps and --time-budget runs out first) or constant (default ${DEFAULT-VALUE}).")
    private RfmTraining.Schedule lrSchedule;

    @Option(names = "--hutchinson", defaultValue = "0", paramLabel = "<probes>",
            converter = Bounds.NonNegativeInt.class,
            description = "Estimate the divergence in the test likelihood with this many Rademacher probes; "
                    + "0 = exact (default ${DEFAULT-VALUE}).")
    private int hutchinson;

    @Option(names = "--no-plots", description = "Skip the PNGs.")
    private boolean noPlots;

    @Override
    public Integer call() throws Exception {
        FlatTorus torus;
        WrappedMixture mix;
        RfmTraining training;
        // one root stream, split in this fixed order: mixture, model init, training (data and noise), test set,
        // Hutchinson probes, sampling base, sampling noise
        Rng root = Rng.seeded(opts.seed());
        Rng mixture = root.split();
        Rng init = root.split();
        Rng train = root.split();
        Rng testStream = root.split();
        Rng probes = root.split();
        Rng base = root.split();
        Rng sampling = root.split();
        try {
            torus = new FlatTorus(dim);
            mix = WrappedMixture.random(torus, components, scale, mixture);
            training = RfmTraining.of(opts).withSchedule(warmup, lrSchedule, 0);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path out = output.create();
        double tol = solver.tol();
        TangentMlpField field = TangentMlpField.builder(torus).hidden(opts.hidden()).build(init);
        RfmLoss loss = new RfmLoss(torus, new GeodesicPath(torus, KappaScheduler.linear()));
        RfmTraining.Result r = training.run(field, (x1, g) -> loss.loss(field, x1, g),
                g -> mix.sample(g, opts.batch(), DataType.FLOAT), train, "rfm-torus", progress.enabled(), null,
                checkpoints, out.resolve("rfm-torus.ckpt"));
        INDArray test = mix.sample(testStream, testSize, DataType.FLOAT);
        ManifoldLikelihood.Builder lb = ManifoldLikelihood.builder(torus)
                .solve(new Dopri5(), SolveOptions.of(PIController.of(tol, tol)));
        if (hutchinson > 0) {
            lb.divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, hutchinson), probes);
        }
        ManifoldLikelihood lik = lb.build();
        long evalStart = System.nanoTime();
        LogLikelihood ll = lik.evaluate(field, test);
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        double trueNll = -mix.logProb(test.castTo(DataType.DOUBLE)).meanNumber().doubleValue();
        if (!noPlots && dim == 2) {
            Plots.scatter(out.resolve("torus-data.png"), "T² data (angles)", test);
            FlowSampler sampler = FlowSampler.builder()
                    .solve(ProjectedSolver.of(new Dopri5(), torus), SolveOptions.of(PIController.of(tol, tol))).build();
            INDArray x0 = torus.randomBase(base, DataType.FLOAT, testSize);
            Plots.scatter(out.resolve("torus-samples.png"), "T² RFM samples (angles)",
                    sampler.sample(field, x0, sampling).x1());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "rfm-torus dim=%d components=%d scale=%.3f steps=%d train_s=%.1f train_loss=%.4f "
                + "test_nll=%.4f true_nll=%.4f uniform_nll=%.4f divergence=%s nll_nfe=%d eval_s=%.1f out=%s%n", dim,
                components, scale, r.stepsDone(), r.trainSeconds(), r.lastLoss(), -ll.mean(), trueNll,
                dim * Math.log(2 * Math.PI), hutchinson > 0 ? "hutchinson" + hutchinson : "exact",
                ll.stats().functionEvaluations(), evalSeconds, out);
        stdout.flush();
        return 0;
    }

    /** This command's defaults where they differ from {@link TrainingOptions}'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "1500", "--batch", "512", "--out", "rfm-torus-out");
        }
    }
}
