package io.github.flows4j.core.ode;

/**
 * Told of every accepted step of a solve, in order (diffrax's and torchdiffeq's step callbacks): it may only observe,
 * or ask the solve to stop at the end of the step, which then ends with {@link Outcome#STOPPED_BY_CALLBACK}.
 * Requested times and events inside that step are still reported; a terminal event in it takes precedence.
 *
 * <pre>{@code
 * List<Double> ends = new ArrayList<>();
 * SolveOptions options = SolveOptions.builder().stepCallback(step -> {
 *     ends.add(step.t1());
 *     return step.t1() > 0.5 ? StepCallback.Action.STOP : StepCallback.Action.CONTINUE;
 * }).build();
 * }</pre>
 */
@FunctionalInterface
public interface StepCallback {
    /** What the solve does after the callback. */
    enum Action {
        /** Go on. */
        CONTINUE,
        /** End the solve at the end of this step. */
        STOP
    }

    /**
     * @param step the step just accepted; its tensors may be released after the call in a no-grad solve (copy what
     *             you keep)
     * @return whether to go on
     */
    Action onStep(AcceptedStep step);
}
