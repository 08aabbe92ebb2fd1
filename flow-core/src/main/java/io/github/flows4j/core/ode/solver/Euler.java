package io.github.flows4j.core.ode.solver;

/**
 * The explicit Euler method, order 1: {@code y1 = y0 + h f(t0, y0)}.
 *
 * <p>One evaluation per step, no error estimate (use {@link io.github.flows4j.core.ode.stepsize.ConstantStepSize}). Dense output is cubic Hermite. Cheap and robust for sampling with many small steps, but first order: halving the step only halves the error.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Euler(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.builder().controller(new ConstantStepSize(0.01)).build());
 * }</pre>
 */
public final class Euler extends ExplicitRungeKutta {
    static final ButcherTableau TABLEAU = ButcherTableau.explicit(
            new double[] {0},
            new double[][] {{}},
            new double[] {1},
            1);

    /** Creates the solver (stateless; share it freely). */
    public Euler() {
        super("Euler", TABLEAU);
    }
}
