package io.github.flows4j.core.ode.solver;

/**
 * The explicit midpoint method, order 2: {@code y1 = y0 + h f(t0 + h/2, y0 + (h/2) f(t0, y0))}.
 *
 * <p>Two evaluations per step, no error estimate (Butcher tableau {@code c = (0, 1/2)}, {@code a21 = 1/2}, {@code b = (0, 1)}).
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Midpoint(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(new ConstantStepSize(0.01)).build());
 * }</pre>
 */
public final class Midpoint extends ExplicitRungeKutta {
    static final ButcherTableau TABLEAU = ButcherTableau.explicit(
            new double[] {0, 0.5},
            new double[][] {{}, {0.5}},
            new double[] {0, 1},
            2);

    /** Creates the solver (stateless; share it freely). */
    public Midpoint() {
        super("Midpoint", TABLEAU);
    }
}
