package io.github.flows4j.examples.fm;

import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressOption;
import java.nio.file.Files;
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
@Command(name = "fm", description = "Train Flow Matching on a 2-D toy; write sample, density and trajectory PNGs, "
        + "a checkpoint, and print the exact test NLL.")
public final class FmCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Option(names = "--dataset", defaultValue = "checkerboard",
            description = "2-D toy: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).",
            completionCandidates = io.github.flows4j.examples.DatasetsCommand.Names.class)
    private String dataset;

    @Option(names = "--objective", defaultValue = "FM",
            description = "fm (Flow Matching) or ffjord (maximum likelihood, the baseline); default ${DEFAULT-VALUE}.")
    private String objective;

    @Option(names = "--path", defaultValue = "CONDOT",
            description = "Probability path: condot, vp, linear_vp or cosine (default ${DEFAULT-VALUE}).")
    private String path;

    @Option(names = "--ot", description = "Pair noise and data by exact minibatch optimal transport.")
    private boolean ot;

    @Option(names = "--steps", defaultValue = "1500", description = "Training steps (default ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--time-budget", defaultValue = "0", paramLabel = "<seconds>",
            description = "Stop training after this wall time; 0 = no limit (default ${DEFAULT-VALUE}).")
    private double timeBudget;

    @Option(names = "--batch", defaultValue = "512", description = "Batch size (default ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--hidden", defaultValue = "128,128,128", split = ",",
            description = "Hidden widths of the MLP on [x, t] (default ${DEFAULT-VALUE}).")
    private int[] hidden;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam learning rate, cosine-decayed (default ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--test-size", defaultValue = "2000", description = "Test points for the NLL (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--tol", defaultValue = "1e-5", description = "rtol = atol of the dopri5 evaluation solves (default ${DEFAULT-VALUE}).")
    private double tol;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = {"-o", "--out"}, defaultValue = "fm-out", description = "Output folder (default ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-plots", description = "Skip the PNGs (the density plot costs a likelihood solve on a grid).")
    private boolean noPlots;

    @Override
    public Integer call() throws Exception {
        Toy2d toy;
        Fm2dConfig.Objective obj;
        Fm2dConfig.PathKind kind;
        try {
            toy = Toy2d.byName(dataset);
            obj = Fm2dConfig.Objective.valueOf(objective.toUpperCase(Locale.ROOT));
            kind = Fm2dConfig.PathKind.valueOf(path.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown value: " + e.getMessage()
                    + "; datasets: " + Toy2d.names() + "; objectives: fm, ffjord; paths: condot, vp, linear_vp, cosine");
        }
        Fm2dConfig config;
        try {
            config = new Fm2dConfig(toy, obj, kind, ot, steps, timeBudget, batch, hidden, lr, testSize, tol, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Files.createDirectories(out);
        Fm2dRun run = new Fm2dRun(config).train(progress.enabled());
        Checkpoint.save(out.resolve("fm.ckpt"), run.model(), run.optimizer());
        Fm2dRun.Result r = run.evaluate();
        if (!noPlots) {
            Rng rng = Rng.seeded(seed + 11);
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
}
