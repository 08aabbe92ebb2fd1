package io.github.flows4j.examples.fm;

import io.github.flows4j.examples.support.Bounds;
import picocli.CommandLine.Option;

/**
 * {@code --sde-steps}: the Euler–Maruyama steps of an SB-CFM run's bridge SDE, shared by {@code fm} (which samples
 * the SDE after training), {@code fm evaluate} and {@code fm sample} (which sample it from a checkpoint). Only
 * {@code --variant sb-cfm} learns the score the SDE needs; the commands refuse the option otherwise.
 *
 * <pre>{@code
 * @Mixin BridgeSdeOptions bridge;
 * Fm2dRun.BridgeResult b = run.bridgeSampling(500, bridge.steps());
 * }</pre>
 */
public final class BridgeSdeOptions {
    /** The option's name, for the commands' usage errors. */
    static final String NAME = "--sde-steps";

    @Option(names = NAME, defaultValue = "100", converter = Bounds.AtLeastOne.class,
            description = "Euler-Maruyama steps of the bridge SDE (--variant sb-cfm only; default ${DEFAULT-VALUE}).")
    private int steps;

    /** @return the Euler–Maruyama steps over [0, 1] */
    public int steps() {
        return steps;
    }
}
