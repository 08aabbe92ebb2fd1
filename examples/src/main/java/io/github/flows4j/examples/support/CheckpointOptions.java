package io.github.flows4j.examples.support;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.CsvMetricLog;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The checkpoint and metrics options every training command shares, mixed in with {@code @Mixin}:
 * {@code --checkpoint-every N} (the {@link Trainer} writes the command's checkpoint every N steps and always at the
 * end), {@code --resume FILE} (continue a run from a checkpoint it wrote; with the same options the result is
 * identical to an uninterrupted run) and {@code --metrics FILE.csv} (one {@link CsvMetricLog} row per step, appended
 * to when resuming). A run that diverges stops with a {@link io.github.flows4j.core.train.TrainingDivergedException}
 * and leaves the last checkpoint as it was.
 *
 * <pre>{@code
 * @Mixin CheckpointOptions checkpoints;
 * ...
 * TrainerConfig.Builder config = checkpoints.configure(TrainerConfig.builder().maxSteps(steps).schedule(s),
 *         out.resolve("fm.ckpt"));
 * TrainResult r = checkpoints.run(Trainer.builder(model).config(config.build()).loss(loss), data, noise);
 * }</pre>
 */
public final class CheckpointOptions {
    @Option(names = "--checkpoint-every", paramLabel = "<steps>", defaultValue = "0",
            converter = Bounds.NonNegativeInt.class,
            description = "Also write the checkpoint every N steps (default ${DEFAULT-VALUE}: only at the end).")
    private int every;

    @Option(names = "--resume", paramLabel = "<ckpt>",
            description = "Continue training from a checkpoint this command wrote (same options).")
    private Path resume;

    @Option(names = "--metrics", paramLabel = "<csv>",
            description = "Write step,loss,lr,val per step to this CSV file (appended to with --resume).")
    private Path metrics;

    /**
     * These options for one of several models that a command trains into one output folder, each into its own
     * checkpoint named {@code file} there (ncl-fluid trains two): {@code --resume} names the earlier run's folder (or
     * any file in it) and resolves to that model's checkpoint in it, or to none when the earlier run stopped before
     * writing it (the model then trains from the start, on the same streams as an uninterrupted run);
     * {@code --metrics m.csv} becomes {@code m-<model>.csv}, the model's name being {@code file} without its
     * extension.
     *
     * <pre>{@code
     * NclTraining.fit("ncl", model, loss, steps, 0, lr, true, out.resolve("ncl.f4j"), checkpoints.part("ncl.f4j"),
     *         rng);
     * }</pre>
     *
     * @param file the model's checkpoint file name, e.g. {@code "ncl.f4j"}
     * @return a copy of these options for that model
     */
    public CheckpointOptions part(String file) {
        if (file == null || file.isBlank() || file.contains("/")) {
            throw InvalidConfigException.of("file", "a plain file name", file);
        }
        CheckpointOptions p = new CheckpointOptions();
        p.every = every;
        if (resume != null) {
            Path folder = Files.isDirectory(resume) ? resume : resume.toAbsolutePath().getParent();
            Path own = folder == null ? null : folder.resolve(file);
            p.resume = own != null && Files.isRegularFile(own) ? own : null;
        }
        if (metrics != null) {
            String name = metrics.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
            String own = dot > 0 ? name.substring(0, dot) + "-" + stem + name.substring(dot) : name + "-" + stem;
            p.metrics = metrics.resolveSibling(own);
        }
        return p;
    }

    /** @return steps between checkpoints, 0 = only at the end */
    public int every() {
        return every;
    }

    /** @return the checkpoint to resume from, or {@code null} */
    public Path resume() {
        return resume;
    }

    /** @return the metrics CSV, or {@code null} */
    public Path metrics() {
        return metrics;
    }

    /**
     * Sets where and how often the trainer writes its checkpoint.
     *
     * @param config     the trainer settings so far
     * @param checkpoint the command's checkpoint file; {@code null} for none (then {@code --checkpoint-every} must
     *                   be 0)
     * @return {@code config}
     * @throws IOException if the checkpoint's folder cannot be created
     */
    public TrainerConfig.Builder configure(TrainerConfig.Builder config, Path checkpoint) throws IOException {
        if (checkpoint == null) {
            if (every > 0) {
                throw InvalidConfigException.of("--checkpoint-every", "0 when the command writes no checkpoint "
                        + "(give --out)", every);
            }
            return config;
        }
        Path parent = checkpoint.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return config.checkpoint(checkpoint).checkpointEvery(every);
    }

    /**
     * Builds the trainer (with the metrics log, if asked for) and trains: from {@code --resume} if given, else from
     * the start with the given streams.
     *
     * @param <M>     the model's type
     * @param trainer the trainer so far (model, settings, loss, listeners)
     * @param data    the data stream of a fresh run (unused when resuming: the checkpoint holds it)
     * @param noise   the noise stream of a fresh run (unused when resuming)
     * @return what the run did
     * @throws IOException if the checkpoint cannot be read or the metrics file cannot be written
     */
    public <M extends Module> TrainResult run(Trainer.Builder<M> trainer, Rng data, Rng noise) throws IOException {
        try (CsvMetricLog log = metrics == null ? null
                : resume != null ? CsvMetricLog.append(metrics) : CsvMetricLog.create(metrics)) {
            if (log != null) {
                trainer.listener(log);
            }
            Trainer<M> t = trainer.build();
            return resume != null ? t.resume(resume) : t.fit(data, noise);
        }
    }
}
