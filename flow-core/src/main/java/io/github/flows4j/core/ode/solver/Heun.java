package io.github.flows4j.core.ode.solver;

/**
 * Heun's method (explicit trapezoidal rule), order 2: the average of the slopes at both ends of an Euler step.
 *
 * <p>Two evaluations per step, no error estimate; {@link AdaptiveHeun} is the same method with Euler as the embedded estimate. Tableau {@code c = (0, 1)}, {@code a21 = 1}, {@code b = (1/2, 1/2)}.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Heun(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(new ConstantStepSize(0.01)).build());
 * }</pre>
 */
public final class Heun extends ExplicitRungeKutta {
    static final ButcherTableau TABLEAU = ButcherTableau.explicit(
            new double[] {0, 1},
            new double[][] {{}, {1}},
            new double[] {0.5, 0.5},
            2);

    /** Creates the solver (stateless; share it freely). */
    public Heun() {
        super("Heun", TABLEAU);
    }
}
