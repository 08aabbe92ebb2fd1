package io.github.flows4j.core.ode.solver;

/**
 * The classical fourth-order Runge–Kutta method (Kutta 1901).
 *
 * <p>Four evaluations per step, no error estimate: the usual choice for fixed-step sampling of smooth flows. Tableau {@code c = (0, 1/2, 1/2, 1)}, {@code b = (1/6, 1/3, 1/3, 1/6)}.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Rk4(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(new ConstantStepSize(0.05)).build());
 * }</pre>
 */
public final class Rk4 extends ExplicitRungeKutta {
    static final ButcherTableau TABLEAU = ButcherTableau.explicit(
            new double[] {0, 0.5, 0.5, 1},
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
            4);

    /** Creates the solver (stateless; share it freely). */
    public Rk4() {
        super("RK4", TABLEAU);
    }
}
