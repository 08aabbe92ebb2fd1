package io.github.flows4j.examples.cpflow;

import io.github.flows4j.convex.cpflow.ActNormStep;
import io.github.flows4j.convex.cpflow.ConvexPotential;
import io.github.flows4j.convex.cpflow.CpFlow;
import io.github.flows4j.convex.cpflow.CpFlowBlock;
import io.github.flows4j.convex.cpflow.FlowLayer;
import io.github.flows4j.convex.cpflow.GaussianBase;
import io.github.flows4j.convex.icnn.ConvexActivation;
import io.github.flows4j.convex.icnn.Icnn;
import io.github.flows4j.convex.icnn.IcnnConfig;
import io.github.flows4j.convex.logdet.ExactLogDet;
import io.github.flows4j.convex.logdet.LogDetEstimator;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OptimizerOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.ToyDataOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j cpflow-toy}: trains a convex potential flow (Huang et al., ICLR 2021) on a 2-D toy density with
 * CP-Flow's toy setting — ActNorm then one CP-Flow block whose ICNN has {@code --depth} hidden layers of
 * {@code --width} units (half input-only units, ActNorm, zero-shifted Gaussian softplus), base N(0, e² I), Adam with
 * the learning rate halved every 2000 iterations, float64 — and reports the exact test negative log-likelihood
 * (full 2×2 Hessian per point) beside the data's entropy. Training uses CP-Flow's stochastic log-det gradient
 * (Hutchinson probe, conjugate gradients), so the loss shown while training is a <em>surrogate</em>, not the NLL.
 * Writes the model density (exp log p on a grid) and samples (inverted by L-BFGS) as PNGs.
 *
 * <pre>{@code
 * java -jar flows4j.jar cpflow-toy --dataset 8gaussians --iterations 1500 --out out/cpflow
 * }</pre>
 */
@Command(name = "cpflow-toy", defaultValueProvider = CpflowToyCommand.Defaults.class,
        description = "Train a convex potential flow on a 2-D toy density; print the exact "
        + "test NLL and write density and sample PNGs. The learning rate halves every 2000 iterations.")
