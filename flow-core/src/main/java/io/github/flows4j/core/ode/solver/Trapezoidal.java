package io.github.flows4j.core.ode.solver;

/**
 * The trapezoidal rule (Crank–Nicolson) {@code y1 = y0 + h/2 (f(t0, y0) + f(t1, y1))}: order 2, A-stable but not
 * L-stable (stiff components are kept bounded, not damped: they flip sign each step), no error estimate (use a
 * {@link io.github.flows4j.core.ode.stepsize.ConstantStepSize}). Written as a two-stage ESDIRK method whose explicit
 * first stage reuses the previous step's end derivative.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Trapezoidal(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.of(ConstantStepSize.steps(0, 1, 100)));
 * }</pre>
 */
public final class Trapezoidal extends DiagonallyImplicitRungeKutta {
    static final DirkTableau TABLEAU = DirkTableau.of(new double[][] {{0}, {0.5, 0.5}}, new double[] {0.5, 0.5},
            null, 2, 0);

    /** Creates the solver with {@link Newton#defaults()} (stateless; share it freely). */
    public Trapezoidal() {
        this(Newton.defaults());
    }

    /** @param newton the stage solver's settings */
    public Trapezoidal(Newton newton) {
        super("Trapezoidal", TABLEAU, newton);
    }
}
