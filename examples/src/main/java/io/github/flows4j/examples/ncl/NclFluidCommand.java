package io.github.flows4j.examples.ncl;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.StepLoss;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.Precision;
import io.github.flows4j.examples.support.ProgressOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
import picocli.CommandLine.Spec;

/**
 * {@code flows4j ncl-fluid}: incompressible Navier–Stokes by a physics loss (Richter-Powell et al., NeurIPS 2022,
 * §5.1) on an exact solution over its domain × [0, T] ({@link FluidProblem}): the 2-D Taylor–Green vortex on
 * [0, 2π)² or the 3-D Ethier–Steinman flow on [−1, 1]³. Two models with the same MLP body, the same points and the
 * same budget ({@link FluidModel}) are trained on mean|momentum residual|² + w_ic·mean|u(x, 0) − u₀(x)|²
 * (+ w_ic·mean|u − u_exact|² on the faces of the cube for Ethier–Steinman) + w_div·mean(div u)²
 * ({@link NavierStokes}): the neural-conservation-law model, whose velocity is divergence-free by construction
 * (its penalty term is zero to rounding), and a PINN whose velocity is an unconstrained output. Prints both
 * models' relative L² velocity error against the exact solution on fresh (x, t) points and both max |div u|;
 * writes both loss curves and both checkpoints ({@code ncl.f4j}, {@code pinn.f4j}). {@code --resume} takes the
 * earlier run's output folder (or either checkpoint in it) and continues each model from its own checkpoint there;
 * a model whose checkpoint is missing (the run stopped before writing it) trains from the start, so the result equals
 * the uninterrupted run's. {@code --metrics m.csv} writes {@code m-ncl.csv} and {@code m-pinn.csv}.
 *
 * <pre>{@code
 * java -jar flows4j.jar ncl-fluid --problem ethier-steinman --steps 100 --batch 32 --out runs/ncl-fluid
 * }</pre>
 */
@Command(name = "ncl-fluid", defaultValueProvider = NclFluidCommand.Defaults.class,
        description = "Taylor-Green vortex (2-D) or Ethier-Steinman flow (3-D) by a Navier-Stokes physics loss: a "
                + "divergence-free network against a PINN with a divergence penalty; print both velocity errors and "
                + "max |div u|. The learning rate is cosine-decayed over --steps. --resume takes the earlier run's "
                + "output folder (or a checkpoint in it): each model continues from its own checkpoint there.")
