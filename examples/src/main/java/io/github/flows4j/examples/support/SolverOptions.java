package io.github.flows4j.examples.support;

import picocli.CommandLine.Option;

/**
 * The adaptive-solver options of the commands that evaluate with dopri5 — {@code --tol}, used as rtol = atol —
 * mixed in with {@code @Mixin}; a command names another default with a {@link CommandDefaults} pair.
 *
 * <pre>{@code
 * @Mixin SolverOptions solver;
 * PIController c = PIController.of(solver.tol(), solver.tol());
 * }</pre>
 */
public final class SolverOptions {
    @Option(names = "--tol", defaultValue = "1e-5", converter = Bounds.Positive.class,
            description = "rtol = atol of the dopri5 evaluation solves (default ${DEFAULT-VALUE}).")
    private double tol;

    /** @return rtol = atol of the evaluation solves, &gt; 0 */
    public double tol() {
        return tol;
    }
}
