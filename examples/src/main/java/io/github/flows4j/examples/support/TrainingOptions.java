package io.github.flows4j.examples.support;

import picocli.CommandLine.Option;

/**
 * The training options every RFM command shares — {@code --steps}, {@code --time-budget}, {@code --batch},
 * {@code --hidden}, {@code --lr}, {@code --ema}, {@code --ema-warmup}, {@code --seed} — mixed in with {@code @Mixin}. A command whose
 * defaults differ from the ones here names them with a {@link CommandDefaults} subclass as its
 * {@code defaultValueProvider}; {@code --help} then shows that command's defaults.
 *
 * <pre>{@code
 * @Command(name = "rfm-torus", defaultValueProvider = RfmTorusCommand.Defaults.class)
 * final class RfmTorusCommand implements Callable<Integer> {
 *     @Mixin TrainingOptions train;
 *     static final class Defaults extends CommandDefaults {
 *         Defaults() { super("--steps", "1500", "--batch", "512"); }
 *     }
 * }
 * }</pre>
 */
public final class TrainingOptions {
    @Option(names = "--steps", defaultValue = "3000", description = "Training steps (default ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--time-budget", defaultValue = "0", paramLabel = "<seconds>",
            description = "Stop training after this wall time; 0 = no limit (default ${DEFAULT-VALUE}).")
    private double timeBudget;

    @Option(names = "--batch", defaultValue = "256", description = "Batch size (default ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--hidden", defaultValue = "128,128,128", split = ",",
            description = "Hidden widths of the MLP on [x, t] (default ${DEFAULT-VALUE}).")
    private int[] hidden;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the weights (default ${DEFAULT-VALUE}).")
    private double ema;

    @Option(names = "--ema-warmup", description = "Warm the EMA decay up as min(d, (1 + n)/(10 + n)); without it "
            + "the average of a short run keeps a share d^steps of the random initial weights.")
    private boolean emaWarmup;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    private long seed;

    /** @return training steps */
    public int steps() {
        return steps;
    }

    /** @return the wall-time budget in seconds, 0 for none */
    public double timeBudget() {
        return timeBudget;
    }

    /** @return the batch size */
    public int batch() {
        return batch;
    }

    /** @return the hidden widths (a copy) */
    public int[] hidden() {
        return hidden.clone();
    }

    /** @return the Adam learning rate */
    public double lr() {
        return lr;
    }

    /** @return the EMA decay */
    public double ema() {
        return ema;
    }

    /** @return whether the EMA decay warms up */
    public boolean emaWarmup() {
        return emaWarmup;
    }

    /** @return the seed of every random draw */
    public long seed() {
        return seed;
    }
}
