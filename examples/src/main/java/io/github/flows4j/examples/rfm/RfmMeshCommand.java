package io.github.flows4j.examples.rfm;

import io.github.flows4j.cnf.likelihood.LogLikelihood;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.core.data.SplitFractions;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.TrainingOptions;
import io.github.flows4j.manifold.data.BenchmarkMesh;
import io.github.flows4j.manifold.data.DataSplits;
import io.github.flows4j.manifold.data.EigenfunctionDensity;
import io.github.flows4j.manifold.mesh.Eigenpairs;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import io.github.flows4j.manifold.mesh.SpectralDistance;
import io.github.flows4j.manifold.mesh.SpectralWeight;
import io.github.flows4j.manifold.mesh.SurfaceSample;
import io.github.flows4j.manifold.mesh.SurfaceWalk;
import io.github.flows4j.manifold.mesh.TriangleMesh;
import io.github.flows4j.manifold.rfm.MeshLikelihood;
import io.github.flows4j.manifold.rfm.MeshRfmLoss;
import io.github.flows4j.manifold.rfm.MeshTangentField;
import io.github.flows4j.manifold.rfm.ProjectedSolver;
import io.github.flows4j.manifold.rfm.SurfaceWalkSolver;
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
 * {@code flows4j rfm-mesh}: Riemannian Flow Matching on a triangle mesh (Chen and Lipman 2024, §5.2, Table 3): the
 * eigenfunction-density benchmark on the Stanford bunny or Spot the cow (k-th Laplace–Beltrami eigenfunction, clipped
 * and normalised, 100,000 samples, 80/10/10 split), the spectral premetric (biharmonic, diffusion or commute time)
 * of the original mesh, the simulated premetric path, an MLP projected onto the faces' planes; prints the test NLL
 * beside the uniform baseline (log area) and the true density's NLL, checkpoints the weights and draws data and
 * samples on the mesh.
 *
 * <pre>{@code
 * java -jar flows4j.jar rfm-mesh --mesh bunny --k 10 --weight biharmonic --time-budget 240
 * java -jar flows4j.jar rfm-mesh --mesh spot --k 100 --weight diffusion --steps 20000 --hidden 512,512,512,512
 * }</pre>
 */
@Command(name = "rfm-mesh", defaultValueProvider = RfmMeshCommand.Defaults.class,
        description = "Train Riemannian Flow Matching on the bunny/spot eigenfunction-density "
        + "benchmark with a spectral premetric; print the test NLL against the uniform baseline log(area).")
