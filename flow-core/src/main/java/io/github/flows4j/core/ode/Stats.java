package io.github.flows4j.core.ode;

/**
 * What a solve cost.
 *
 * <pre>{@code
 * Stats st = solution.stats();
 * System.out.printf("%d evaluations, %d accepted, %d rejected%n",
 *         st.functionEvaluations(), st.acceptedSteps(), st.rejectedSteps());
 * }</pre>
 *
 * @param functionEvaluations calls of the vector field (including the first-step selection and dense output)
 * @param acceptedSteps       steps kept
 * @param rejectedSteps       steps tried and rejected by the controller
 */
public record Stats(int functionEvaluations, int acceptedSteps, int rejectedSteps) {
    /** @return accepted plus rejected steps */
    public int steps() {
        return acceptedSteps + rejectedSteps;
    }
}
