package io.github.flows4j.core.ode;

/**
 * How a solve ended, with a hint for each failure. A failed solve throws {@link SolverFailedException} carrying
 * its outcome, or, with {@code SolveOptions.builder().throwOnFailure(false)}, returns a {@link Solution} whose
 * {@link Solution#outcome()} says what happened and whose states stop where the solve did.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Dopri5(), span, y0, SolveOptions.builder().throwOnFailure(false).build());
 * if (!s.outcome().isSuccessful()) {
 *     log.warn("{}: {}", s.message(), s.outcome().hint());
 * }
 * }</pre>
 */
public enum Outcome {
    /** The solve reached the last requested time. */
    SUCCESSFUL("none needed"),
    /** An {@link Event} fired and stopped the solve at the located root. */
    EVENT_OCCURRED("none needed: read Solution.eventTime() and Solution.eventState()"),
    /** A {@link StepCallback} asked the solve to stop at the end of an accepted step. */
    STOPPED_BY_CALLBACK("none needed: the step callback stopped the solve; Solution.dense() (if asked for) reaches "
            + "the stop"),
    /** The step budget ran out before the end time. */
    MAX_STEPS_REACHED("raise SolveOptions maxSteps, loosen rtol/atol, or check whether the problem is stiff "
            + "(an explicit solver then needs tiny steps)"),
    /** The adaptive step size shrank below what the floating-point time can resolve ("underflow in dt"). */
    STEP_SIZE_UNDERFLOW("raise rtol/atol, or set a minimum step with PIController.builder().dtMin(...); "
            + "the solution may blow up in finite time or the problem may be stiff"),
    /** The state became NaN or infinite. */
    NON_FINITE_STATE("check the vector field for NaN/overflow (it may blow up in finite time); use a smaller "
            + "step or tighter tolerances"),
    /** An implicit solver's Newton iteration kept failing (diverged, stalled or met a singular matrix). */
    IMPLICIT_SOLVE_FAILED("the implicit stages' Newton iteration did not converge even at smaller steps: loosen "
            + "the Newton tolerances or raise maxIterations (new Kvaerno5(Newton.of(rtol, atol)."
            + "withMaxIterations(20))), use an adaptive controller so failed steps can shrink, check that the field "
            + "is differentiable in y (its Jacobian drives Newton), or try JacobianMode.FINITE_DIFFERENCE");

    private final String hint;

    Outcome(String hint) {
        this.hint = hint;
    }

    /** @return what to try next */
    public String hint() {
        return hint;
    }

    /** @return whether the solve finished as asked (at the end time, at a terminal event or by its callback) */
    public boolean isSuccessful() {
        return this == SUCCESSFUL || this == EVENT_OCCURRED || this == STOPPED_BY_CALLBACK;
    }
}
