package io.github.flows4j.core.ode.solver;

/**
 * Kutta's 3/8 rule, a fourth-order Runge–Kutta method with a slightly smaller error constant than {@link Rk4}.
 *
 * <p>Four evaluations per step, no error estimate (torchdiffeq's default fixed-step {@code rk4} is this variant). Tableau {@code c = (0, 1/3, 2/3, 1)}, {@code a = (1/3; −1/3, 1; 1, −1, 1)}, {@code b = (1/8, 3/8, 3/8, 1/8)}.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Rk38(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(new ConstantStepSize(0.05)).build());
 * }</pre>
 */
public final class Rk38 extends ExplicitRungeKutta {
    static final ButcherTableau TABLEAU = ButcherTableau.explicit(
            new double[] {0, 1.0 / 3, 2.0 / 3, 1},
            new double[][] {{}, {1.0 / 3}, {-1.0 / 3, 1}, {1, -1, 1}},
            new double[] {0.125, 0.375, 0.375, 0.125},
            4);

    /** Creates the solver (stateless; share it freely). */
    public Rk38() {
        super("RK4 (3/8 rule)", TABLEAU);
    }
}
