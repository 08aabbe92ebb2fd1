package io.github.flows4j.examples.support;

import io.github.flows4j.core.train.TrainerConfig;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The training options of the commands that fit an MLP velocity field for a step budget — {@code --steps},
 * {@code --time-budget}, {@code --hidden} and the {@link OptimizerOptions} ({@code --batch}, {@code --lr},
 * {@code --seed}) — mixed in with {@code @Mixin} by {@code fm}, and through {@link TrainingOptions} by the RFM
 * commands. A command names its own defaults with {@link CommandDefaults} pairs.
 *
 * <pre>{@code
 * @Mixin MlpTrainingOptions train;
 * Fm2dConfig.builder().steps(train.steps()).batch(train.batch()).hidden(train.hidden()).build();
 * }</pre>
 */
public final class MlpTrainingOptions {
    @Mixin
    private OptimizerOptions optimizer;

    @Option(names = "--steps", defaultValue = "3000", converter = Bounds.AtLeastOne.class,
            description = "Training steps (default ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--time-budget", defaultValue = "0", paramLabel = "<seconds>", converter = Bounds.NonNegative.class,
            description = "Stop training after this wall time; 0 = no limit (default ${DEFAULT-VALUE}).")
    private double timeBudget;

    @Option(names = "--hidden", defaultValue = "128,128,128", split = ",", converter = Bounds.AtLeastOne.class,
            description = "Hidden widths of the MLP on [x, t] (default ${DEFAULT-VALUE}).")
    private int[] hidden;

    /** @return training steps, &ge; 1 */
    public int steps() {
        return steps;
    }

    /** @return the wall-time budget in seconds, 0 for none */
    public double timeBudget() {
        return timeBudget;
    }

    /**
     * @return a trainer configuration builder with {@code --steps} as its step limit and {@code --time-budget} as its
     *         wall-time limit when that is &gt; 0
     */
    public TrainerConfig.Builder trainerConfig() {
        TrainerConfig.Builder b = TrainerConfig.builder().maxSteps(steps);
        if (timeBudget > 0) {
            b.timeBudget(Duration.ofMillis(Math.round(timeBudget * 1000)));
        }
        return b;
    }

    /** @return the hidden widths (a copy) */
    public int[] hidden() {
        return hidden.clone();
    }

    /** @return the batch size */
    public int batch() {
        return optimizer.batch();
    }

    /** @return Adam's (initial) learning rate */
    public double lr() {
        return optimizer.lr();
    }

    /** @return the seed of every random draw */
    public long seed() {
        return optimizer.seed();
    }
}
