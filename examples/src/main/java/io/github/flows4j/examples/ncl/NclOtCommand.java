package io.github.flows4j.examples.ncl;

import io.github.flows4j.cnf.coupling.LinearAssignment;
import io.github.flows4j.cnf.divfree.MixtureConservationLaw;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.Precision;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.SolverOptions;
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
import picocli.CommandLine.Spec;

/**
 * {@code flows4j ncl-ot}: dynamical optimal transport with an exact continuity equation (Richter-Powell et al.,
 * NeurIPS 2022, §5.2). A {@link MixtureConservationLaw} — a Gaussian-mixture density path ρ_t with a learned
 * divergence-free flux, so ∂_t ρ + div(ρv) = 0 holds by construction — is trained on
 * NLL(ρ₀; source) + NLL(ρ₁; target) + λ·∫∫ρ|v|², the kinetic energy estimated by reparameterised samples of ρ_t,
 * starting from components placed on one batch of each end ({@link MixtureConservationLaw#initializeFrom}).
 * By Benamou–Brenier the minimal kinetic energy between the end points is W₂². Prints the kinetic energy (Monte
 * Carlo on fresh samples) beside the anchor — the closed-form W₂² for {@code gaussian}, the exact discrete OT cost
 * of equal-size samples for {@code pinwheel} — and the end-point fit (NLL, and KL for the Gaussians); writes exact
 * samples of ρ_t at five times, the source samples transported to t = 1 by the ODE dx/dt = v_t(x), the loss curve
 * and the checkpoint.
 *
 * <pre>{@code
 * java -jar flows4j.jar ncl-ot --problem gaussian --steps 400 --out runs/ncl-ot
 * }</pre>
 */
@Command(name = "ncl-ot", defaultValueProvider = NclOtCommand.Defaults.class,
        description = "Dynamical optimal transport with an exactly mass-conserving density path: print the kinetic "
                + "energy beside W2^2 and the end-point fit. The learning rate is cosine-decayed over --steps.")
