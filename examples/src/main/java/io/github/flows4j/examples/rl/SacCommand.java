package io.github.flows4j.examples.rl;

import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.CsvMetricLog;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.rl.env.Env;
import io.github.flows4j.rl.sac.EvalPoint;
import io.github.flows4j.rl.sac.ReplayAgent;
import io.github.flows4j.rl.sac.SacAgent;
import io.github.flows4j.rl.sac.SacConfig;
import io.github.flows4j.rl.sac.SacResult;
import io.github.flows4j.rl.sac.SacTraining;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j sac}: Soft Actor-Critic (Haarnoja et al. 2018) on a Java port of a Gymnasium task through the
 * library's {@link io.github.flows4j.core.train.Trainer}; {@code --steps} counts environment steps (the first
 * {@code --start-steps} with uniformly random actions), one update per step after those. Every {@code --eval-every}
 * updates, {@code --eval-episodes} mean-action episodes (always the same initial states) give a point of
 * {@code return.csv} / {@code return.png}; the checkpoint is {@code sac.ckpt} (+ {@code sac.ckpt.rl}, the replay
 * buffer), with {@code --checkpoint-every}, {@code --resume} and {@code --metrics} as in every training command.
 * {@code --pomdp} wraps the task: {@code flicker:P}, {@code noise:SIGMA}, {@code novel} (no velocities), several
 * separated by commas, applied left to right. One result line on stdout.
 *
 * <pre>{@code
 * java -jar flows4j.jar sac --env pendulum --steps 20000 --out runs/sac
 * java -jar flows4j.jar sac --env pendulum --pomdp novel,flicker:0.2 --steps 20000
 * }</pre>
 */
@Command(name = "sac", defaultValueProvider = SacCommand.Defaults.class,
        description = "Train Soft Actor-Critic on pendulum (Pendulum-v1), mountaincar (MountainCarContinuous-v0) or "
                + "acrobot (Acrobot-v1 dynamics, continuous torque), "
                + "optionally partially observed (--pomdp flicker:P,noise:S,novel); write the mean-action return "
                + "versus environment steps (return.csv, return.png) and a checkpoint, and print the final return.")
public class SacCommand implements Callable<Integer> {
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

