package io.github.flows4j.examples.voronoi;

import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.voronoi.VoronoiCells;
import io.github.flows4j.voronoi.dequant.ArgmaxDequantizer;
import io.github.flows4j.voronoi.dequant.BoundedSupport;
import io.github.flows4j.voronoi.dequant.BoxLogit;
import io.github.flows4j.voronoi.dequant.DequantizedModel;
import io.github.flows4j.voronoi.dequant.Dequantizer;
import io.github.flows4j.voronoi.dequant.GridPmf;
import io.github.flows4j.voronoi.dequant.SimplexDequantizer;
import io.github.flows4j.voronoi.dequant.UniformDequantizer;
import io.github.flows4j.voronoi.dequant.VoronoiDequantizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j voronoi-dequant}: fits a discrete 2-D pmf (two categorical variables) with a normalizing flow
 * and a dequantizer — Voronoi (Chen, Amos &amp; Nickel 2022), or the uniform, argmax and simplex baselines in the
 * same code path — by maximising the ELBO through the library's {@link Trainer}, then prints the test bits per
 * example under the ELBO and the IWAE bound beside the pmf's exact entropy and the test draws' cross-entropy
 * under the true pmf (−mean log₂ P(x), the floor of both bounds on that test set). Writes
 * {@code voronoi-dequant.ckpt} and, for Voronoi with 2-D embeddings, {@code cells.png} (the learned cells of the
 * first variable).
 *
 * <pre>{@code
 * java -jar flows4j.jar voronoi-dequant --dataset 8gaussians --dequant voronoi --time-budget 600
 * java -jar flows4j.jar voronoi-dequant --dataset 8gaussians --dequant uniform --time-budget 600
 * java -jar flows4j.jar voronoi-dequant --dataset cluster10 --dequant argmax --steps 500
 * }</pre>
 */
@Command(name = "voronoi-dequant", defaultValueProvider = VoronoiDequantCommand.Defaults.class,
        description = "Fit a discrete 2-D pmf (8gaussians, pinwheel: 91 x 91; cluster10, its class-shuffled variant, "
                + "cross10, diagonal28) with a flow and Voronoi, uniform, argmax or simplex dequantization; print "
                + "the test bits (ELBO and IWAE) and the exact entropy, write a checkpoint and a PNG of the learned "
                + "cells.")
public final class VoronoiDequantCommand implements Callable<Integer> {
    /** The pmfs. */
    enum Dataset {
        EIGHTGAUSSIANS, PINWHEEL, CLUSTER10, CLUSTER10_SHUFFLED, CROSS10, DIAGONAL28
    }

    /** The dequantizers. */
    enum Dequant {
        VORONOI, UNIFORM, ARGMAX, SIMPLEX
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--dataset", defaultValue = "8gaussians", converter = DatasetChoices.class,
            completionCandidates = DatasetChoices.class,
            description = "The pmf: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Dataset dataset;

