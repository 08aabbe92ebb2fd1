package io.github.flows4j.examples.support;

import io.github.flows4j.core.data.Toy2d;
import picocli.CommandLine.Option;

/**
 * The data options of the commands that train on a 2-D toy distribution ({@link Toy2d}) — {@code --dataset} (one of
 * the toy names, any case) and {@code --test-size} — mixed in with {@code @Mixin}; a command names its own defaults
 * with {@link CommandDefaults} pairs.
 *
 * <pre>{@code
 * @Mixin ToyDataOptions data;
 * INDArray test = data.dataset().sample(data.testSize(), rng, DataType.DOUBLE);
 * }</pre>
 */
public final class ToyDataOptions {
    @Option(names = "--dataset", defaultValue = "checkerboard", converter = Toy2dChoices.class,
            completionCandidates = Toy2dChoices.class,
            description = "2-D toy: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Toy2d dataset;

    @Option(names = "--test-size", defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "Test points for the NLL (default ${DEFAULT-VALUE}).")
    private int testSize;

    /** @return the toy distribution */
    public Toy2d dataset() {
        return dataset;
    }

    /** @return test points, &ge; 1 */
    public int testSize() {
        return testSize;
    }

    /** The toy names ({@link Toy2d#id()}), for conversion and {@code --help}. */
    public static final class Toy2dChoices extends Choices<Toy2d> {
        /** The converter picocli instantiates. */
        public Toy2dChoices() {
            super(Toy2d.values(), Toy2d::id);
        }
    }
}
