package io.github.flows4j.core.ode.solver;

/**
 * The implicit (backward) Euler method {@code y1 = y0 + h f(t1, y1)}: order 1, A- and L-stable, no error estimate
 * (use a {@link io.github.flows4j.core.ode.stepsize.ConstantStepSize}). The most robust choice for very stiff
 * problems at low accuracy.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new ImplicitEuler(), TimeSpan.of(0, 1), y0,
 *         SolveOptions.of(ConstantStepSize.steps(0, 1, 100)));
 * }</pre>
 */
public final class ImplicitEuler extends DiagonallyImplicitRungeKutta {
    static final DirkTableau TABLEAU = DirkTableau.of(new double[][] {{1}}, new double[] {1}, null, 1, 0);

    /** Creates the solver with {@link Newton#defaults()} (stateless; share it freely). */
    public ImplicitEuler() {
        this(Newton.defaults());
    }

    /** @param newton the stage solver's settings */
    public ImplicitEuler(Newton newton) {
        super("Implicit Euler", TABLEAU, newton);
    }
}