public final class NclFluidCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--problem", defaultValue = "taylor-green", converter = FluidProblem.Converter.class,
            completionCandidates = FluidProblem.Converter.class,
            description = "Flow: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private FluidProblem problem;

    @Option(names = "--nu", defaultValue = "0.1", converter = Bounds.Positive.class,
            description = "Kinematic viscosity (default ${DEFAULT-VALUE}).")
    private double nu;

    @Option(names = "--t-max", defaultValue = "1", converter = Bounds.Positive.class,
            description = "End T of the time window (default ${DEFAULT-VALUE}).")
    private double tMax;

    @Option(names = "--div-weight", defaultValue = "1", converter = Bounds.NonNegative.class,
            description = "Weight of the divergence penalty, for both models (default ${DEFAULT-VALUE}).")
    private double divWeight;

    @Option(names = "--ic-weight", defaultValue = "1", converter = Bounds.Positive.class,
            description = "Weight of the initial-condition term and, for ethier-steinman, of the boundary-condition "
                    + "term (default ${DEFAULT-VALUE}).")
    private double icWeight;

    @Option(names = "--test-size", defaultValue = "4096", converter = Bounds.AtLeastOne.class,
            description = "Test points for the velocity error (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--dtype", defaultValue = "float", converter = Precision.Converter.class,
            completionCandidates = Precision.Converter.class,
            description = "Model precision: float or double (default ${DEFAULT-VALUE}).")
    private Precision dtype;

    /** The checkpoint of the divergence-free model, in the output folder. */
    static final String NCL = "ncl.f4j";
    /** The checkpoint of the PINN, in the output folder. */
    static final String PINN = "pinn.f4j";

    /** The command's defaults. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "300", "--batch", "128", "--lr", "3e-3", "--hidden", "48,48", "--out",
                    "flows4j-out/ncl-fluid");
        }
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path out = output.create();
        if (checkpoints.resume() != null && !Files.exists(checkpoints.resume())) {
            throw InvalidConfigException.of("--resume", "an earlier ncl-fluid output folder or a checkpoint in it",
                    checkpoints.resume() + " (not found)");
        }
        if (checkpoints.resume() != null && checkpoints.part(NCL).resume() == null
                && checkpoints.part(PINN).resume() == null) {
            throw InvalidConfigException.of("--resume", "a folder holding " + NCL + " or " + PINN,
                    checkpoints.resume() + " (holds neither)");
        }
        DataType type = dtype.dataType();
        Rng root = Rng.seeded(train.seed());
        Rng init = root.split();
        Rng points = root.split();
        FluidModel ncl = FluidModel.ncl(problem, train.hidden(), type, Rng.fromState(init.state()));
        FluidModel pinn = FluidModel.pinn(problem, train.hidden(), type, Rng.fromState(init.state()));
        NclTraining.Run nclRun = fit("ncl-fluid (ncl)", ncl, out, NCL, Rng.fromState(points.state()));
        NclTraining.Run pinnRun = fit("ncl-fluid (pinn)", pinn, out, PINN, Rng.fromState(points.state()));
        Rng test = root.split();
        INDArray x = problem.points(testSize, test, DataType.DOUBLE);
        INDArray t = test.uniform(0, tMax, DataType.DOUBLE, testSize, 1);
        INDArray exact = problem.velocity(x, t, nu);
        int nd = Math.min(256, testSize);
        INDArray xd = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, nd),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray td = t.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, nd),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        double nclErr = NclHodgeCommand.relL2(velocity(ncl, x, t, type), exact);
        double pinnErr = NclHodgeCommand.relL2(velocity(pinn, x, t, type), exact);
        double nclDiv = maxAbsDivergence(ncl, xd, td, type);
        double pinnDiv = maxAbsDivergence(pinn, xd, td, type);
        Plots.lines(out.resolve("loss.png"), "ncl-fluid " + problem.id(), "step", "loss",
                List.of(new Plots.Series("ncl", nclRun.steps(), nclRun.losses()),
                        new Plots.Series("pinn", pinnRun.steps(), pinnRun.losses())));
        double wall = (System.nanoTime() - start) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(Locale.ROOT, "ncl-fluid problem=%s nu=%s t_max=%s steps=%d batch=%d "
                + "hidden=%s dtype=%s div_weight=%s ncl_rel_l2=%.4f pinn_rel_l2=%.4f ncl_max_abs_div=%.3e "
                + "pinn_max_abs_div=%.3e ncl_final_loss=%.5f pinn_final_loss=%.5f test_size=%d train_s=%.1f "
                + "wall_s=%.1f seed=%d out=%s", problem.row(), plain(nu), plain(tMax), nclRun.result().steps(),
                train.batch(),
                join(train.hidden()), type.name().toLowerCase(Locale.ROOT), plain(divWeight), nclErr, pinnErr, nclDiv,
                pinnDiv, nclRun.result().finalLoss(), pinnRun.result().finalLoss(), testSize,
                nclRun.result().seconds() + pinnRun.result().seconds(), wall, train.seed(), out));
        stdout.flush();
        return 0;
    }

    private NclTraining.Run fit(String task, FluidModel model, Path out, String file, Rng rng) throws IOException {
        int batch = train.batch();
        DataType type = dtype.dataType();
        StepLoss<FluidModel> loss = ctx -> physicsLoss(problem, ctx.model(), ctx.data(), batch, type, tMax, nu,
                icWeight, divWeight);
        return NclTraining.fit(task, model, loss, train.steps(), train.timeBudget(), train.lr(), progress.enabled(),
                out.resolve(file), checkpoints.part(file), rng);
    }

    /**
     * The training loss of both models on one batch: the mean squared momentum residual at uniform (x, t) in the
     * domain × [0, tMax], plus icWeight times the mean squared error to the exact velocity at t = 0 (and, on a
     * domain that is not periodic, icWeight times the mean squared error to the exact velocity at uniform points of
     * the boundary and uniform times), plus divWeight times the mean squared divergence (the penalty the PINN needs;
     * the divergence-free model pays nothing for it).
     *
     * @param problem   the flow and its domain
     * @param flow      the model (or the exact solution, which scores 0)
     * @param rng       the stream the collocation points are drawn from
     * @param batch     collocation points per step
     * @param type      the model's precision
     * @param tMax      the end of the time window
     * @param nu        the viscosity
     * @param icWeight  the weight of the initial-condition term
     * @param divWeight the weight of the divergence penalty, &ge; 0
     * @return the loss, a scalar
     */
    static Tensor physicsLoss(FluidProblem problem, NavierStokes.Flow flow, Rng rng, int batch, DataType type,
            double tMax, double nu, double icWeight, double divWeight) {
        Tensor x = Tensor.constant(problem.points(batch, rng, type));
        Tensor t = Tensor.constant(rng.uniform(0, tMax, type, batch, 1));
        NavierStokes.Terms terms = NavierStokes.terms(flow, x, t, nu);
        INDArray x0 = problem.points(batch, rng, DataType.DOUBLE);
        INDArray t0 = Nd4j.zeros(DataType.DOUBLE, batch, 1);
        Tensor loss = terms.residual().square().sum(1, true).mean()
                .add(velocityError(problem, flow, x0, t0, type, nu).mul(icWeight));
        if (!problem.periodic()) {
            INDArray xb = problem.boundaryPoints(batch, rng);
            INDArray tb = rng.uniform(0, tMax, DataType.DOUBLE, batch, 1);
            loss = loss.add(velocityError(problem, flow, xb, tb, type, nu).mul(icWeight));
        }
        return divWeight > 0 ? loss.add(terms.divergence().square().mean().mul(divWeight)) : loss;
    }

    /** @return mean |u(x, t) − u_exact(x, t)|² of the model at float64 points (x [n, d], t [n, 1]), a scalar */
    private static Tensor velocityError(FluidProblem problem, NavierStokes.Flow flow, INDArray x, INDArray t,
            DataType type, double nu) {
        INDArray exact = problem.velocity(x, t, nu);
        Tensor pred = flow.evaluate(Tensor.constant(x.castTo(type)), Tensor.constant(t.castTo(type)))[0];
        return pred.sub(Tensor.constant(exact.castTo(type))).square().sum(1, true).mean();
    }

    @SuppressWarnings("try")
    static INDArray velocity(FluidModel model, INDArray x, INDArray t, DataType type) {
        try (TensorScope scope = TensorScope.open(); GradMode.Scope off = GradMode.noGrad()) {
            return model.evaluate(Tensor.constant(x.castTo(type)), Tensor.constant(t.castTo(type)))[0].value()
                    .castTo(DataType.DOUBLE).dup();
        }
    }

    @SuppressWarnings("try")
    static double maxAbsDivergence(FluidModel model, INDArray x, INDArray t, DataType type) {
        try (TensorScope scope = TensorScope.open()) {
            return NavierStokes.divergence(model, Tensor.constant(x.castTo(type)), Tensor.constant(t.castTo(type)))
                    .value().amaxNumber().doubleValue();
        }
    }

    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String join(int[] h) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < h.length; i++) {
            s.append(i == 0 ? "" : ",").append(h[i]);
        }
        return s.toString();
    }
}
