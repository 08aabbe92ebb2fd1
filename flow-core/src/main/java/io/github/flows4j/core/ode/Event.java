package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;

/**
 * A scalar condition {@code g(t, y)} whose zero crossings the solve watches. After each accepted step every event's
 * condition is evaluated at the step's end; on a sign change (in the chosen {@link Direction}) the crossing is located
 * by Brent's method on the step's dense interpolant to within {@code tolerance} in time. A <em>terminal</em> event
 * ends the solve there with {@link Outcome#EVENT_OCCURRED}, the event time and the interpolated state; a non-terminal
 * one is recorded ({@link Solution#events()}) and the solve goes on. When several events fire in one step they are
 * taken in time order up to the first terminal one. A zero at the start time does not fire. Crossings that begin and
 * end inside one step (two roots) are not seen; bound the step with {@code PIController.builder().dtMax(...)} if that
 * matters. Give several events with {@link SolveOptions.Builder#events(Event...)}.
 *
 * <p>The event time is treated as a constant by both adjoints: gradients through the state at the event do not
 * include the dependence of the event time on the parameters. For the terminal event's time as a differentiable
 * tensor (implicit-function theorem), pass the solution to {@link EventTime#of}.
 *
 * <pre>{@code
 * // free fall: state [height, velocity]; stop when the height reaches 0 going down
 * Event ground = new Event((t, y) -> y.get(0).value().getDouble(0, 0), Event.Direction.FALLING, 1e-12);
 * // record the apex (velocity falls through 0) without stopping; a tensor condition must have one element
 * Event apex = Event.builder().name("apex").function((t, y) -> y.get(0).narrow(1, 1, 1))
 *         .direction(Event.Direction.FALLING).terminal(false).build();
 * }</pre>
 *
 * @param name      a name for messages and {@link EventRecord#name()}
 * @param condition the function whose zero fires the event
 * @param direction which crossings count
 * @param tolerance absolute accuracy of the located time, &gt; 0
 * @param terminal  whether the event ends the solve (else it is recorded and the solve goes on)
 */
public record Event(String name, Condition condition, Direction direction, double tolerance, boolean terminal) {

    /** The default accuracy of a located event time. */
    public static final double DEFAULT_TOLERANCE = 1e-12;

    /**
     * A terminal event named {@code "event"}.
     *
     * @param condition the function whose zero stops the solve
     * @param direction which crossings count
     * @param tolerance absolute accuracy of the located time, &gt; 0
     */
    public Event(Condition condition, Direction direction, double tolerance) {
        this("event", condition, direction, tolerance, true);
    }

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
        if (name == null || name.isBlank()) {
            throw InvalidConfigException.of("name", "non-blank", name);
        }
        if (condition == null || direction == null) {
            throw InvalidConfigException.of("condition and direction of event '" + name + "'", "given", null);
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
        return new Event(condition, Direction.ANY, DEFAULT_TOLERANCE);
    }

    /** @return a builder: a terminal event named "event", any direction, located to 1e-12 in time */
    public static Builder builder() {
        return new Builder();
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

    /** Builds an {@link Event}; the condition (scalar or tensor) is required. */
    public static final class Builder {
        private String name = "event";
        private Condition condition;
        private EventTime.Function function;
        private Direction direction = Direction.ANY;
        private double tolerance = DEFAULT_TOLERANCE;
        private boolean terminal = true;

        private Builder() {
        }

        /** @param value the event's name (default "event") @return this */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** @param value the scalar condition {@code g(t, y)} @return this */
        public Builder condition(Condition value) {
            this.condition = value;
            this.function = null;
            return this;
        }

        /**
         * @param value the condition as a tensor function (as torchdiffeq's {@code event_fn}); it must return one
         *              element, else the solve throws {@link ShapeMismatchException} naming this event
         * @return this
         */
        public Builder function(EventTime.Function value) {
            this.function = value;
            this.condition = null;
            return this;
        }

        /** @param value which crossings count (default {@link Direction#ANY}) @return this */
        public Builder direction(Direction value) {
            this.direction = value;
            return this;
        }

        /** @param value absolute accuracy of the located time, &gt; 0 (default 1e-12) @return this */
        public Builder tolerance(double value) {
            this.tolerance = value;
            return this;
        }

        /** @param value whether the event ends the solve (default true) @return this */
        public Builder terminal(boolean value) {
            this.terminal = value;
            return this;
        }

        /**
         * @return the event
         * @throws InvalidConfigException if no condition was given, or the name or tolerance is invalid
         */
        public Event build() {
            if (condition == null && function == null) {
                throw InvalidConfigException.of("condition of event '" + name + "'",
                        "given (condition(...) or function(...))", null);
            }
            Condition c = condition;
            if (c == null) {
                EventTime.Function g = function;
                String label = name;
                c = (t, y) -> {
                    Tensor v = g.value(t, y);
                    if (v == null || v.value().length() != 1) {
                        throw ShapeMismatchException.of("event '" + label + "' function g(t, y)",
                                "[1] (one element)", v == null ? new long[0] : v.value().shape());
                    }
                    return v.value().getDouble(0);
                };
            }
            return new Event(name, c, direction, tolerance, terminal);
        }
    }
}
