package io.github.flows4j.examples.gfn;

import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.ToyDataOptions;
import io.github.flows4j.rl.gfn.DetailedBalance;
import io.github.flows4j.rl.gfn.Exploration;
import io.github.flows4j.rl.gfn.FlowMatching;
import io.github.flows4j.rl.gfn.GFlowNet;
import io.github.flows4j.rl.gfn.GFlowNetLoss;
import io.github.flows4j.rl.gfn.GFlowNetObjective;
import io.github.flows4j.rl.gfn.Hypergrid;
import io.github.flows4j.rl.gfn.SubTrajectoryBalance;
import io.github.flows4j.rl.gfn.TerminalDistribution;
import io.github.flows4j.rl.gfn.TrajectoryBalance;
import io.github.flows4j.rl.gfn.TrajectoryReplay;
import io.github.flows4j.rl.gfn.TrajectorySampler;
import io.github.flows4j.rl.gfn.diffusion.Funnel;
import io.github.flows4j.rl.gfn.diffusion.GaussianGrid;
import io.github.flows4j.rl.gfn.diffusion.UnnormalizedDensity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j gflownet}: trains a GFlowNet on the hypergrid (d, H, R0) with trajectory balance, detailed
 * balance, sub-trajectory balance or flow matching through the library's {@link Trainer}, and reports the exact
 * total-variation distance between the learned sampler's terminal distribution (dynamic programming over the DAG)
 * and R/Z, every {@code --eval-every} steps, as {@code tv.csv} and {@code tv.png}; the trainer's checkpoint is
 * {@code gflownet.ckpt} ({@code --checkpoint-every}, {@code --resume}, {@code --metrics} as in every training
 * command; after {@code --resume}, {@code tv.csv} covers the resumed steps). One result line on stdout, then one
 * {@code mode corner=...} line per corner mode of the grid (the final sampler's mass on the corner region against
 * the target's, also in {@code modes.csv}), so a collapse onto some modes shows.
 *
 * <pre>{@code
 * java -jar flows4j.jar gflownet --dim 4 --height 8 --r0 0.01 --loss tb          # 10^5 trajectories
 * java -jar flows4j.jar gflownet --loss subtb --lambda 0.9 --epsilon 0.01 --out runs/subtb
 * java -jar flows4j.jar gflownet --env gauss-grid --batch 256 --steps 2000 --out runs/gauss
 * java -jar flows4j.jar gflownet --env funnel --batch 256 --steps 2400 --sigma 3 --diffusion-steps 20 --defensive 0.3
 * java -jar flows4j.jar gflownet --env mle --dataset 8gaussians --batch 256 --steps 2000 --consistency 0.1
 * }</pre>
 */
@Command(name = "gflownet", defaultValueProvider = GflownetCommand.Defaults.class,
        description = "Train a GFlowNet on the hypergrid (TB, DB, SubTB or FM); write the exact TV to R/Z versus "
                + "trajectories (tv.csv, tv.png) and a checkpoint, and print the final exact TV and log Z. "
                + "--env gauss-grid trains a diffusion-style sampler of the 25-mode Gaussian grid with TB instead "
                + "(use e.g. --batch 256 --steps 2000) and prints the log Z estimate and the modes hit; --env funnel "
                + "does the same for Neal's 2-D funnel (log Z = 0); --env mle trains the same sampler by maximum "
                + "likelihood on a 2-D toy data set with the TB consistency as a regulariser (MLE-GFN) and prints "
                + "the held-out ELBO.")
public final class GflownetCommand implements Callable<Integer> {
    /** The state spaces the command builds. */
    enum Env {
        HYPERGRID, GAUSS_GRID, FUNNEL, MLE
    }

    /** The objectives. */
    enum Loss {
        TB, DB, SUBTB, FM
    }

    /** The learning-rate schedules. */
    enum Schedule {
        /** The rate of {@code --lr} throughout. */
        CONSTANT,
        /** Cosine decay from {@code --lr} to 0 over the run ({@code --steps} or {@code --time-budget}). */
        COSINE;

        LrSchedule of(double lr) {
            return this == COSINE ? LrSchedule.cosineByProgress(lr, 0) : LrSchedule.constant(lr);
        }
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

    @Mixin
    private ToyDataOptions data;

    @Option(names = "--env", defaultValue = "hypergrid", converter = EnvChoices.class,
            completionCandidates = EnvChoices.class,
            description = "State space: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Env env;

    @Option(names = "--dim", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Hypergrid dimension d (default ${DEFAULT-VALUE}).")
    private int dim;

    @Option(names = "--height", defaultValue = "8", description = "Hypergrid height H >= 2 (default ${DEFAULT-VALUE}).")
    private int height;

    @Option(names = "--r0", defaultValue = "0.01", converter = Bounds.Positive.class,
            description = "Reward floor R0 > 0 (default ${DEFAULT-VALUE}); R1 = 0.5, R2 = 2.")
    private double r0;

    @Option(names = "--loss", defaultValue = "tb", converter = LossChoices.class,
            completionCandidates = LossChoices.class,
            description = "Objective: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Loss loss;

    @Option(names = "--lambda", defaultValue = "0.9", converter = Bounds.Positive.class,
            description = "SubTB's geometric weight (default ${DEFAULT-VALUE}).")
    private double lambda;

    @Option(names = "--epsilon", defaultValue = "0", converter = Bounds.UnitInterval.class,
            description = "Share of uniformly random actions while sampling (default ${DEFAULT-VALUE}).")
    private double epsilon;

    @Option(names = "--temperature", defaultValue = "1", converter = Bounds.Positive.class,
            description = "Temperature of the sampling policy (default ${DEFAULT-VALUE}).")
    private double temperature;

    @Option(names = "--replay", defaultValue = "0", converter = Bounds.NonNegativeInt.class,
            description = "Replayed trajectories added to each batch, 0 for none (default ${DEFAULT-VALUE}).")
    private int replay;

    @Option(names = "--learned-pb", description = "Learn P_B (default: uniform over parents).")
    private boolean learnedPb;

    @Option(names = "--log-z-scale", defaultValue = "100", converter = Bounds.Positive.class,
            description = "How much faster log Z learns than the weights (default ${DEFAULT-VALUE}).")
    private double logZScale;

    @Option(names = "--ema", defaultValue = "0", description = "EMA decay of the weights, 0 for none "
            + "(default ${DEFAULT-VALUE}).")
    private double ema;

    @Option(names = "--lr-schedule", defaultValue = "constant", converter = ScheduleChoices.class,
            completionCandidates = ScheduleChoices.class,
            description = "Learning rate: constant, or cosine decay to 0 over the run (default ${DEFAULT-VALUE}).")
    private Schedule lrSchedule;

    @Option(names = "--eval-every", defaultValue = "250", converter = Bounds.AtLeastOne.class,
            description = "Steps between exact TV evaluations (default ${DEFAULT-VALUE}).")
    private int evalEvery;

    @Option(names = "--diffusion-steps", defaultValue = "50", converter = Bounds.AtLeastOne.class,
            description = "gauss-grid, funnel, mle: time steps K of the diffusion sampler "
                    + "(default ${DEFAULT-VALUE}).")
    private int diffusionSteps;

    @Option(names = "--sigma", defaultValue = "4", converter = Bounds.Positive.class,
            description = "gauss-grid, funnel, mle: diffusion coefficient σ of the forward noise "
                    + "(default ${DEFAULT-VALUE}).")
    private double sigma;

    @Option(names = "--noise-scale", defaultValue = "1", converter = Bounds.Positive.class,
            description = "gauss-grid, funnel: exploration factor on the sampling noise (default ${DEFAULT-VALUE}).")
    private double noiseScale;

    @Option(names = "--variance-range", defaultValue = "0", converter = Bounds.NonNegative.class,
            description = "gauss-grid, funnel: learn the forward variance, a factor e^s on σ²Δt with s in [-r, r]; "
                    + "0 keeps it fixed (default ${DEFAULT-VALUE}).")
    private double varianceRange;

    @Option(names = "--defensive", defaultValue = "0", converter = Bounds.UnitInterval.class,
            description = "gauss-grid, funnel: share of reference Brownian-motion paths in the log Z estimate's "
                    + "proposal (defensive importance sampling); 0: the sampler's own paths "
                    + "(default ${DEFAULT-VALUE}).")
    private double defensive;

    @Option(names = "--consistency", defaultValue = "0.1", converter = Bounds.NonNegative.class,
            description = "mle: weight β of the trajectory-balance consistency regulariser, 0 for plain maximum "
                    + "likelihood (default ${DEFAULT-VALUE}).")
    private double consistency;

    @Option(names = "--paths-per-point", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "mle: Brownian-bridge paths per data point, >= 2 when --consistency > 0 "
                    + "(default ${DEFAULT-VALUE}).")
    private int pathsPerPoint;

    @Option(names = "--no-plots", description = "Skip the PNGs.")
    private boolean noPlots;

    @Override
    public Integer call() throws IOException {
        if (env != Env.HYPERGRID) {
            String envName = env.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (loss != Loss.TB) {
                throw new ParameterException(spec.commandLine(), "--env " + envName + (env == Env.MLE
                        ? " trains by maximum likelihood (the TB consistency is --consistency); --loss must stay tb"
                        : " trains with --loss tb only") + "; got " + name(loss));
            }
            if (env == Env.MLE) {
                if (consistency > 0 && pathsPerPoint < 2) {
                    throw new ParameterException(spec.commandLine(), "--paths-per-point must be >= 2 when "
                            + "--consistency > 0 (the TB violation is a variance over a point's paths); got "
                            + pathsPerPoint);
                }
                return new MleRun(parts(), new MleRun.Settings(
                        data.dataset(), data.testSize(), diffusionSteps, sigma, consistency, pathsPerPoint,
                        lrSchedule.of(train.lr()), evalEvery, noPlots)).call();
            }
            UnnormalizedDensity target = env == Env.GAUSS_GRID ? GaussianGrid.standard() : Funnel.standard();
            return new GaussGridRun(parts(), envName, target,
                    new GaussGridRun.Settings(diffusionSteps, sigma, varianceRange, noiseScale, logZScale,
                            lrSchedule.of(train.lr()), evalEvery, defensive, noPlots)).call();
        }
        Hypergrid grid;
        GFlowNet gfn;
        GFlowNetLoss step;
        TrainerConfig config;
        Path out = output.create();
        Rng rng = Rng.seeded(train.seed());
        try {
            grid = Hypergrid.of(dim, height, r0);
            GFlowNetObjective objective = objective();
            gfn = GFlowNet.builder(grid).hidden(train.hidden()).learnedBackward(learnedPb)
                    .stateFlow(objective.needsStateFlow()).logZScale(logZScale).build(rng.split());
            GFlowNetLoss.Builder b = GFlowNetLoss.builder(
                    new TrajectorySampler(grid, new Exploration(epsilon, temperature)), objective)
                    .batchSize(train.batch());
            if (replay > 0) {
                b.replay(new TrajectoryReplay(grid, 100 * Math.max(replay, train.batch())), replay);
            }
            step = b.build();
            TrainerConfig.Builder c = parts().trainerConfig(out, lrSchedule.of(train.lr()), evalEvery);
            if (ema > 0) {
                c.ema(ema);
            }
            config = c.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        double[] target = grid.rewardDistribution();
        double trueLogZ = grid.logPartition();
        List<double[]> rows = new ArrayList<>();
        double[] last = new double[3];
        TerminalDistribution p0 = TerminalDistribution.of(grid, gfn);
        rows.add(new double[] {0, 0, p0.totalVariation(target), p0.l1(target), gfn.logZ().item()});
        TrainResult result;
        try (ProgressListener bar = ProgressListener.start("gflownet", train.steps(), progress.enabled())) {
            TrainingListener curve = new TrainingListener() {
                @Override
                public void onValidation(long k, double score, boolean best) {
                    rows.add(new double[] {k, k * (double) train.batch(), score, last[1], last[2]});
                }
            };
            Trainer.Builder<GFlowNet> trainer = Trainer.builder(gfn).config(config).loss(step).validation(m -> {
                TerminalDistribution p = TerminalDistribution.of(grid, m);
                last[0] = p.totalVariation(target);
                last[1] = p.l1(target);
                last[2] = m.logZ().item();
                return last[0];
            }).listener(curve).listener(bar);
            result = checkpoints.run(trainer, rng.split(), rng.split());
        }
        TerminalDistribution fin = TerminalDistribution.of(grid, gfn);
        double tv = fin.totalVariation(target);
        writeCsv(out.resolve("tv.csv"), rows);
        if (!noPlots) {
            double[] x = new double[rows.size()];
            double[] y = new double[rows.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rows.get(i)[1];
                y[i] = rows.get(i)[2];
            }
            Plots.lines(out.resolve("tv.png"), String.format(Locale.ROOT, "hypergrid d=%d H=%d R0=%s, %s", dim,
                    height, r0, name(loss)), "trajectories", "exact TV to R/Z", List.of(new Plots.Series(name(loss),
                    x, y)));
        }
        double[] learnedModes = grid.cornerMasses(fin.probabilities());
        double[] targetModes = grid.cornerMasses(target);
        int below = 0;
        double minRatio = Double.POSITIVE_INFINITY;
        for (int k = 0; k < targetModes.length; k++) {
            double ratio = learnedModes[k] / targetModes[k];
            below += ratio < 0.5 ? 1 : 0;
            minRatio = Math.min(minRatio, ratio);
        }
        writeModes(out.resolve("modes.csv"), learnedModes, targetModes);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "gflownet env=hypergrid dim=%d height=%d r0=%s loss=%s seed=%d steps=%d "
                + "trajectories=%d train_s=%.1f train_loss=%.4g tv=%.4f l1=%.4f log_z=%.4f log_z_true=%.4f "
                + "modes_below_half=%d/%d modes_min_ratio=%.3f out=%s%n",
                dim, height, r0, name(loss), train.seed(), result.steps(), result.steps() * train.batch(),
                result.seconds(), result.meanLoss(), tv, fin.l1(target), gfn.logZ().item(), trueLogZ, below,
                targetModes.length, minRatio, out);
        for (int k = 0; k < targetModes.length; k++) {
            stdout.printf(Locale.ROOT, "mode corner=%s p_t=%.5f target=%.5f ratio=%.3f%n", corner(k), learnedModes[k],
                    targetModes[k], learnedModes[k] / targetModes[k]);
        }
        stdout.flush();
        return 0;
    }

    private CommandParts parts() {
        return new CommandParts(spec, train, output, checkpoints, progress.enabled());
    }

    private GFlowNetObjective objective() {
        return switch (loss) {
            case TB -> new TrajectoryBalance();
            case DB -> new DetailedBalance();
            case SUBTB -> new SubTrajectoryBalance(lambda);
            case FM -> new FlowMatching();
        };
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Corner k as d characters, axis 0 first: 0 for the low side, 1 for the high side. */
    private String corner(int k) {
        StringBuilder sb = new StringBuilder(dim);
        for (int i = 0; i < dim; i++) {
            sb.append((k >> i) & 1);
        }
        return sb.toString();
    }

    private void writeModes(Path file, double[] learned, double[] target) throws IOException {
        StringBuilder sb = new StringBuilder("corner,p_t,target,ratio\n");
        for (int k = 0; k < target.length; k++) {
            sb.append(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.4f%n", corner(k), learned[k], target[k],
                    learned[k] / target[k]));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void writeCsv(Path file, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder("step,trajectories,tv,l1,log_z\n");
        for (double[] r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%.6f%n", (long) r[0], (long) r[1], r[2], r[3],
                    r[4]));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** The state spaces' names. */
    static final class EnvChoices extends Choices<Env> {
        EnvChoices() {
            super(Env.values(), e -> Choices.lower(e).replace('_', '-'));
        }
    }

    /** The schedules' names: constant, cosine. */
    static final class ScheduleChoices extends Choices<Schedule> {
        ScheduleChoices() {
            super(Schedule.values(), Choices::lower);
        }
    }

    /** The objectives' names: tb, db, subtb, fm. */
    static final class LossChoices extends Choices<Loss> {
        LossChoices() {
            super(Loss.values(), Choices::lower);
        }
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "6250", "--batch", "16", "--lr", "1e-3", "--hidden", "256,256", "--out",
                    "gflownet-out", "--dataset", "8gaussians");
        }
    }
}