public final class CpflowToyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private IcnnOptions icnn;

    @Mixin
    private OptimizerOptions optim;

    @Mixin
    private ToyDataOptions toyData;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--blocks", defaultValue = "1", converter = Bounds.AtLeastOne.class,
            description = "CP-Flow blocks, each after an ActNorm (default ${DEFAULT-VALUE}).")
    private int blocks;

    @Option(names = "--cg-iterations", defaultValue = "2", converter = Bounds.AtLeastOne.class,
            description = "CG iterations per solve (default ${DEFAULT-VALUE}, CP-Flow's min(m, d)).")
    private int cgIterations;

    @Option(names = "--cg-atol", defaultValue = "1e-3",
            description = "CG absolute tolerance (default ${DEFAULT-VALUE}).")
    private double cgAtol;

    @Option(names = "--eval-every", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "Print the exact NLL on 2000 test points every N iterations (0: only at the end).")
    private int evalEvery;

    @Option(names = "--samples", defaultValue = "2000", converter = Bounds.NonNegativeInt.class,
            description = "Samples drawn for the PNG (0: none; default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--grid", defaultValue = "100", converter = Bounds.NonNegativeInt.class,
            description = "Density grid points per side (0: no density PNG; default ${DEFAULT-VALUE}).")
    private int grid;

    @Override
    public Integer call() throws Exception {
        Toy2d toy = toyData.dataset();
        DataType type = icnn.dtype().dataType();
        int iterations = icnn.iterations();
        int batch = optim.batch();
        int depth = icnn.depth();
        int width = icnn.width();
        int testSize = toyData.testSize();
        double lr = optim.lr();
        long seed = optim.seed();
        String logdet = icnn.logdet().id();
        Path out = output.path();
        LogDetEstimator train = icnn.logdet().estimator(cgIterations, cgAtol);
        PrintWriter stdout = spec.commandLine().getOut();
        long start = System.nanoTime();
        Rng root = Rng.seeded(seed);
        Rng init = root.split();
        Rng data = root.split();
        Rng probes = root.split();
        Rng testRng = root.split();
        Rng sampleRng = root.split();
        CpFlow flow = build(type, init);
        INDArray test = toy.sample(testSize, testRng, DataType.DOUBLE);
        flow.initialize(toy.sample(batch, data, type), null);
        String label = train.isSurrogate() ? "surrogate" : "nll";
        TrainerConfig config = checkpoints.configure(TrainerConfig.builder().maxSteps(iterations)
                .schedule(LrSchedule.stepDecay(lr, 2000, 0.5)).validateEvery(evalEvery).keepBest(false)
                .validateAtEnd(false), out.resolve("cpflow-toy.ckpt")).build();
        INDArray test2000 = test.get(NDArrayIndex.interval(0, Math.min(2000, testSize)), NDArrayIndex.all());
        try (ProgressListener bar = ProgressListener.start("cpflow-toy", iterations, progress.enabled(), label)) {
            Trainer.Builder<CpFlow> trainer = Trainer.builder(flow).config(config)
                    .loss(ctx -> ctx.model().logProb(Tensor.constant(toy.sample(batch, ctx.data(), type)), null,
                            train, ctx.noise()).mean().neg())
                    .listener(bar).listener(new EvalPrinter(stdout, label));
            if (evalEvery > 0) {
                trainer.validation(f -> CpflowSetup.exactNll(f, test2000));
            }
            checkpoints.run(trainer, data, probes);
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double nll = CpflowSetup.exactNll(flow, test);
        String entropyText = "n/a";
        if (toy.hasLogDensity()) {
            entropyText = String.format(Locale.ROOT, "%.4f", -toy.logDensity(test).meanNumber().doubleValue());
        }
        List<String> files = new ArrayList<>();
        if (grid > 0) {
            Path png = out.resolve(toy.id() + "-density.png");
            writeDensity(flow, png);
            files.add(png.toString());
        }
        if (samples > 0) {
            Path png = out.resolve(toy.id() + "-samples.png");
            INDArray xs = flow.sample(samples, null, sampleRng);
            Plots.scatter(png, "CP-Flow samples: " + toy.id() + " (n=" + samples + ")", xs);
            files.add(png.toString());
        }
        double wall = (System.nanoTime() - start) / 1e9;
        stdout.println(String.format(Locale.ROOT, "cpflow-toy dataset=%s iterations=%d batch=%d depth=%d width=%d "
                + "dtype=%s train_logdet=%s test_nll=%.4f data_entropy=%s test_size=%d train_s=%.1f wall_s=%.1f "
                + "seed=%d out=%s", toy.id(), iterations, batch, depth, width, type.name().toLowerCase(Locale.ROOT),
                logdet, nll, entropyText, testSize, trainSeconds, wall, seed, String.join(",", files)));
        stdout.flush();
        return 0;
    }

    /** Prints {@code iteration=… train_loss_<label>=… test_nll_2000=…} for every {@code --eval-every} score. */
    static final class EvalPrinter implements TrainingListener {
        private final PrintWriter out;
        private final String label;
        private double loss = Double.NaN;

        EvalPrinter(PrintWriter out, String label) {
            this.out = out;
            this.label = label;
        }

        @Override
        public void onStep(long step, double loss, double lr) {
            this.loss = loss;
        }

        @Override
        public void onValidation(long step, double score, boolean best) {
            out.println(String.format(Locale.ROOT, "iteration=%d train_loss_%s=%.4f test_nll_2000=%.4f", step, label,
                    loss, score));
            out.flush();
        }
    }

    private CpFlow build(DataType type, Rng rng) {
        List<FlowLayer> layers = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            layers.add(new ActNormStep(2, type));
            Icnn net = new Icnn(IcnnConfig.builder().inputDim(2).width(icnn.width()).depth(icnn.depth())
                    .activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO).augmented(true).actNorm(true)
                    .symmetricFirst(true).dtype(type).build(), rng);
            layers.add(new CpFlowBlock(new ConvexPotential(net, blocks == 1)));
        }
        if (blocks > 1) {
            layers.add(new ActNormStep(2, type));
        }
        // CP-Flow's one-block toy models use a wide base, log σ² = 2; stacks use N(0, I)
        return new CpFlow(layers, new GaussianBase(blocks == 1 ? 2.0 : 0.0));
    }

    private void writeDensity(CpFlow flow, Path png) throws java.io.IOException {
        double[] axis = new double[grid];
        for (int i = 0; i < grid; i++) {
            axis[i] = -4 + 8.0 * i / (grid - 1);
        }
        double[] pts = new double[2 * grid * grid];
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                pts[2 * (i * grid + j)] = axis[j];
                pts[2 * (i * grid + j) + 1] = axis[i];
            }
        }
        INDArray x = HostArrays.fromDoubles(pts, DataType.DOUBLE, (long) grid * grid, 2);
        double[] lp = HostArrays.toDoubles(flow.evaluateLogProb(x, null, ExactLogDet.evaluation(), null,
                CpflowSetup.CHUNK));
        double[][] values = new double[grid][grid];
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                values[i][j] = Math.exp(lp[i * grid + j]);
            }
        }
        Plots.heatMap(png, "CP-Flow density", axis, axis, values);
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--dataset", "8gaussians", "--test-size", "10000", "--batch", "128", "--lr", "5e-3",
                    "--out", "cpflow-toy");
        }
    }
}
