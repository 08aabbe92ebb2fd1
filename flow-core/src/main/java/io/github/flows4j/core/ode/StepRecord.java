package io.github.flows4j.core.ode;

/**
 * One step the integrator tried, as {@link Solution#stepLog()} lists it: where it started, how long it was, the
 * controller's scaled error and whether it was kept. The log of a solve answers "why did this take 4 000 steps?"
 * without wrapping the controller.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 1), y0);
 * for (StepRecord r : s.stepLog()) {
 *     System.out.printf("t=%.4f h=%.2e ratio=%.3f %s%n", r.t(), r.h(), r.errorRatio(),
 *             r.accepted() ? "accepted" : "rejected");
 * }
 * }</pre>
 *
 * @param t          the step's start time
 * @param h          the step's length, &gt; 0 (the direction of integration is the span's)
 * @param errorRatio the scaled error norm the controller judged (kept when at most 1); 0 for constant steps, NaN for
 *                   a step whose state became non-finite
 * @param accepted   whether the step was kept
 */
public record StepRecord(double t, double h, double errorRatio, boolean accepted) {
}
