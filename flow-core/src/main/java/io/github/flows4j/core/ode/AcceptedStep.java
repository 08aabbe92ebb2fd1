package io.github.flows4j.core.ode;

/**
 * One accepted step as a {@link StepCallback} sees it. Under grad mode off the states live only for the callback's
 * call: copy ({@code y1().get(0).value().dup()}) what must outlive it.
 *
 * <pre>{@code
 * StepCallback watch = step -> {
 *     System.out.printf("[%.4f, %.4f] ratio %.3f%n", step.t0(), step.t1(), step.errorRatio());
 *     return StepCallback.Action.CONTINUE;
 * };
 * }</pre>
 *
 * @param index      the step's number among the accepted steps, from 0
 * @param t0         the step's start time
 * @param t1         the step's end time
 * @param y1         the state at {@code t1}, of the structure of {@code y0}
 * @param error      the solver's local error estimate (its primary, embedded one), or {@code null} for solvers
 *                   without one
 * @param errorRatio the controller's scaled error norm (at most 1 for an accepted adaptive step; 0 for constant steps)
 */
public record AcceptedStep(int index, double t0, double t1, State y1, State error, double errorRatio) {
}
