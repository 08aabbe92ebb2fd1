package io.github.flows4j.core.optim;

/**
 * How one problem of an {@link Lbfgs} run ended, with a hint for the ones that did not converge.
 *
 * <pre>{@code
 * LbfgsResult r = lbfgs.minimize(objective, x0);
 * if (!r.allConverged()) System.err.println(r.outcome(r.worstRow()).hint());
 * }</pre>
 */
public enum LbfgsOutcome {
    /** The gradient's largest entry fell to the tolerance. */
    CONVERGED("converged: max |∇f| <= gradientTolerance"),
    /** The step and the decrease became negligible before the gradient did (often the floating-point floor). */
    STALLED("stalled: step and decrease below changeTolerance before the gradient tolerance was met — "
            + "the objective may be too flat or noisy at this precision; loosen gradientTolerance or use float64"),
    /** The iteration budget ran out. */
    MAX_ITERATIONS("max iterations reached — raise maxIterations or loosen gradientTolerance"),
    /** No step satisfying the strong Wolfe conditions, nor any decrease, was found. */
    LINE_SEARCH_FAILED("line search failed: no decrease along the search direction — the gradient may be "
            + "inconsistent with the values, or the objective non-smooth"),
    /** The objective returned NaN or infinity at the starting point. */
    NON_FINITE("objective or gradient not finite at the starting point");

    private final String hint;

    LbfgsOutcome(String hint) {
        this.hint = hint;
    }

    /** @return what happened and, for a failure, what to change */
    public String hint() {
        return hint;
    }

    /** @return whether this outcome is {@link #CONVERGED} */
    public boolean converged() {
        return this == CONVERGED;
    }
}
