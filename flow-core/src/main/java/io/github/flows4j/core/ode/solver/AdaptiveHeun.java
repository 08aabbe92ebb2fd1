package io.github.flows4j.core.ode.solver;

/**
 * Heun's method with Euler embedded: a 2(1) pair for adaptive stepping of cheap, mildly accurate problems.
 *
 * <p>The error estimate is the difference between Heun's and Euler's update, {@code e = (−1/2, 1/2)}. One new
 * evaluation per step, as torchdiffeq's {@code adaptive_heun}: the second stage {@code f(t1, y0 + h f0)}, the field at
 * the Euler point, stands in for the next step's {@code f(t1, y1)} ({@link ButcherTableau#withLastStageReuse}); the
 * order stays 2. Dense output is cubic Hermite. The exact two-evaluation method is
 * {@code new ExplicitRungeKutta("Heun-Euler", new AdaptiveHeun().tableau().withLastStageReuse(false))}.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new AdaptiveHeun(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(PIController.of(1e-3, 1e-6)).build());
 * }</pre>
 */
public final class AdaptiveHeun extends ExplicitRungeKutta {
    static final ButcherTableau TABLEAU = ButcherTableau.embedded(
            new double[] {0, 1},
            new double[][] {{}, {1}},
            new double[] {0.5, 0.5},
            new double[] {-0.5, 0.5},
            2,
            1).withLastStageReuse(true);

    /** Creates the solver (stateless; share it freely). */
    public AdaptiveHeun() {
        super("Adaptive Heun", TABLEAU);
    }
}
