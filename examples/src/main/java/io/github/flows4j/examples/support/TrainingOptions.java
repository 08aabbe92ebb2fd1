package io.github.flows4j.examples.support;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The training options every RFM command shares — the {@link MlpTrainingOptions} ({@code --steps},
 * {@code --time-budget}, {@code --hidden}, {@code --batch}, {@code --lr}, {@code --seed}) plus {@code --ema} and
 * {@code --ema-warmup} — mixed in with {@code @Mixin}. A command whose
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
    @Mixin
    private MlpTrainingOptions mlp;

    @Option(names = "--ema", defaultValue = "0.999",
            description = "EMA decay of the weights (default ${DEFAULT-VALUE}).")
    private double ema;

    @Option(names = "--ema-warmup", description = "Warm the EMA decay up as min(d, (1 + n)/(10 + n)); without it "
            + "the average of a short run keeps a share d^steps of the random initial weights.")
    private boolean emaWarmup;

    /** @return training steps */
    public int steps() {
        return mlp.steps();
    }

    /** @return the wall-time budget in seconds, 0 for none */
    public double timeBudget() {
        return mlp.timeBudget();
    }

    /** @return the batch size */
    public int batch() {
        return mlp.batch();
    }

    /** @return the hidden widths (a copy) */
    public int[] hidden() {
        return mlp.hidden();
    }

    /** @return the Adam learning rate */
    public double lr() {
        return mlp.lr();
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
        return mlp.seed();
    }
}
