package io.github.flows4j.core.ode.solver;

/**
 * Kværnø's 3(2) method: a 4-stage, A- and L-stable, stiffly accurate ESDIRK method of order 3 with an embedded
 * order-2 error estimate (A. Kværnø, <i>Singly diagonally implicit Runge–Kutta methods with an explicit first
 * stage</i>, BIT 44 (2004) 489–502; the tableau as in diffrax's {@code Kvaerno3}). The explicit first stage reuses the
 * previous step's last derivative, so a step costs three implicit stages. For stiff problems at loose to moderate
 * tolerances.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Kvaerno3(), TimeSpan.of(0, 1), y0, SolveOptions.of(PIController.of(1e-4, 1e-7)));
 * }</pre>
 */
public final class Kvaerno3 extends DiagonallyImplicitRungeKutta {
    private static final double G = 0.43586652150;

    static final DirkTableau TABLEAU;

    static {
        double a31 = (-4 * G * G + 6 * G - 1) / (4 * G);
        double a32 = (-2 * G + 1) / (4 * G);
        double a41 = (6 * G - 1) / (12 * G);
        double a42 = -1 / ((24 * G - 12) * G);
        double a43 = (-6 * G * G + 6 * G - 1) / (6 * G - 3);
        TABLEAU = DirkTableau.of(
                new double[][] {{0}, {G, G}, {a31, a32, G}, {a41, a42, a43, G}},
                new double[] {a41, a42, a43, G},
                new double[] {a41 - a31, a42 - a32, a43 - G, G},
                3,
                2);
    }

    /** Creates the solver with {@link Newton#defaults()} (stateless; share it freely). */
    public Kvaerno3() {
        this(Newton.defaults());
    }

    /** @param newton the stage solver's settings */
    public Kvaerno3(Newton newton) {
        super("Kvaerno 3(2)", TABLEAU, newton);
    }
}
