package io.github.flows4j.examples.fm;

import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.SolverOptions;
import io.github.flows4j.examples.support.ToyDataOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j fm}: trains Flow Matching (Lipman et al. 2023) on a 2-D toy distribution, writes PNGs of samples,
 * the learned density and trajectories, saves a checkpoint, and prints one result line with the exact test NLL
 * (nats) and the function evaluations dopri5 needs at the evaluation tolerance. {@code --objective ffjord} trains
 * the maximum-likelihood CNF baseline instead; {@code --time-budget} stops training after a wall time, for
 * equal-time comparisons.
 *
 * <pre>{@code
 * java -jar flows4j.jar fm                                   # checkerboard, CondOT path, ~1 minute
 * java -jar flows4j.jar fm --dataset 8gaussians --path vp --steps 5000 --out runs/vp
 * java -jar flows4j.jar fm --objective ffjord --time-budget 300
 * }</pre>
 */
@Command(name = "fm", defaultValueProvider = FmCommand.Defaults.class,
        description = "Train Flow Matching on a 2-D toy; write sample, density and trajectory PNGs, "
        + "a checkpoint, and print the exact test NLL. The learning rate is cosine-decayed over --steps "
        + "(constant under --time-budget).")
public final class FmCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private ToyDataOptions data;

    @Mixin
    private SolverOptions solver;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--objective", defaultValue = "fm", converter = ObjectiveChoices.class,
            completionCandidates = ObjectiveChoices.class,
            description = "Objective: fm (Flow Matching) or ffjord (maximum likelihood, the baseline) "
                    + "(default ${DEFAULT-VALUE}).")
    private Fm2dConfig.Objective objective;

    @Option(names = "--path", defaultValue = "condot", converter = PathChoices.class,
            completionCandidates = PathChoices.class,
            description = "Probability path: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Fm2dConfig.PathKind path;

    @Option(names = "--ot", description = "Pair noise and data by exact minibatch optimal transport.")
    private boolean ot;

    @Option(names = "--no-plots", description = "Skip the PNGs (the density plot costs a likelihood solve on a grid).")
    private boolean noPlots;

    @Override
    public Integer call() throws Exception {
        Toy2d toy = data.dataset();
        Fm2dConfig.Objective obj = objective;
        Fm2dConfig.PathKind kind = path;
        long seed = train.seed();
        Fm2dConfig config;
        try {
            config = Fm2dConfig.builder().dataset(toy).objective(obj).path(kind).otCoupling(ot).steps(train.steps())
                    .timeBudget(train.timeBudget()).batch(train.batch()).hidden(train.hidden()).lr(train.lr())
                    .testSize(data.testSize()).tolerance(solver.tol()).seed(seed).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path out = output.create();
        Fm2dRun run = new Fm2dRun(config).train(progress.enabled(), checkpoints, out.resolve("fm.ckpt"));
        Fm2dRun.Result r = run.evaluate();
        if (!noPlots) {
            Rng rng = run.plotStream();
            Plots.scatter(out.resolve("data.png"), toy.id() + " data", toy.sample(4000, rng, DataType.DOUBLE));
            Fm2dPlots.samples(out.resolve("samples.png"), run.model(), 4000, rng, run.evaluation());
            Fm2dPlots.density(out.resolve("density.png"), run.model(), 4.5, 60, run.evaluation());
            Fm2dPlots.trajectories(out.resolve("trajectories.png"), run.model(), rng, 60, run.evaluation());
        }
        String entropy = toy.entropy().isPresent() ? String.format(Locale.ROOT, " data_entropy=%.3f",
                toy.entropy().getAsDouble()) : "";
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "fm dataset=%s objective=%s path=%s ot=%s steps=%d train_s=%.1f "
                + "train_loss=%.4f test_nll=%.4f%s nll_nfe=%d sample_nfe=%d out=%s%n", toy.id(),
                obj.name().toLowerCase(Locale.ROOT), kind.name().toLowerCase(Locale.ROOT), ot, r.stepsDone(),
                r.trainSeconds(), r.lastLoss(), r.testNll(), entropy, r.nllNfe(), r.sampleNfe(), out);
        stdout.flush();
        return 0;
    }

    /** The objectives' names: fm, ffjord. */
    static final class ObjectiveChoices extends Choices<Fm2dConfig.Objective> {
        ObjectiveChoices() {
            super(Fm2dConfig.Objective.values(), Choices::lower);
        }
    }

    /** The paths' names: condot, vp, linear_vp (also linear-vp), cosine. */
    static final class PathChoices extends Choices<Fm2dConfig.PathKind> {
        PathChoices() {
            super(Fm2dConfig.PathKind.values(), Choices::lower);
        }
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "1500", "--batch", "512", "--out", "fm-out");
        }
    }
}
