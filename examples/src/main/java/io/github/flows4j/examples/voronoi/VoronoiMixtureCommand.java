package io.github.flows4j.examples.voronoi;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.ToyDataOptions;
import io.github.flows4j.voronoi.mixture.GaussianMixtureData;
import io.github.flows4j.voronoi.mixture.VoronoiMixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j voronoi-mixture}: fits a 2-D toy with a Voronoi mixture of flows ({@code --components K}: one
 * conditional coupling flow restricted to each of K cells, anchors from k-means) or, with {@code --components 0},
 * the same coupling flow without the mixture layer, by maximum likelihood through the library's {@link Trainer},
 * and prints the test NLL in nats. Writes {@code voronoi-mixture.ckpt}.
 *
 * <pre>{@code
 * java -jar flows4j.jar voronoi-mixture --dataset 8gaussians --components 16 --steps 2000
 * java -jar flows4j.jar voronoi-mixture --dataset 8gaussians --components 0 --steps 2000
 * java -jar flows4j.jar voronoi-mixture --gmm-dim 8 --components 8 --steps 2000     # 8-D synthetic mixture
 * }</pre>
 */
@Command(name = "voronoi-mixture", defaultValueProvider = VoronoiMixtureCommand.Defaults.class,
        description = "Fit a 2-D toy with a Voronoi mixture of flows (--components K, anchors from k-means) or the "
                + "same flow alone (--components 0); print the test NLL and write a checkpoint.")
public final class VoronoiMixtureCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private ToyDataOptions data;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--components", defaultValue = "16", converter = Bounds.NonNegativeInt.class,
            description = "Mixture components (cells) K; 0 for the flow without the mixture layer "
                    + "(default ${DEFAULT-VALUE}).")
    private int components;

    @Option(names = "--context-dim", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Dimension of each component's learned embedding (default ${DEFAULT-VALUE}).")
    private int contextDim;

    @Option(names = "--layers", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Coupling layers of the flow (default ${DEFAULT-VALUE}).")
    private int layers;

    @Option(names = "--train-size", defaultValue = "10000", converter = Bounds.AtLeastOne.class,
            description = "Training points drawn once from the toy (default ${DEFAULT-VALUE}).")
    private int trainSize;

    @Option(names = "--gmm-dim", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "Instead of the 2-D --dataset, a D-dimensional synthetic mixture of D Gaussians "
                    + "N(4 e_m, 0.5^2 I) with an exact density (its test NLL is printed as true_nll); 0: off "
                    + "(default ${DEFAULT-VALUE}).")
    private int gmmDim;

    @Override
    public Integer call() throws IOException {
        if (gmmDim == 1) {
            throw new ParameterException(spec.commandLine(), "--gmm-dim must be 0 (off) or >= 2, got 1");
        }
        Path out = output.create();
        Rng rng = Rng.seeded(train.seed());
        DataType t = DataType.FLOAT;
        GaussianMixtureData gmm = gmmDim > 0 ? GaussianMixtureData.unitVectors(gmmDim, 4.0, 0.5) : null;
        INDArray trainX = gmm != null ? gmm.sample(trainSize, rng.split(), t)
                : data.dataset().sample(trainSize, rng.split(), t);
        INDArray testX = gmm != null ? gmm.sample(data.testSize(), rng.split(), t)
                : data.dataset().sample(data.testSize(), rng.split(), t);
        int dim = (int) trainX.size(1);
        NormalizingFlow.Builder flow = NormalizingFlow.builder().layers(layers).hidden(train.hidden());
        Module model;
        Function<Tensor, Tensor> logProb;
        TrainerConfig config;
        try {
            if (components > 0) {
                VoronoiMixture m = VoronoiMixture.create(trainX, components, contextDim, flow, rng.split());
                model = m;
                logProb = m::logProb;
            } else {
                NormalizingFlow f = flow.dim(dim).dtype(t).build(rng.split());
                model = f;
                logProb = x -> f.logProb(x, null);
            }
            TrainerConfig.Builder c = checkpoints.configure(train.trainerConfig()
                    .schedule(LrSchedule.constant(train.lr())), out.resolve("voronoi-mixture.ckpt"));
            config = c.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Tensor all = Tensor.constant(trainX);
        int batch = train.batch();
        TrainResult result;
        try (ProgressListener bar = ProgressListener.start("voronoi-mixture", train.steps(), progress.enabled(),
                "nll")) {
            Trainer.Builder<Module> trainer = Trainer.builder(model).config(config).loss(ctx -> {
                int[] rows = new int[batch];
                for (int i = 0; i < batch; i++) {
                    rows[i] = ctx.data().nextInt(trainSize);
                }
                return logProb.apply(all.indexSelect(rows)).mean().neg();
            }).listener(bar);
            result = checkpoints.run(trainer, rng.split(), rng.split());
        }
        double nll = testNll(logProb, testX);
        PrintWriter stdout = spec.commandLine().getOut();
        String truth = "";
        if (gmm != null) {
            truth = String.format(Locale.ROOT, " true_nll=%.4f", -Arrays.stream(gmm.logProb(testX)).average()
                    .orElseThrow());
        }
        stdout.printf(Locale.ROOT, "voronoi-mixture dataset=%s components=%d seed=%d steps=%d train_s=%.1f "
                + "train_loss=%.4g test_nll=%.4f%s out=%s%n", gmm != null ? "gmm" + gmmDim : data.dataset().id(),
                components, train.seed(), result.steps(), result.seconds(), result.meanLoss(), nll, truth, out);
        stdout.flush();
        return 0;
    }

    /** Mean −log p over the test points; +∞ if a point lies outside the mixture's box (zero density). */
    @SuppressWarnings("try")
    private static double testNll(Function<Tensor, Tensor> logProb, INDArray test) {
        double sum = 0;
        int n = (int) test.size(0);
        try (GradMode.Scope ng = GradMode.noGrad()) {
            for (int from = 0; from < n; from += 1000) {
                int start = from;
                int[] rows = new int[Math.min(n, from + 1000) - from];
                Arrays.setAll(rows, i -> start + i);
                try (TensorScope s = TensorScope.open()) {
                    sum += logProb.apply(Tensor.constant(test).indexSelect(rows)).sum().item();
                } catch (io.github.flows4j.core.InvalidConfigException outside) {
                    return Double.POSITIVE_INFINITY;
                }
            }
        }
        return -sum / n;
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "2000", "--batch", "256", "--lr", "1e-3", "--hidden", "64,64", "--dataset", "8gaussians",
                    "--out", "voronoi-mixture-out");
        }
    }
}
