package io.github.flows4j.examples.cpflow;

import io.github.flows4j.convex.cpflow.ConvexPotential;
import io.github.flows4j.convex.cpflow.CpFlow;
import io.github.flows4j.convex.cpflow.CpFlowBlock;
import io.github.flows4j.convex.cpflow.GaussianBase;
import io.github.flows4j.convex.icnn.ConvexActivation;
import io.github.flows4j.convex.icnn.Icnn;
import io.github.flows4j.convex.icnn.IcnnConfig;
import io.github.flows4j.convex.logdet.LogDetEstimator;
import io.github.flows4j.convex.ot.AffineMap;
import io.github.flows4j.convex.ot.GaussianTransport;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OptimizerOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j cpflow-ot}: CP-Flow's optimal-transport experiment (Huang et al., ICLR 2021, Sec. 5.1, code
 * {@code train_ot.py}). A one-block convex potential flow is trained by maximum likelihood to map N(m, C), with
 * m = (1.5, 1) and C = [[0.9, −0.75], [−0.75, 0.9]], to N(0, I); since f = ∇F with F convex, Brenier's theorem makes
 * it the optimal transport map to whatever it pushes the data to, so its transport cost E‖x − f(x)‖² should reach
 * the closed-form W₂² = 3.7064 as the fit becomes exact. The setting follows the reference: ICNN of depth 5 and width
 * 64 (half input-only units, ActNorm, zero-shifted Gaussian softplus), Adam at 0.05 with cosine decay to 0,
 * gradients clipped at norm 10, exact log-det while training (d = 2), batch 128, fresh samples each iteration.
 * Prints the learned map's cost, the closed form, the closed-form map's cost on the same test points, and the
 * KL divergence from the data to the model.
 *
 * <pre>{@code
 * java -jar flows4j.jar cpflow-ot --iterations 782
 * }</pre>
 */
@Command(name = "cpflow-ot", defaultValueProvider = CpflowOtCommand.Defaults.class,
        description = "Learn the optimal transport map between two Gaussians with a convex "
        + "potential flow; print its transport cost beside the closed-form W2^2. The learning rate is cosine-annealed "
        + "to 0 "
        + "over --iterations.")
public final class CpflowOtCommand implements Callable<Integer> {
    /** The source mean of the reference experiment. */
    static final double[] MEAN = {1.5, 1.0};
    /** The source covariance of the reference experiment. */
    static final double[][] COV = {{0.9, -0.75}, {-0.75, 0.9}};

    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private IcnnOptions model;

    @Mixin
    private OptimizerOptions optim;

    @Option(names = "--test-size", defaultValue = "100000", converter = Bounds.AtLeastOne.class,
            description = "Test points for the transport cost and the KL (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--ema", defaultValue = "0", converter = Bounds.UnitInterval.class,
            description = "Evaluate with an exponential moving average of the weights of this decay, e.g. 0.99 "
                    + "(default ${DEFAULT-VALUE}: the last weights).")
    private double emaDecay;

    @Option(names = {"-o", "--out"}, paramLabel = "<png>", description = "Optional PNG of 2000 mapped test points; "
            + "with it the trainer writes <png name>.ckpt beside it.")
    private Path out;

    @Mixin
    private CheckpointOptions checkpoints;

