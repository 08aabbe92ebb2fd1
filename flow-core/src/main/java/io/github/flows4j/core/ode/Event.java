package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;

/**
 * Stops a solve where a scalar condition {@code g(t, y)} crosses zero. After each accepted step the condition is
 * evaluated at the step's end; on a sign change (in the chosen {@link Direction}) the crossing is located by Brent's
 * method on the step's dense interpolant to within {@code tolerance} in time, and the solve ends with
 * {@link Outcome#EVENT_OCCURRED}, the event time and the interpolated state there. A zero at the start time does not
 * fire. Crossings that begin and end inside one step (two roots) are not seen; bound the step with
 * {@code PIController.builder().dtMax(...)} if that matters.
 *
 * <p>The event time is treated as a constant by both adjoints: gradients through the state at the event do not
 * include the dependence of the event time on the parameters. For the event time itself as a differentiable tensor
 * (implicit-function theorem), pass the solution to {@link EventTime#of}.
 *
 * <pre>{@code
 * // free fall: state [height, velocity]; stop when the height reaches 0 going down
 * Event ground = new Event((t, y) -> y.get(0).value().getDouble(0, 0), Event.Direction.FALLING, 1e-12);
 * }</pre>
 *
 * @param condition the function whose zero stops the solve
 * @param direction which crossings count
 * @param tolerance absolute accuracy of the located time, &gt; 0
 */
public record Event(Condition condition, Direction direction, double tolerance) {

    /** The event function {@code g(t, y)}. */
    @FunctionalInterface
    public interface Condition {
        /**
         * @param t the time
         * @param y the state
         * @return {@code g(t, y)}; the event fires where it changes sign
         */
        double value(double t, State y);
    }

    /** Which sign changes fire the event, relative to the direction of integration. */
    public enum Direction {
        /** Any sign change. */
        ANY,
        /** {@code g} goes from negative to non-negative. */
        RISING,
        /** {@code g} goes from positive to non-positive. */
        FALLING
    }

    /** Checks the fields. */
    public Event {
        if (condition == null || direction == null) {
            throw new IllegalArgumentException("condition and direction must not be null");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw InvalidConfigException.of("tolerance", "> 0 and finite", tolerance);
        }
    }

    /**
     * @param condition the function whose zero stops the solve
     * @return an event firing on any sign change, located to 1e-12 in time
     */
    public static Event of(Condition condition) {
        return new Event(condition, Direction.ANY, 1e-12);
    }

    /**
     * @param before {@code g} at the step's start
     * @param after  {@code g} at the step's end
     * @return whether this step crosses zero in the chosen direction
     */
    boolean fires(double before, double after) {
        if (before == 0 || Double.isNaN(before) || Double.isNaN(after)) {
            return false;
        }
        boolean rising = before < 0 && after >= 0;
        boolean falling = before > 0 && after <= 0;
        return switch (direction) {
            case ANY -> rising || falling;
            case RISING -> rising;
            case FALLING -> falling;
        };
    }
}