    @Option(names = "--dequant", defaultValue = "voronoi", converter = DequantChoices.class,
            completionCandidates = DequantChoices.class,
            description = "Dequantization: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Dequant dequant;

    @Option(names = "--embedding-dim", defaultValue = "2", converter = Bounds.AtLeastOne.class,
            description = "voronoi: dimension of each variable's tessellation (default ${DEFAULT-VALUE}).")
    private int embeddingDim;

    @Option(names = "--layers", defaultValue = "8", converter = Bounds.AtLeastOne.class,
            description = "Coupling layers of the model flow (default ${DEFAULT-VALUE}).")
    private int layers;

    @Option(names = "--dequant-layers", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Coupling layers of the conditional dequantizing flow (default ${DEFAULT-VALUE}).")
    private int dequantLayers;

    @Option(names = "--iwae-samples", defaultValue = "100", converter = Bounds.AtLeastOne.class,
            description = "Importance samples of the test bound (default ${DEFAULT-VALUE}).")
    private int iwaeSamples;

    @Option(names = "--test-size", defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "Test examples drawn from the pmf (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--box-support", description = "voronoi, uniform: give the model flow exactly the "
            + "dequantizer's box as support (a logit transform of the box, alpha 0.01), so no model mass falls outside "
            + "the regions of q.")
    private boolean boxSupport;

    @Option(names = "--no-plots", description = "Skip the PNG.")
    private boolean noPlots;

    @Override
    public Integer call() throws IOException {
        Path out = output.create();
        Path checkpoint = out.resolve("voronoi-dequant.ckpt");
        Rng rng = Rng.seeded(train.seed());
        GridPmf pmf = pmf();
        DequantizedModel model;
        TrainerConfig config;
        try {
            model = model(pmf.size(), rng.split());
            TrainerConfig.Builder c = checkpoints.configure(train.trainerConfig()
                    .schedule(LrSchedule.constant(train.lr())), checkpoint);
            config = c.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int batch = train.batch();
        TrainResult result;
        try (ProgressListener bar = ProgressListener.start("voronoi-dequant", train.steps(), progress.enabled(),
                "-elbo")) {
            Trainer.Builder<DequantizedModel> trainer = Trainer.builder(model).config(config)
                    .loss(ctx -> ctx.model().bound(pmf.sample(batch, ctx.data()), 1, ctx.noise()).mean().neg())
                    .listener(bar);
            result = checkpoints.run(trainer, rng.split(), rng.split());
        }
        Rng eval = rng.split();
        int[][] test = pmf.sample(testSize, eval.split());
        double elbo = model.bits(test, 1, 500, eval.split());
        double iwae = model.bits(test, iwaeSamples, Math.max(1, 5000 / iwaeSamples), eval.split());
        double entropy = pmf.entropyBits();
        // −mean log₂ P(x) of the test draws under the true pmf: the floor every bound's bits sit above on this set
        double xent = 0;
        for (int[] row : test) {
            xent -= Math.log(pmf.probability(row[0], row[1]));
        }
        xent /= test.length * Math.log(2);
        if (!noPlots && model.dequantizer() instanceof VoronoiDequantizer v && v.embeddingDim() == 2) {
            plotCells(out.resolve("cells.png"), v);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "voronoi-dequant dataset=%s dequant=%s classes=%d dim=%d seed=%d steps=%d "
                + "train_s=%.1f train_loss=%.4g entropy_bits=%.4f elbo_bits=%.4f iwae%d_bits=%.4f gap_bits=%.4f "
                + "test_xent_bits=%.4f out=%s%n", datasetName(dataset), name(dequant), pmf.size(),
                model.dequantizer().dim(), train.seed(), result.steps(), result.seconds(), result.meanLoss(), entropy,
                elbo, iwaeSamples, iwae, iwae - entropy, xent, out);
        stdout.flush();
        return 0;
    }

    private GridPmf pmf() {
        return switch (dataset) {
            case EIGHTGAUSSIANS -> GridPmf.eightGaussians();
            case PINWHEEL -> GridPmf.pinwheel();
            case CLUSTER10 -> GridPmf.cluster10();
            case CLUSTER10_SHUFFLED -> GridPmf.cluster10Shuffled();
            case CROSS10 -> GridPmf.cross10();
            case DIAGONAL28 -> GridPmf.diagonal(28);
        };
    }

    private DequantizedModel model(int classes, Rng rng) {
        DataType t = DataType.FLOAT;
        NormalizingFlow.Builder q = NormalizingFlow.builder().layers(dequantLayers).hidden(train.hidden());
        Dequantizer d = switch (dequant) {
            case VORONOI -> VoronoiDequantizer.create(2, classes, embeddingDim, t, q, rng.split());
            case UNIFORM -> new UniformDequantizer(2, classes, t);
            case ARGMAX -> ArgmaxDequantizer.create(2, classes, t, q, rng.split());
            case SIMPLEX -> SimplexDequantizer.create(2, classes, t, q, rng.split());
        };
        NormalizingFlow p = NormalizingFlow.builder().dim(d.dim()).layers(layers).hidden(train.hidden()).dtype(t)
                .build(rng.split());
        if (boxSupport) {
            if (!(d instanceof BoundedSupport b)) {
                throw new ParameterException(spec.commandLine(), "--box-support needs a dequantizer whose regions "
                        + "partition a box (voronoi or uniform), not --dequant " + name(dequant));
            }
            return DequantizedModel.onBox(p, b, BoxLogit.DEFAULT_ALPHA);
        }
        return new DequantizedModel(p, d);
    }

    /** The first variable's cells on a 200 × 200 grid over its box, coloured by cell index. */
    private static void plotCells(Path file, VoronoiDequantizer v) throws IOException {
        var tess = v.transform(0).tessellation();
        double[] lo = HostArrays.toDoubles(tess.lower().value());
        double[] hi = HostArrays.toDoubles(tess.upper().value());
        int g = 200;
        double[] xs = new double[g];
        double[] ys = new double[g];
        double[] pts = new double[g * g * 2];
        for (int i = 0; i < g; i++) {
            xs[i] = lo[0] + (hi[0] - lo[0]) * (i + 0.5) / g;
            ys[i] = lo[1] + (hi[1] - lo[1]) * (i + 0.5) / g;
        }
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                pts[2 * (i * g + j)] = xs[j];
                pts[2 * (i * g + j) + 1] = ys[i];
            }
        }
        INDArray anchors = tess.anchors().value();
        int[] cell = new VoronoiCells(anchors).assign(HostArrays.fromDoubles(pts, anchors.dataType(), g * g, 2));
        double[][] values = new double[g][g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                // a fixed pseudo-random shade per cell, so neighbouring cells differ
                values[i][j] = ((cell[i * g + j] * 2654435761L) & 0xFFFF) / 65535.0;
            }
        }
        Plots.heatMap(file, "learned Voronoi cells (variable 1, " + tess.numCells() + " cells)", xs, ys, values);
    }

    static String datasetName(Dataset d) {
        return d == Dataset.EIGHTGAUSSIANS ? "8gaussians" : name(d).replace('_', '-');
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The pmfs' names. */
    static final class DatasetChoices extends Choices<Dataset> {
        DatasetChoices() {
            super(Dataset.values(), VoronoiDequantCommand::datasetName);
        }
    }

    /** The dequantizers' names. */
    static final class DequantChoices extends Choices<Dequant> {
        DequantChoices() {
            super(Dequant.values(), Choices::lower);
        }
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "5000", "--batch", "200", "--lr", "1e-3", "--hidden", "128,128", "--out",
                    "voronoi-dequant-out");
        }
    }
}
