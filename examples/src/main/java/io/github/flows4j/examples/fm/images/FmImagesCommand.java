package io.github.flows4j.examples.fm.images;

import io.github.flows4j.cnf.image.DequantizedBitsPerDim;
import io.github.flows4j.cnf.image.PixelTransform;
import io.github.flows4j.cnf.image.UNetVelocityField;
import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.loss.FlowMatchingLoss;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.VPScheduler;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.kernel.ArrayPool;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.sdebnn.FashionMnist;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OptimizerOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.SolverOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j fm-images}: trains Flow Matching (Lipman et al. 2023) with the attention-free
 * {@link UNetVelocityField} on Fashion-MNIST read from local IDX files (Debian's {@code dataset-fashion-mnist}
 * package; nothing is downloaded) through the library's {@link Trainer}, then prints the bits/dim of held-out images
 * (uniform dequantisation, Hutchinson likelihood with dopri5 at {@code --tol}, the pixel transform's Jacobian
 * included, so the number is a bound on the bits/dim of the 8-bit data) and the function evaluations (NFE) dopri5
 * needs to sample, and writes a grid of samples, {@code samples.png}, and the checkpoint {@code fm-images.ckpt}.
 * {@code --path condot} and {@code --path vp} give the two rows of the paper's Table 1 (FM-OT vs FM-Diffusion).
 *
 * <pre>{@code
 * java -jar flows4j.jar fm-images --steps 2000 --limit 10000 --out runs/condot
 * java -jar flows4j.jar fm-images --path vp --data /usr/share/datasets/fashion-mnist --out runs/vp
 * }</pre>
 */
@Command(name = "fm-images", defaultValueProvider = FmImagesCommand.Defaults.class,
        description = "Flow Matching with a small UNet on Fashion-MNIST (local IDX files): print the test bits/dim "
                + "(dequantised, Hutchinson likelihood) and the sampler's NFE; write a sample grid PNG and a "
                + "checkpoint. The learning rate is cosine-decayed over --steps.")
public final class FmImagesCommand implements Callable<Integer> {
    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";

    /** The probability paths of the paper's Table 1. */
    enum PathKind {
        /** The conditional optimal-transport path, x_t = t·x₁ + (1 − t)·x₀ (FM-OT). */
        CONDOT,
        /** The variance-preserving diffusion path (FM-Diffusion). */
        VP
    }

    /** The maps from dequantised pixels in [0, 1) to the modelled space. */
    enum Pixels {
        /** z = 2y − 1. */
        CENTERED,
        /** z = logit(0.05 + 0.9·y). */
        LOGIT
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private OptimizerOptions optim;

    @Mixin
    private SolverOptions solver;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--data", paramLabel = "<dir>", defaultValue = DEBIAN_DIR,
            description = "Folder with the four Fashion-MNIST IDX files, raw or .gz (default ${DEFAULT-VALUE}, where "
                    + "`apt-get install dataset-fashion-mnist` puts them).")
    private Path data;

