package io.github.flows4j.core.ode.solver;

/**
 * Kværnø's 5(4) method: a 7-stage, A- and L-stable, stiffly accurate ESDIRK method of order 5 with an embedded
 * order-4 error estimate (A. Kværnø, <i>Singly diagonally implicit Runge–Kutta methods with an explicit first
 * stage</i>, BIT 44 (2004) 489–502; the tableau as in diffrax's {@code Kvaerno5}, {@code γ = 0.26}). For stiff
 * problems at tight tolerances. Some stages lie past the step's end ({@code c_3 ≈ 1.23}).
 *
 * <pre>{@code
 * Solution s = Ode.solve(vanDerPol, new Kvaerno5(), TimeSpan.of(0, 3000), y0,
 *         SolveOptions.of(PIController.of(1e-6, 1e-8)));
 * }</pre>
 */
public final class Kvaerno5 extends DiagonallyImplicitRungeKutta {
    private static final double G = 0.26;
    private static final double[] ROW6 = {0.13855640231268224, 0, -0.04245337201752043, 0.02446657898003141,
        0.61943039072480676, G};
    private static final double[] ROW7 = {0.13659751177640291, 0, -0.05496908796538376, -0.04118626728321046,
        0.62993304899016403, 0.06962479448202728, G};

    static final DirkTableau TABLEAU;

    static {
        double[] e = new double[7];
        for (int j = 0; j < 7; j++) {
            e[j] = ROW7[j] - (j < 6 ? ROW6[j] : 0);
        }
        TABLEAU = DirkTableau.of(
                new double[][] {
                    {0},
                    {G, G},
                    {0.13, 0.84033320996790809, G},
                    {0.22371961478320505, 0.47675532319799699, -0.06470895363112615, G},
                    {0.16648564323248321, 0.10450018841591720, 0.03631482272098715, -0.13090704451073998, G},
                    ROW6,
                    ROW7},
                ROW7,
                e,
                5,
                4);
    }

    /** Creates the solver with {@link Newton#defaults()} (stateless; share it freely). */
    public Kvaerno5() {
        this(Newton.defaults());
    }

    /** @param newton the stage solver's settings */
    public Kvaerno5(Newton newton) {
        super("Kvaerno 5(4)", TABLEAU, newton);
    }
}