public final class NclOtCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private SolverOptions solver;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Mixin
    private ProgressOption progress;

    @Option(names = "--problem", defaultValue = "gaussian", converter = OtProblem.Converter.class,
            completionCandidates = OtProblem.Converter.class,
            description = "End points: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private OtProblem problem;

    @Option(names = "--components", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "Gaussian components of the density path (default 0: 1 for gaussian, 48 for pinwheel).")
    private int components;

    @Option(names = "--kinetic-weight", defaultValue = "1e-3", converter = Bounds.Positive.class,
            description = "Weight lambda of the kinetic energy in the loss (default ${DEFAULT-VALUE}).")
    private double kineticWeight;

    @Option(names = "--test-size", defaultValue = "20000", converter = Bounds.AtLeastOne.class,
            description = "Samples for the kinetic energy and the end-point NLL (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--ot-points", defaultValue = "5000", converter = Bounds.AtLeastOne.class,
            description = "Samples per side of the exact discrete OT anchor of pinwheel (default ${DEFAULT-VALUE}).")
    private int otPoints;

    @Option(names = "--dtype", defaultValue = "double", converter = Precision.Converter.class,
            completionCandidates = Precision.Converter.class,
            description = "Model precision: float or double (default ${DEFAULT-VALUE}).")
    private Precision dtype;

    /** The command's defaults. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "400", "--batch", "256", "--lr", "2e-2", "--hidden", "64,64", "--out",
                    "flows4j-out/ncl-ot");
        }
    }

    @Override
    @SuppressWarnings("try")
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path out = output.create();
        DataType type = dtype.dataType();
        int k = components > 0 ? components : problem == OtProblem.GAUSSIAN ? 1 : 48;
        Rng root = Rng.seeded(train.seed());
        MixtureConservationLaw law = MixtureConservationLaw.builder().dim(2).components(k).hidden(train.hidden())
                .dtype(type).build(root.split());
        int batch = train.batch();
        Rng initData = root.split();
        law.initializeFrom(problem.source(Math.max(batch, k), initData), problem.target(Math.max(batch, k), initData),
                initData);
        double lambda = kineticWeight;
        NclTraining.Run run = NclTraining.fit("ncl-ot", law, ctx -> {
            INDArray x0 = problem.source(batch, ctx.data()).castTo(type);
            INDArray x1 = problem.target(batch, ctx.data()).castTo(type);
            return ctx.model().endpointNll(x0, x1).add(ctx.model().kineticEnergy(batch, ctx.noise()).mul(lambda));
        }, train.steps(), train.timeBudget(), train.lr(), progress.enabled(), out.resolve("model.f4j"), checkpoints,
                root.split());

        Rng test = root.split();
        double kinetic = kineticEnergy(law, testSize, test.split());
        INDArray x0 = problem.source(testSize, test.split());
        INDArray x1 = problem.target(testSize, test.split());
        double nll0 = meanNll(law, x0, 0, type);
        double nll1 = meanNll(law, x1, 1, type);
        String anchor;
        double anchorValue;
        String fit;
        if (problem == OtProblem.GAUSSIAN) {
            anchorValue = OtProblem.closedFormW2Squared();
            anchor = "closed_form_w2sq";
            double[] h = OtProblem.gaussianEntropies();
            fit = String.format(Locale.ROOT, "kl0=%.4f kl1=%.4f", nll0 - h[0], nll1 - h[1]);
        } else {
            anchorValue = discreteOtCost(problem, otPoints, test.split());
            anchor = "discrete_ot_cost_n" + otPoints;
            fit = "";
        }
        INDArray start0 = law.sample(2000, 0, test.split());
        INDArray moved = law.transport(start0, 0, 1, SolveSettings.of(new Dopri5(),
                SolveOptions.of(PIController.of(solver.tol(), solver.tol()))));
        double movedNll = meanNll(law, moved, 1, type);
        for (double t : new double[] {0, 0.25, 0.5, 0.75, 1}) {
            Plots.scatter(out.resolve(String.format(Locale.ROOT, "rho_t%.2f.png", t)), "samples of rho_t, t = " + t,
                    law.sample(2000, t, test.split()).castTo(DataType.DOUBLE));
        }
        Plots.scatter(out.resolve("transported.png"), "rho_0 samples moved to t = 1 by dx/dt = v_t(x)",
                moved.castTo(DataType.DOUBLE));
        Plots.lines(out.resolve("loss.png"), "ncl-ot " + problem.id(), "step", "loss",
                List.of(new Plots.Series("loss", run.steps(), run.losses())));
        double wall = (System.nanoTime() - start) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(Locale.ROOT, "ncl-ot problem=%s components=%d steps=%d batch=%d "
                + "kinetic_weight=%s dtype=%s kinetic_energy=%.4f %s=%.4f rel_gap=%+.4f nll0=%.4f nll1=%.4f%s "
                + "transported_nll1=%.4f flux_gain=%.4f test_size=%d train_s=%.1f wall_s=%.1f seed=%d out=%s",
                problem.id(), k, run.result().steps(), batch, NclFluidCommand.plain(lambda),
                type.name().toLowerCase(Locale.ROOT), kinetic, anchor, anchorValue,
                (kinetic - anchorValue) / anchorValue, nll0, nll1, fit.isEmpty() ? "" : " " + fit, movedNll,
                law.parameters().get("gain").value().getDouble(0), testSize, run.result().seconds(), wall, train.seed(),
                out));
        stdout.flush();
        return 0;
    }

    /** E_{t, x∼ρ_t}|v|² in chunks of 2,000, without gradients. */
    @SuppressWarnings("try")
    static double kineticEnergy(MixtureConservationLaw law, int n, Rng rng) {
        double sum = 0;
        int done = 0;
        while (done < n) {
            int m = Math.min(2000, n - done);
            try (TensorScope scope = TensorScope.open(); GradMode.Scope off = GradMode.noGrad()) {
                sum += law.kineticEnergy(m, rng).item() * m;
            }
            done += m;
        }
        return sum / n;
    }

    @SuppressWarnings("try")
    static double meanNll(MixtureConservationLaw law, INDArray x, double t, DataType type) {
        try (TensorScope scope = TensorScope.open(); GradMode.Scope off = GradMode.noGrad()) {
            INDArray tt = Nd4j.valueArrayOf(new long[] {x.size(0), 1}, t, type);
            return -law.logDensity(Tensor.constant(x.castTo(type)), Tensor.constant(tt)).value().meanNumber()
                    .doubleValue();
        }
    }

    /** The exact OT cost (1/n) min_σ Σ |x0_i − x1_σ(i)|² between n source and n target samples. */
    static double discreteOtCost(OtProblem problem, int n, Rng rng) {
        INDArray x0 = problem.source(n, rng);
        INDArray x1 = problem.target(n, rng);
        double[] a = x0.castTo(DataType.DOUBLE).data().asDouble();
        double[] b = x1.castTo(DataType.DOUBLE).data().asDouble();
        double[] cost = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dx = a[2 * i] - b[2 * j];
                double dy = a[2 * i + 1] - b[2 * j + 1];
                cost[i * n + j] = dx * dx + dy * dy;
            }
        }
        return LinearAssignment.solve(cost, n).cost() / n;
    }
}