    @Option(names = "--path", defaultValue = "condot", converter = PathChoices.class,
            completionCandidates = PathChoices.class,
            description = "Probability path: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private PathKind path;

    @Option(names = "--pixels", defaultValue = "centered", converter = PixelChoices.class,
            completionCandidates = PixelChoices.class,
            description = "Map of dequantised pixels y in [0, 1): centered (2y - 1) or logit (of 0.05 + 0.9y) "
                    + "(default ${DEFAULT-VALUE}).")
    private Pixels pixels;

    @Option(names = "--steps", defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "Training steps (default ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--limit", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "Train on the first N training images only; 0 = all (default ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--test-size", defaultValue = "500", converter = Bounds.AtLeastOne.class,
            description = "Test images scored for bits/dim (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--eval-batch", defaultValue = "20", converter = Bounds.AtLeastOne.class,
            description = "Images per likelihood solve (default ${DEFAULT-VALUE}).")
    private int evalBatch;

    @Option(names = "--samples", defaultValue = "64", converter = Bounds.AtLeastOne.class,
            description = "Images drawn for the grid and the sampler's NFE (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--base", defaultValue = "16", converter = Bounds.AtLeastOne.class,
            description = "UNet channels at full resolution (default ${DEFAULT-VALUE}).")
    private int base;

    @Option(names = "--multipliers", defaultValue = "1,2,2", split = ",", converter = Bounds.AtLeastOne.class,
            description = "UNet channels per level as multiples of --base; each level after the first halves the "
                    + "image (default ${DEFAULT-VALUE}).")
    private int[] multipliers;

    @Option(names = "--groups", defaultValue = "8", converter = Bounds.AtLeastOne.class,
            description = "GroupNorm groups, dividing every level's channels (default ${DEFAULT-VALUE}).")
    private int groups;

    @Option(names = "--ema", defaultValue = "0", description = "EMA decay of the weights, 0 for none "
            + "(default ${DEFAULT-VALUE}).")
    private double ema;

    @Override
    public Integer call() throws IOException {
        if (System.getProperty(ArrayPool.MAX_BYTES_PROPERTY) == null) {
            // a UNet step allocates few, large arrays (activations of 1-2 MB each): a full 256 MiB pool of them is
            // resident memory for little speed, so this command pools at most 64 MiB unless told otherwise
            ArrayPool.maxBytes(Math.min(ArrayPool.maxBytes(), POOL_BYTES));
        }
        PrintWriter err = spec.commandLine().getErr();
        FashionMnist d;
        try {
            d = FashionMnist.load(data, limit == 0 ? Integer.MAX_VALUE : limit, testSize, DataType.FLOAT);
        } catch (NoSuchFileException e) {
            err.println(e.getReason() != null ? e.getReason() : e.getMessage());
            err.flush();
            return 1;
        }
        int dim = (int) d.xTrain().size(1);
        int side = (int) Math.round(Math.sqrt(dim));
        if (side * side != dim) {
            err.println("fm-images needs square one-channel images; the IDX files in " + data + " hold " + dim
                    + " pixels per image");
            err.flush();
            return 1;
        }
        // the training set is kept as bytes (47 MB for all 60,000 images, not 188 MB of floats) and each batch is
        // converted as it is drawn
        INDArray train = pixelValues(d.xTrain()).castTo(DataType.UINT8);
        d.xTrain().close();
        INDArray test = pixelValues(d.xTest());
        Path out = output.create();
        Rng rng = Rng.seeded(optim.seed());
        UNetVelocityField unet;
        TrainerConfig config;
        PixelTransform transform = pixels == Pixels.CENTERED ? PixelTransform.centered() : PixelTransform.logit(0.05);
        FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(path == PathKind.CONDOT
                ? new CondOTScheduler() : new VPScheduler())).build();
        try {
            unet = UNetVelocityField.builder().image(1, side, side).base(base).multipliers(multipliers).groups(groups)
                    .build(rng.split());
            TrainerConfig.Builder c = checkpoints.configure(TrainerConfig.builder().maxSteps(steps)
                    .schedule(LrSchedule.cosineByProgress(optim.lr(), 0)), out.resolve("fm-images.ckpt"));
            if (ema > 0) {
                c.ema(ema);
            }
            config = c.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int batch = optim.batch();
        int n = (int) train.size(0);
        TrainResult result;
        try (ProgressListener bar = ProgressListener.start("fm-images", steps, progress.enabled())) {
            Trainer.Builder<UNetVelocityField> trainer = Trainer.builder(unet).config(config).loss(ctx -> {
                INDArray rows = train.getRows(ctx.data().randint(n, batch).toIntVector());
                INDArray x = rows.castTo(DataType.FLOAT);
                INDArray y = DequantizedBitsPerDim.dequantize(x, 256, ctx.data());
                INDArray z = transform.forward(y);
                // the batch's intermediate copies are freed here, not left to the collector
                rows.close();
                x.close();
                y.close();
                return fm.loss(ctx.model(), z, ctx.noise());
            }).listener(bar);
            result = checkpoints.run(trainer, rng.split(), rng.split());
        }
        SolveOptions tol = SolveOptions.of(PIController.of(solver.tol(), solver.tol()));
        CnfLikelihood likelihood = CnfLikelihood.builder().solve(new Dopri5(), tol)
                .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 1)).build();
        DequantizedBitsPerDim.Result bpd = new DequantizedBitsPerDim(likelihood, transform, 256)
                .evaluate(unet, test, evalBatch, rng.split());
        Samples s = FlowSampler.builder().solve(new Dopri5(), tol).build()
                .sample(unet, rng.normal(DataType.FLOAT, samples, dim), null);
        ImageGrid.write(out.resolve("samples.png"), transform.inverse(s.x1()), 1, side, side,
                (int) Math.ceil(Math.sqrt(samples)));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "fm-images path=%s pixels=%s image=1x%dx%d train=%d test=%d base=%d seed=%d "
                + "steps=%d train_s=%.1f train_loss=%.4f bpd=%.4f bpd_se=%.4f nll_nfe=%.0f sample_nfe=%d out=%s%n",
                name(path), name(pixels), side, side, n, test.size(0), base, optim.seed(), result.steps(),
                result.seconds(), result.meanLoss(), bpd.bitsPerDim(), bpd.standardError(), bpd.meanNfe(),
                s.stats().functionEvaluations(), out);
        stdout.println("# bpd: bits/dim of the 8-bit test images (uniform dequantisation, one draw; Hutchinson "
                + "divergence with one Rademacher probe; dopri5 at rtol = atol = --tol), an upper bound, lower is "
                + "better, a uniform model scores 8; bpd_se: its standard error over the images; nll_nfe: mean "
                + "vector-field evaluations per likelihood solve; sample_nfe: evaluations dopri5 needed to draw the "
                + "--samples images of samples.png; train_loss: Flow Matching loss, mean of the last 100 steps");
        stdout.flush();
        return 0;
    }

    /** @return the 8-bit values 0..255 of pixels scaled to [0, 1], computed in place */
    private static INDArray pixelValues(INDArray scaled) {
        return Transforms.round(scaled.muli(255), false);
    }

    /** The array pool's bound for this command (see {@link #call()}). */
    static final long POOL_BYTES = 64L << 20;

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The paths' names: condot (also cond-ot), vp. */
    static final class PathChoices extends Choices<PathKind> {
        PathChoices() {
            super(PathKind.values(), Choices::lower, p -> p == PathKind.CONDOT ? List.of("cond-ot", "ot")
                    : List.of("diffusion"));
        }
    }

    /** The pixel maps' names: centered, logit. */
    static final class PixelChoices extends Choices<Pixels> {
        PixelChoices() {
            super(Pixels.values(), Choices::lower);
        }
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--batch", "32", "--lr", "1e-3", "--tol", "1e-5", "--out", "fm-images-out");
        }
    }
}
