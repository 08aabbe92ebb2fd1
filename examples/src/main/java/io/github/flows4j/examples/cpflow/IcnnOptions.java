package io.github.flows4j.examples.cpflow;

import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.Precision;
import picocli.CommandLine.Option;

/**
 * The model options both CP-Flow commands share — {@code --iterations}, {@code --depth}, {@code --width} (even:
 * half the units are input-only), {@code --logdet} and {@code --dtype} — mixed in with {@code @Mixin}; each command
 * names its defaults with {@link io.github.flows4j.examples.support.CommandDefaults} pairs.
 *
 * <pre>{@code
 * @Mixin IcnnOptions icnn;
 * IcnnConfig.builder().inputDim(2).width(icnn.width()).depth(icnn.depth()).dtype(icnn.dtype().dataType());
 * }</pre>
 */
public final class IcnnOptions {
    @Option(names = "--iterations", defaultValue = "1500", converter = Bounds.AtLeastOne.class,
            description = "Training iterations (default ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(names = "--depth", defaultValue = "20", converter = Bounds.AtLeastOne.class,
            description = "ICNN hidden layers (default ${DEFAULT-VALUE}).")
    private int depth;

    @Option(names = "--width", defaultValue = "32", converter = Bounds.EvenPositive.class,
            description = "ICNN width, even (default ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--logdet", defaultValue = "cg", converter = LogDetKind.Converter.class,
            completionCandidates = LogDetKind.Converter.class,
            description = "Training log-det: cg (the stochastic gradient estimator) or exact (default "
                    + "${DEFAULT-VALUE}).")
    private LogDetKind logdet;

    @Option(names = "--dtype", defaultValue = "double", converter = Precision.Converter.class,
            completionCandidates = Precision.Converter.class,
            description = "Floating-point type: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Precision dtype;

    /** @return training iterations, &ge; 1 */
    public int iterations() {
        return iterations;
    }

    /** @return ICNN hidden layers, &ge; 1 */
    public int depth() {
        return depth;
    }

    /** @return ICNN width, even and &ge; 2 */
    public int width() {
        return width;
    }

    /** @return the training log-determinant */
    public LogDetKind logdet() {
        return logdet;
    }

    /** @return the floating-point type */
    public Precision dtype() {
        return dtype;
    }
}