public final class RfmMeshCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private TrainingOptions opts;

    @Mixin
    private PremetricOptions premetric;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--mesh", defaultValue = "bunny", converter = RfmChoices.Meshes.class,
            completionCandidates = RfmChoices.Meshes.class,
            description = "Mesh: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private BenchmarkMesh mesh;

    @Option(names = "--k", defaultValue = "10", converter = Bounds.AtLeastOne.class,
            description = "Eigenfunction index of the target density; the benchmarks use 10, 50, 100 "
                    + "(default ${DEFAULT-VALUE}).")
    private int k;

    @Option(names = "--weight", defaultValue = "biharmonic", converter = RfmChoices.MeshWeights.class,
            completionCandidates = RfmChoices.MeshWeights.class,
            description = "Spectral premetric: biharmonic (w = 1/λ²), diffusion (w = e^(−2τλ)) or commute (w = 1/λ) "
                    + "(default ${DEFAULT-VALUE}).")
    private String weight;

    @Option(names = "--tau", defaultValue = "0", converter = Bounds.NonNegative.class,
            description = "Diffusion time τ; 0 = 2/λ_modes, so the last mode has weight e^(−4) (default "
                    + "${DEFAULT-VALUE}).")
    private double tau;

    @Option(names = "--test-size", defaultValue = "1000", converter = Bounds.AtLeastOne.class,
            description = "Test points scored (the first of the 10,000-point test split) (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--nll-steps", defaultValue = "100", converter = Bounds.AtLeastOne.class,
            description = "Fixed RK4 steps of the likelihood solve (default ${DEFAULT-VALUE}).")
    private int nllSteps;

    @Option(names = "--projection", defaultValue = "face", converter = RfmChoices.Projections.class,
            completionCandidates = RfmChoices.Projections.class,
            description = "How the network's output is made tangent: face (P_f f, the paper's), flux (against a "
                    + "continuous edge-bisector normal first; experimental) or edge-flux (the network gives one flux "
                    + "per edge, interpolated by Raviart-Thomas elements: mass-conserving, no edge jumps) "
                    + "(default ${DEFAULT-VALUE}).")
    private String projection;

    @Option(names = "--relocation", defaultValue = "walk", converter = RfmChoices.Relocations.class,
            completionCandidates = RfmChoices.Relocations.class,
            description = "How the likelihood and sampling solves put a step back on the mesh: project (closest "
                    + "point) or walk (along the surface through shared edges) (default ${DEFAULT-VALUE}).")
    private String relocation;

    @Option(names = "--check-steps", description = "Also evaluate the test NLL with 4x --nll-steps and print it "
            + "(step-convergence check).")
    private boolean checkSteps;

    @Option(names = "--no-edge-jumps", negatable = false,
            description = "Leave out the density jump at edge crossings in the likelihood (with --relocation walk): "
                    + "the per-face divergence alone, as the paper's public code computes it; biased where the "
                    + "surface bends.")
    private boolean noEdgeJumps;

    @Option(names = "--no-plots", description = "Skip the PNGs.")
    private boolean noPlots;

    @Override
    public Integer call() throws Exception {
        BenchmarkMesh which = mesh;
        RfmTraining training;
        premetric.validate(spec);
        // one root stream, split in this fixed order: data split, model init, training (data and noise), sample
        // starts
        Rng root = Rng.seeded(opts.seed());
        Rng splitStream = root.split();
        Rng init = root.split();
        Rng trainStream = root.split();
        Rng starts = root.split();
        try {
            training = RfmTraining.of(opts);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path out = output.create();
        String name = which.name().toLowerCase(Locale.ROOT) + k + "_" + weight;

        long t0 = System.nanoTime();
        EigenfunctionDensity density = EigenfunctionDensity.benchmark(which, k);
        SurfaceSample data = density.benchmarkSamples();
        DataSplits splits = DataSplits.of(data.points(DataType.FLOAT), new SplitFractions(0.8, 0.1, 0.1),
                splitStream);
        TriangleMesh surface = which.load();
        Eigenpairs eig = premetric.eigenpairs(surface);
        double tauUsed = tau > 0 ? tau : 2 / eig.value(eig.count() - 1);
        SpectralWeight w = switch (weight) {
            case "diffusion" -> SpectralWeight.diffusion(tauUsed);
            case "commute" -> SpectralWeight.commuteTime();
            default -> SpectralWeight.biharmonic();
        };
        SpectralDistance distance = SpectralDistance.of(surface, eig, w);
        double setupSeconds = (System.nanoTime() - t0) / 1e9;

        INDArray train = splits.train();
        int n = (int) train.size(0);
        MeshTangentField field = MeshTangentField.builder(distance.locator()).hidden(opts.hidden())
                .spectral(eig, premetric.spectralFeatures())
                .projection(switch (projection) {
                    case "flux" -> MeshTangentField.Projection.FLUX_CONTINUOUS;
                    case "edge-flux" -> MeshTangentField.Projection.EDGE_FLUX;
                    default -> MeshTangentField.Projection.FACE;
                }).build(init);
        MeshRfmLoss loss = MeshRfmLoss.uniform(premetric.path(distance)).withMaxSpeed(premetric.speedCap(distance));
        RfmTraining.Result r = training.run(field, (x1, g) -> loss.loss(field, x1, g), g -> {
            int[] idx = new int[opts.batch()];
            for (int i = 0; i < opts.batch(); i++) {
                idx[i] = g.nextInt(n);
            }
            return train.getRows(idx);
        }, trainStream, "rfm-mesh " + name, progress.enabled(), null, checkpoints,
                out.resolve("rfm-mesh-" + name + ".ckpt"));

        int m = (int) Math.min(testSize, splits.test().size(0));
        int[] rows = new int[m];
        for (int i = 0; i < m; i++) {
            rows[i] = i;
        }
        INDArray test = splits.test().getRows(rows);
        long evalStart = System.nanoTime();
        Solver rk4 = "walk".equals(relocation) ? new SurfaceWalkSolver(new Rk4(), SurfaceWalk.of(distance.locator()))
                : new Rk4();
        LogLikelihood ll = MeshLikelihood.builder(distance.locator())
                .solve(rk4, SolveOptions.of(ConstantStepSize.steps(1, 0, nllSteps)))
                .edgeJumps(!noEdgeJumps).build()
                .evaluate(field, test);
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        double[] sorted = HostArrays.toDoubles(ll.logProb().castTo(DataType.DOUBLE));
        java.util.Arrays.sort(sorted);
        double median = -(sorted[(m - 1) / 2] + sorted[m / 2]) / 2;
        String check = "";
        if (checkSteps) {
            check = String.format(Locale.ROOT, " test_nll_4x_steps=%.4f", -MeshLikelihood.builder(distance.locator())
                    .solve(rk4, SolveOptions.of(ConstantStepSize.steps(1, 0, 4 * nllSteps))).edgeJumps(!noEdgeJumps)
                    .build().evaluate(field, test).mean());
        }
        int[] testRows = splits.testRows();
        double trueNll = 0;
        for (int i = 0; i < m; i++) {
            trueNll -= density.distribution().logDensity(data.face(testRows[i])) / m;
        }
        double uniformNll = Math.log(surface.totalArea());
        if (!noPlots) {
            FlowSampler sampler = FlowSampler.builder().solve(ProjectedSolver.onMesh(rk4, distance.locator()),
                    SolveOptions.of(ConstantStepSize.steps(0, 1, nllSteps))).build();
            INDArray x0 = FaceDistribution.uniform(surface).sample(starts, m).points(DataType.FLOAT);
            INDArray samples = sampler.sample(field, x0, null).x1();
            SurfaceFigures.surfaceViews(out.resolve("rfm-mesh-" + name + ".png"), which.name().toLowerCase(Locale.ROOT)
                    + " k=" + k + ", " + weight + " premetric: test data (top) vs RFM samples (bottom)",
                    surface.vertices(), List.of("data", "samples"),
                    List.of(HostArrays.toDoubles(test.castTo(DataType.DOUBLE)),
                            HostArrays.toDoubles(samples.castTo(DataType.DOUBLE))));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT,
                "rfm-mesh mesh=%s k=%d weight=%s modes=%d tau=%s max_speed=%s projection=%s relocation=%s "
                        + "edge_jumps=%s steps=%d setup_s=%.1f "
                + "train_s=%.1f train_loss=%.4f test_nll=%.4f%s test_nll_median=%.4f uniform_nll=%.4f true_nll=%.4f "
                + "test_n=%d eval_s=%.1f params=%d out=%s%n", which.name().toLowerCase(Locale.ROOT), k, weight,
                        premetric.modes(),
                "diffusion".equals(weight) ? String.format(Locale.ROOT, "%.4g", tauUsed) : "-",
                premetric.maxSpeed() > 0 ? String.format(Locale.ROOT, "%.3g", premetric.maxSpeed()) : "-", projection,
                        relocation,
                "walk".equals(relocation) && !noEdgeJumps, r.stepsDone(),
                setupSeconds, r.trainSeconds(), r.lastLoss(), -ll.mean(), check, median, uniformNll, trueNll, m,
                evalSeconds,
                field.parameterCount(), out);
        stdout.flush();
        return 0;
    }

    /** This command's default output folder. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--out", "rfm-mesh-out");
        }
    }
}
