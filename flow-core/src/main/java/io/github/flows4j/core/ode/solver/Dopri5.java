package io.github.flows4j.core.ode.solver;

/**
 * The Dormand–Prince 5(4) pair (Dormand &amp; Prince 1980, J. Comput. Appl. Math. 6(1)), the default solver: seven
 * stages, first same as last (six new evaluations per accepted step), a fifth-order solution with a fourth-order
 * embedded error estimate, and its own fourth-order continuous extension for dense output (Hairer, Nørsett &amp;
 * Wanner, <i>Solving ODEs I</i>, §II.6, the {@code DOPRI5} dense output with coefficients {@code d_j}).
 *
 * <p>The same method as MATLAB's {@code ode45}, SciPy's {@code RK45}, torchdiffeq's {@code dopri5} and
 * Commons Math's {@code DormandPrince54Integrator}.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(PIController.of(1e-6, 1e-8)).build());
 * }</pre>
 */
public final class Dopri5 extends ExplicitRungeKutta {
    private static final double[] B = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
    private static final double[] D = {-12715105075.0 / 11282082432.0, 0, 87487479700.0 / 32700410799.0,
        -10690763975.0 / 1880347072.0, 701980252875.0 / 199316789632.0, -1453857185.0 / 822651844.0,
        69997945.0 / 29380423.0};

    static final ButcherTableau TABLEAU = ButcherTableau.embedded(
            new double[] {0, 0.2, 0.3, 0.8, 8.0 / 9, 1, 1},
            new double[][] {
                {},
                {0.2},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
            B,
            new double[] {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40},
            5, 4).withDense(Dopri5::denseWeights);

    /** Creates the solver (stateless; share it freely). */
    public Dopri5() {
        super("Dormand-Prince 5(4)", TABLEAU);
    }

    /**
     * Hairer's dense output {@code y0 + θ r2 + θ(1−θ) r3 + θ²(1−θ) r4 + θ²(1−θ)² r5} with
     * {@code r2 = Σ b_j hk_j}, {@code r3 = hk_1 − r2}, {@code r4 = 2 r2 − hk_1 − hk_7}, {@code r5 = Σ d_j hk_j},
     * rewritten as one weight per stage.
     */
    static double[] denseWeights(double th) {
        double w2 = th;
        double w3 = th * (1 - th);
        double w4 = th * th * (1 - th);
        double w5 = w4 * (1 - th);
        double[] out = new double[7];
        for (int j = 0; j < 7; j++) {
            double first = j == 0 ? 1 : 0;
            double last = j == 6 ? 1 : 0;
            out[j] = w2 * B[j] + w3 * (first - B[j]) + w4 * (2 * B[j] - first - last) + w5 * D[j];
        }
        return out;
    }
}
