package io.github.flows4j.examples.support;

import picocli.CommandLine.Option;

/**
 * What every training command shares — {@code --batch}, {@code --lr} (Adam's initial learning rate; each command
 * states its schedule) and {@code --seed} — mixed in with {@code @Mixin}, directly or through
 * {@link MlpTrainingOptions}. A command names its own defaults with {@link CommandDefaults} pairs.
 *
 * <pre>{@code
 * @Command(name = "cpflow-ot", defaultValueProvider = CpflowOtCommand.Defaults.class)
 * final class CpflowOtCommand implements Callable<Integer> {
 *     @Mixin OptimizerOptions optim;
 *     static final class Defaults extends CommandDefaults {
 *         Defaults() { super("--batch", "128", "--lr", "0.05"); }
 *     }
 * }
 * }</pre>
 */
public final class OptimizerOptions {
    @Option(names = "--batch", defaultValue = "256", converter = Bounds.AtLeastOne.class,
            description = "Batch size (default ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--lr", defaultValue = "2e-3", converter = Bounds.Positive.class,
            description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    private double lr;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
    private long seed;

    /** @return the batch size, &ge; 1 */
    public int batch() {
        return batch;
    }

    /** @return Adam's (initial) learning rate, &gt; 0 */
    public double lr() {
        return lr;
    }

    /** @return the seed of every random draw */
    public long seed() {
        return seed;
    }
}