    @Override
    public Integer call() throws Exception {
        if (out == null && checkpoints.every() > 0) {
            throw new ParameterException(spec.commandLine(), "--checkpoint-every needs --out: the checkpoint is "
                    + "written beside the PNG");
        }
        DataType type = model.dtype().dataType();
        int iterations = model.iterations();
        int batch = optim.batch();
        int depth = model.depth();
        int width = model.width();
        double lr = optim.lr();
        long seed = optim.seed();
        String logdet = model.logdet().id();
        LogDetEstimator train = model.logdet().estimator(2, 1e-3);
        long start = System.nanoTime();
        Rng root = Rng.seeded(seed);
        Rng init = root.split();
        Rng data = root.split();
        Rng probes = root.split();
        Rng testRng = root.split();
        Icnn icnn = new Icnn(IcnnConfig.builder().inputDim(2).width(width).depth(depth)
                .activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO).augmented(true).actNorm(true).dtype(type)
                .build(), init);
        CpFlowBlock block = new CpFlowBlock(new ConvexPotential(icnn, true));
        CpFlow flow = new CpFlow(List.of(block), GaussianBase.standard());
        flow.initialize(sourceSample(batch, data, type), null);
        String label = train.isSurrogate() ? "surrogate" : "nll";
        // the EMA weights, if any, end in the model; the checkpoint sits beside the --out PNG
        TrainerConfig.Builder settings = TrainerConfig.builder().maxSteps(iterations)
                .schedule(LrSchedule.cosine(lr, iterations, 0)).clipNorm(10.0);
        if (emaDecay > 0) {
            settings.ema(emaDecay);
        }
        TrainerConfig config = checkpoints.configure(settings, out == null ? null
                : out.resolveSibling(stem(out.getFileName().toString()) + ".ckpt")).build();
        try (ProgressListener bar = ProgressListener.start("cpflow-ot", iterations, progress.enabled(), label)) {
            checkpoints.run(Trainer.builder(flow).config(config)
                    .loss(ctx -> ctx.model().logProb(Tensor.constant(sourceSample(batch, ctx.data(), type)), null,
                            train, ctx.noise()).mean().neg())
                    .listener(bar), data, probes);
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        INDArray test = sourceSample(testSize, testRng, DataType.DOUBLE);
        INDArray mapped = flow.transform(test, null).castTo(DataType.DOUBLE);
        double cost = meanSquaredDistance(test, mapped);
        INDArray m1 = Nd4j.createFromArray(MEAN);
        INDArray c1 = Nd4j.createFromArray(COV);
        INDArray m2 = Nd4j.zeros(DataType.DOUBLE, 2);
        INDArray c2 = Nd4j.eye(2).castTo(DataType.DOUBLE);
        double w2 = GaussianTransport.w2Squared(m1, c1, m2, c2);
        AffineMap optimal = GaussianTransport.optimalMap(m1, c1, m2, c2);
        double optimalCost = meanSquaredDistance(test, optimal.apply(test));
        double nll = CpflowSetup.exactNll(flow, test);
        double kl = nll - sourceEntropy();
        double[] moments = moments(mapped);
        if (out != null) {
            Plots.scatter(out, "CP-Flow map f(x), x ~ N(m, C)", mapped.get(NDArrayIndex.interval(0,
                    Math.min(2000, testSize)), NDArrayIndex.all()));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(Locale.ROOT, "cpflow-ot iterations=%d batch=%d depth=%d width=%d dtype=%s "
                + "train_logdet=%s transport_cost=%.4f closed_form_w2sq=%.4f optimal_map_cost_same_points=%.4f "
                + "gap=%+.4f kl=%.5f pushforward_mean=%.4f,%.4f pushforward_cov=%.4f,%.4f,%.4f ema=%s test_size=%d "
                + "train_s=%.1f wall_s=%.1f seed=%d%s", iterations, batch, depth, width,
                type.name().toLowerCase(Locale.ROOT), logdet, cost, w2, optimalCost, cost - w2, kl, moments[0],
                moments[1], moments[2], moments[3], moments[4], emaDecay > 0 ? Double.toString(emaDecay) : "off",
                testSize, trainSeconds, wall, seed, out == null ? "" : " out=" + out));
        stdout.flush();
        return 0;
    }

    /** x = m + L ε with C = L Lᵀ. */
    static INDArray sourceSample(int n, Rng rng, DataType type) {
        double[][] l = new CholeskyDecomposition(new Array2DRowRealMatrix(COV)).getL().getData();
        double[] eps = HostArrays.toDoubles(rng.normal(DataType.DOUBLE, n, 2));
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 2; a++) {
                double s = MEAN[a];
                for (int b = 0; b < 2; b++) {
                    s += l[a][b] * eps[2 * i + b];
                }
                x[2 * i + a] = s;
            }
        }
        return HostArrays.fromDoubles(x, type, n, 2);
    }

    /** @return the entropy ½ log det(2πe C) of the source, in nats */
    static double sourceEntropy() {
        double det = COV[0][0] * COV[1][1] - COV[0][1] * COV[1][0];
        return 0.5 * Math.log(Math.pow(2 * Math.PI * Math.E, 2) * det);
    }

    /** @return a file name without its extension */
    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** @return mean (2), then covariance entries 11, 12, 22 of the rows of z */
    private static double[] moments(INDArray z) {
        double[] v = HostArrays.toDoubles(z);
        int n = v.length / 2;
        double m0 = 0;
        double m1 = 0;
        for (int i = 0; i < n; i++) {
            m0 += v[2 * i] / n;
            m1 += v[2 * i + 1] / n;
        }
        double c00 = 0;
        double c01 = 0;
        double c11 = 0;
        for (int i = 0; i < n; i++) {
            double a = v[2 * i] - m0;
            double b = v[2 * i + 1] - m1;
            c00 += a * a / n;
            c01 += a * b / n;
            c11 += b * b / n;
        }
        return new double[] {m0, m1, c00, c01, c11};
    }

    private static double meanSquaredDistance(INDArray a, INDArray b) {
        double[] x = HostArrays.toDoubles(a);
        double[] y = HostArrays.toDoubles(b);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return s / a.size(0);
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--iterations", "782", "--depth", "5", "--width", "64", "--logdet", "exact", "--batch", "128",
                    "--lr", "0.05");
        }
    }
}
