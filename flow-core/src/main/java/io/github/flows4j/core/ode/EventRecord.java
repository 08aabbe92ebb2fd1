package io.github.flows4j.core.ode;

/**
 * One event that fired during a solve, as {@link Solution#events()} lists them in time order: which event, where
 * and in what state. Non-terminal events are recorded and the solve goes on; a terminal one is the last record.
 *
 * <pre>{@code
 * for (EventRecord r : solution.events()) {
 *     System.out.printf("%s at t = %.6f, height %.4f%n", r.name(), r.time(), r.state().get(0).value().getDouble(0));
 * }
 * }</pre>
 *
 * @param name     the event's {@link Event#name()}
 * @param index    the event's position in {@link SolveOptions#events()}
 * @param time     the located crossing time
 * @param state    the state there, from the step's dense interpolant (gradients flow through it under backprop; the
 *                 continuous adjoint records it as a constant)
 * @param terminal whether the event ended the solve
 */
public record EventRecord(String name, int index, double time, State state, boolean terminal) {
}
