package io.github.flows4j.core.ode;

/**
 * A solve did not reach its end time. Carries the {@link Outcome} (with its hint) and the partial {@link Solution}:
 * the states at the requested times reached before the failure.
 *
 * <pre>{@code
 * try {
 *     Ode.solve(term, new Dopri5(), TimeSpan.of(0, 2), y0, SolveOptions.defaults());
 * } catch (SolverFailedException e) {
 *     Outcome o = e.outcome();          // e.g. STEP_SIZE_UNDERFLOW
 *     Solution partial = e.partial();
 * }
 * }</pre>
 */
public class SolverFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Solution partial;
    private final Outcome outcome;

    /**
     * @param partial the solution up to the failure; its outcome is not successful
     */
    public SolverFailedException(Solution partial) {
        super(partial.message() + "; hint: " + partial.outcome().hint());
        this.partial = partial;
        this.outcome = partial.outcome();
    }

    /** @return how the solve ended */
    public Outcome outcome() {
        return outcome;
    }

    /** @return the states at the requested times reached before the failure, and the stats */
    public Solution partial() {
        return partial;
    }
}
