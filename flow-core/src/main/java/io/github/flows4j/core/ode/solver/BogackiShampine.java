package io.github.flows4j.core.ode.solver;

/**
 * The Bogacki–Shampine 3(2) pair (Bogacki &amp; Shampine 1989, Appl. Math. Lett. 2(4)), first same as last.
 *
 * <p>Three new evaluations per accepted step. A good choice at loose tolerances (rtol around 1e-3), e.g. training a CNF. Tableau {@code c = (0, 1/2, 3/4, 1)}, {@code b = (2/9, 1/3, 4/9, 0)}, {@code b̂ = (7/24, 1/4, 1/3, 1/8)}; dense output is cubic Hermite (exact at both ends, using the free {@code f1}).
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new BogackiShampine(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(PIController.of(1e-3, 1e-6)).build());
 * }</pre>
 */
public final class BogackiShampine extends ExplicitRungeKutta {
    static final ButcherTableau TABLEAU = ButcherTableau.embedded(
            new double[] {0, 0.5, 0.75, 1},
            new double[][] {{}, {0.5}, {0, 0.75}, {2.0 / 9, 1.0 / 3, 4.0 / 9}},
            new double[] {2.0 / 9, 1.0 / 3, 4.0 / 9, 0},
            new double[] {2.0 / 9 - 7.0 / 24, 1.0 / 3 - 0.25, 4.0 / 9 - 1.0 / 3, -0.125},
            3,
            2);

    /** Creates the solver (stateless; share it freely). */
    public BogackiShampine() {
        super("Bogacki-Shampine 3(2)", TABLEAU);
    }
}