    @Option(names = "--env", defaultValue = "pendulum", converter = RlEnvs.TaskChoices.class,
            completionCandidates = RlEnvs.TaskChoices.class,
            description = "Task: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private RlEnvs.Task env;

    @Option(names = "--pomdp", split = ",", paramLabel = "<wrapper>",
            description = "Partial observability, left to right: flicker:P (zero the observation with "
                    + "probability P), noise:SIGMA (Gaussian noise), novel (remove velocities).")
    private List<String> pomdp = new ArrayList<>();

    @Option(names = "--start-steps", defaultValue = "1000", converter = Bounds.AtLeastOne.class,
            description = "Uniformly random steps before learning (default ${DEFAULT-VALUE}).")
    private int startSteps;

    @Option(names = "--eval-every", defaultValue = "1000", converter = Bounds.AtLeastOne.class,
            description = "Updates between evaluations (default ${DEFAULT-VALUE}).")
    private int evalEvery;

    @Option(names = "--eval-episodes", defaultValue = "10", converter = Bounds.AtLeastOne.class,
            description = "Mean-action episodes per evaluation (default ${DEFAULT-VALUE}).")
    private int evalEpisodes;

    @Option(names = "--gamma", defaultValue = "0.99", description = "Discount (default ${DEFAULT-VALUE}).")
    private double gamma;

    @Option(names = "--tau", defaultValue = "0.005", description = "Polyak rate of the target critics "
            + "(default ${DEFAULT-VALUE}).")
    private double tau;

    @Option(names = "--buffer", defaultValue = "1000000", converter = Bounds.AtLeastOne.class,
            description = "Replay capacity (default ${DEFAULT-VALUE}).")
    private int buffer;

    @Option(names = "--no-plots", description = "Skip the PNG.")
    private boolean noPlots;

    /** @return the agent this command trains */
    ReplayAgent.Factory agents() {
        return SacAgent::new;
    }

    /** @return the command's name, first word of the result line and the plot's series */
    String label() {
        return "sac";
    }

    /** @return extra {@code key=value} fields of the result line, after the seed ({@code ""} for none) */
    String extraFields() {
        return "";
    }

    @Override
    public Integer call() throws IOException {
        Path out = output.create();
        Path checkpoint = out.resolve(label() + ".ckpt");
        Supplier<Env> envs;
        SacTraining.Builder b;
        List<EvalPoint> points = new ArrayList<>();
        try {
            if (train.steps() <= startSteps) {
                throw io.github.flows4j.core.InvalidConfigException.of("--steps", "> --start-steps (" + startSteps
                        + ")", train.steps());
            }
            if (startSteps < train.batch()) {
                throw io.github.flows4j.core.InvalidConfigException.of("--start-steps", ">= --batch (" + train.batch()
                        + "): the first update needs a full batch in the replay buffer", startSteps);
            }
            envs = RlEnvs.of(env, pomdp);
            envs.get();
            SacConfig config = SacConfig.builder().hidden(train.hidden()).batchSize(train.batch()).lr(train.lr())
                    .gamma(gamma).tau(tau).bufferCapacity(buffer).startSteps(startSteps).build();
            b = SacTraining.builder(envs).agent(agents()).config(config).steps(train.steps()).evalEvery(evalEvery)
                    .evalEpisodes(evalEpisodes).timeBudgetSeconds(train.timeBudget()).onEval(points::add);
            b.checkpoint(checkpoint, checkpoints.every());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        SacResult result;
        String name = envs.get().name();
        try (ProgressListener bar = ProgressListener.start(label(), Math.max(1, train.steps() - startSteps),
                progress.enabled(), "loss");
                CsvMetricLog log = checkpoints.metrics() == null ? null : checkpoints.resume() != null
                        ? CsvMetricLog.append(checkpoints.metrics()) : CsvMetricLog.create(checkpoints.metrics())) {
            b.listener(bar);
            if (log != null) {
                b.listener(log);
            }
            SacTraining t = b.build(Rng.seeded(train.seed()));
            result = checkpoints.resume() != null ? t.resume(checkpoints.resume()) : t.run();
        }
        Path csv = out.resolve("return.csv");
        writeCurve(csv, points, checkpoints.resume() != null);
        if (!noPlots) {
            plot(out.resolve("return.png"), csv, name, label());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s env=%s seed=%d%s steps=%d updates=%d train_s=%.1f "
                + "updates_per_s=%.1f final_return=%.2f final_return_std=%.2f alpha=%.4g episodes=%d out=%s%n",
                label(), name, train.seed(), extraFields(),
                points.isEmpty() ? 0 : points.get(points.size() - 1).envSteps(),
                result.train().steps(), result.train().seconds(), result.updatesPerSecond(), result.finalReturn(),
                points.isEmpty() ? Double.NaN : points.get(points.size() - 1).stdReturn(), result.alpha(),
                result.episodes(), out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static void writeCurve(Path file, List<EvalPoint> points, boolean append) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (!append || !Files.exists(file)) {
            sb.append("env_steps,mean_return,std_return,episodes\n");
        }
        for (EvalPoint p : points) {
            sb.append(String.format(Locale.ROOT, "%d,%.4f,%.4f,%d%n", p.envSteps(), p.meanReturn(), p.stdReturn(),
                    p.episodes()));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void plot(Path png, Path csv, String name, String label) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        double[] x = new double[lines.size() - 1];
        double[] y = new double[x.length];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            x[i - 1] = Double.parseDouble(f[0]);
            y[i - 1] = Double.parseDouble(f[1]);
        }
        Plots.lines(png, label.toUpperCase(Locale.ROOT) + " on " + name, "environment steps", "mean-action return",
                List.of(new Plots.Series(label, x, y)));
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "20000", "--batch", "256", "--lr", "3e-4", "--hidden", "256,256", "--out", "sac-out");
        }
    }
}
