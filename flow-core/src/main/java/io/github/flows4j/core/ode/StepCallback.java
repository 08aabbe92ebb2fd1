package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;

/**
 * Told of every accepted step of a solve, in order (diffrax's and torchdiffeq's step callbacks; Julia's
 * {@code DiscreteCallback}): it may observe, ask the solve to stop at the end of the step — which then ends with
 * {@link Outcome#STOPPED_BY_CALLBACK} — or replace the state at the step's end ({@link Action#replace}), a jump in
 * {@code y}: a dose, a reset, a projection. Requested times and events inside that step are still reported from the
 * step's own interpolant; a requested time at the step's end gets the new state (the solution is right-continuous);
 * a terminal event in the step takes precedence. After a replaced state the method restarts as after a jump time: no
 * first-same-as-last derivative, no multistep history, and the step-size controller forgets its last error ratio.
 * With grad mode on, gradients flow through the new state into whatever it was computed from (backprop; the
 * continuous adjoint's backward solve does not see the jump, so {@code ContinuousAdjoint} refuses a replaced state
 * with an {@link InvalidConfigException}: use {@code BackpropAdjoint} with a replacing callback).
 *
 * <pre>{@code
 * // y' = -y, halve y at t = 1 (the steps land there): y(2) = e^{-2} / 2
 * SolveOptions options = SolveOptions.builder().stepTimes(1.0).stepCallback(step -> step.t1() == 1.0
 *         ? StepCallback.Action.replace(step.y1().map(y -> y.mul(0.5)))
 *         : StepCallback.Action.CONTINUE).build();
 * }</pre>
 */
@FunctionalInterface
public interface StepCallback {
    /**
     * What the solve does after the callback: go on, stop, or go on from a new state.
     *
     * <pre>{@code
     * StepCallback.Action a = StepCallback.Action.replace(newState);
     * }</pre>
     *
     * @param stop     whether to end the solve at the end of this step
     * @param newState the state to go on from in place of the step's end state, or {@code null} to keep it
     */
    record Action(boolean stop, State newState) {
        /** Go on. */
        public static final Action CONTINUE = new Action(false, null);
        /** End the solve at the end of this step. */
        public static final Action STOP = new Action(true, null);

        /**
         * @param newState the state at the step's end from now on, of the state's structure (parts, shapes, data
         *                 type) and finite; the solve throws a typed error naming the callback otherwise
         * @return go on from {@code newState}
         * @throws InvalidConfigException if {@code newState} is null
         */
        public static Action replace(State newState) {
            if (newState == null) {
                throw InvalidConfigException.of("newState", "given (return Action.CONTINUE to keep the state)", null);
            }
            return new Action(false, newState);
        }
    }

    /**
     * @param step the step just accepted; its tensors may be released after the call in a no-grad solve (copy what
     *             you keep)
     * @return what to do next ({@code null} is taken as {@link Action#CONTINUE})
     */
    Action onStep(AcceptedStep step);
}
