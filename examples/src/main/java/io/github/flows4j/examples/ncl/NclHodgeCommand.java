package io.github.flows4j.examples.ncl;

import io.github.flows4j.cnf.divfree.DivFreeNetwork;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.Precision;
import io.github.flows4j.examples.support.ProgressOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j ncl-hodge}: the Hodge decomposition of a known field f = ∇φ + w on the flat torus [0, 2π)^d
 * (Richter-Powell et al., NeurIPS 2022, §5): a periodic divergence-free network v_θ (matrix-field construction on
 * the embedding (cos x, sin x)) is fitted to f by least squares, min E|f(x) − v_θ(x)|² over uniform x; since ∇φ is
 * L²-orthogonal to every divergence-free field, the minimiser is w. Prints the relative L² error of v_θ against w on
 * fresh test points, the same error of f itself (what no decomposition scores), and the largest |div v_θ|
 * (computed by the generic autodiff); writes the loss curve, a heat map of |v_θ − w| on the slice through the first
 * two coordinates, and the checkpoint.
 *
 * <pre>{@code
 * java -jar flows4j.jar ncl-hodge --dim 5 --steps 600 --out runs/hodge5
 * }</pre>
 */
@Command(name = "ncl-hodge", defaultValueProvider = NclHodgeCommand.Defaults.class,
        description = "Recover the divergence-free part of a known field on the flat torus with a divergence-free "
                + "network; print its relative L2 error and max |div|. The learning rate is cosine-decayed over "
                + "--steps.")
public final class NclHodgeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Mixin
    private ProgressOption progress;

    @Option(names = "--dim", defaultValue = "2", description = "Dimension d of the torus, 2 to 10 (default "
            + "${DEFAULT-VALUE}).")
    private int dim;

    @Option(names = "--modes", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Fourier modes in each part of the known field (default ${DEFAULT-VALUE}).")
    private int modes;

    @Option(names = "--test-size", defaultValue = "4096", converter = Bounds.AtLeastOne.class,
            description = "Test points for the relative L2 error (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--dtype", defaultValue = "float", converter = Precision.Converter.class,
            completionCandidates = Precision.Converter.class,
            description = "Model precision: float or double (default ${DEFAULT-VALUE}).")
    private Precision dtype;

    /** The command's defaults. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "600", "--batch", "256", "--lr", "3e-3", "--hidden", "128,128", "--out",
                    "flows4j-out/ncl-hodge");
        }
    }

    @Override
    @SuppressWarnings("try")
    public Integer call() throws Exception {
        if (dim < 2 || dim > 10) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--dim': must be in [2, 10] "
                    + "but was '" + dim + "'");
        }
        long start = System.nanoTime();
        Path out = output.create();
        DataType type = dtype.dataType();
        Rng root = Rng.seeded(train.seed());
        TorusHodgeField field = TorusHodgeField.random(dim, modes, root.split());
        DivFreeNetwork model = DivFreeNetwork.builder().dim(dim).periodic(true).hidden(train.hidden()).dtype(type)
                .build(root.split());
        int batch = train.batch();
        NclTraining.Run run = NclTraining.fit("ncl-hodge", model, ctx -> {
            INDArray x = ctx.data().uniform(0, 2 * Math.PI, DataType.DOUBLE, batch, dim);
            Tensor target = Tensor.constant(field.field(x).castTo(type));
            Tensor v = ctx.model().velocity(Tensor.constant(x.castTo(type)));
            return v.sub(target).square().sum(1, true).mean();
        }, train.steps(), train.timeBudget(), train.lr(), progress.enabled(), out.resolve("model.f4j"), checkpoints,
                root.split());
        Rng test = root.split();
        INDArray x = test.uniform(0, 2 * Math.PI, DataType.DOUBLE, testSize, dim);
        INDArray w = field.divergenceFree(x);
        INDArray v = evaluate(model, x, type);
        double relL2 = relL2(v, w);
        double baseline = relL2(field.field(x), w);
        double maxDiv = maxAbsDivergence(model, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0,
                Math.min(256, testSize)), org.nd4j.linalg.indexing.NDArrayIndex.all()), type);
        Plots.lines(out.resolve("loss.png"), "ncl-hodge d=" + dim, "step", "loss",
                List.of(new Plots.Series("loss", run.steps(), run.losses())));
        errorHeatMap(out.resolve("error.png"), model, field, type);
        double wall = (System.nanoTime() - start) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(Locale.ROOT, "ncl-hodge dim=%d modes=%d steps=%d batch=%d hidden=%s dtype=%s "
                + "rel_l2=%.4f field_rel_l2=%.4f max_abs_div=%.3e final_loss=%.5f test_size=%d train_s=%.1f "
                + "wall_s=%.1f seed=%d out=%s", dim, modes, run.result().steps(), batch, hidden(train.hidden()),
                type.name().toLowerCase(Locale.ROOT), relL2, baseline, maxDiv, run.result().finalLoss(), testSize,
                run.result().seconds(), wall, train.seed(), out));
        stdout.flush();
        return 0;
    }

    @SuppressWarnings("try")
    static INDArray evaluate(DivFreeNetwork model, INDArray x, DataType type) {
        try (TensorScope scope = TensorScope.open(); GradMode.Scope off = GradMode.noGrad()) {
            return model.velocity(Tensor.constant(x.castTo(type))).value().castTo(DataType.DOUBLE).dup();
        }
    }

    @SuppressWarnings("try")
    static double maxAbsDivergence(DivFreeNetwork model, INDArray x, DataType type) {
        try (TensorScope scope = TensorScope.open()) {
            Autodiff.FieldDivergence fd = Autodiff.divergenceExact(model::velocity, Tensor.constant(x.castTo(type)),
                    false);
            return fd.divergence().value().amaxNumber().doubleValue();
        }
    }

    static double relL2(INDArray estimate, INDArray truth) {
        INDArray diff = estimate.sub(truth);
        return Math.sqrt(diff.mul(diff).sumNumber().doubleValue() / truth.mul(truth).sumNumber().doubleValue());
    }

    private static void errorHeatMap(Path file, DivFreeNetwork model, TorusHodgeField field, DataType type)
            throws java.io.IOException {
        int g = 40;
        int d = field.dim();
        double[] axis = new double[g];
        INDArray x = Nd4j.zeros(DataType.DOUBLE, (long) g * g, d);
        for (int i = 0; i < g; i++) {
            axis[i] = 2 * Math.PI * i / (g - 1);
        }
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                x.putScalar((long) i * g + j, 0, axis[i]);
                x.putScalar((long) i * g + j, 1, axis[j]);
            }
        }
        INDArray diff = evaluate(model, x, type).sub(field.divergenceFree(x));
        INDArray norm = diff.mul(diff).sum(1);
        double[][] values = new double[g][g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                values[j][i] = Math.sqrt(norm.getDouble((long) i * g + j));
            }
        }
        Plots.heatMap(file, "|v - w| on the (x1, x2) slice", axis, axis, values);
    }

    private static String hidden(int[] h) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < h.length; i++) {
            s.append(i == 0 ? "" : ",").append(h[i]);
        }
        return s.toString();
    }
}
