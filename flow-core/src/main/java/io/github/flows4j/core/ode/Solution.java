package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The result of a solve: the state at each requested time reached, what it cost, and how it ended.
 *
 * <p>States are in the order of the {@link TimeSpan}; {@code state(0)} is {@code y0}. After a failure returned as an
 * outcome, or an event, {@link #times()} holds only the requested times reached. Gradients flow from these states
 * back to {@code y0}, the term's parameters and the times, as the chosen adjoint arranges. {@link #events()} lists
 * the events that fired; {@link #dense()} evaluates the solution anywhere when the solve kept its dense output.
 *
 * <pre>{@code
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(0, 0.5, 1), y0, SolveOptions.defaults());
 * Tensor yEnd = s.y(2);                       // first part of the state at t = 1, [batch, dim]
 * int nfe = s.stats().functionEvaluations();
 * }</pre>
 */
public final class Solution {
    private final double[] times;
    private final List<State> states;
    private final Stats stats;
    private final Outcome outcome;
    private final String message;
    private final double eventTime;
    private final State eventState;
    private final List<StepRecord> stepLog;
    private final List<EventRecord> events;
    private final DenseOutput dense;

    Solution(double[] times, List<State> states, Stats stats, Outcome outcome, String message, double eventTime,
            State eventState) {
        this(times, states, stats, outcome, message, eventTime, eventState, List.of());
    }

    Solution(double[] times, List<State> states, Stats stats, Outcome outcome, String message, double eventTime,
            State eventState, List<StepRecord> stepLog) {
        this(times, states, stats, outcome, message, eventTime, eventState, stepLog, List.of(), null);
    }

    Solution(double[] times, List<State> states, Stats stats, Outcome outcome, String message, double eventTime,
            State eventState, List<StepRecord> stepLog, List<EventRecord> events, DenseOutput dense) {
        if (times.length != states.size()) {
            throw new IllegalArgumentException("one state per time: " + times.length + " times, " + states.size()
                    + " states");
        }
        this.times = times.clone();
        this.states = List.copyOf(states);
        this.stats = stats;
        this.outcome = outcome;
        this.message = message;
        this.eventTime = eventTime;
        this.eventState = eventState;
        this.stepLog = stepLog;
        this.events = List.copyOf(events);
        this.dense = dense;
    }

    /**
     * A solution made outside this package, by a solve that has no event (the SDE solve of
     * {@link io.github.flows4j.core.sde.Sde}).
     *
     * @param times    the requested times reached, in order
     * @param states   one state per time
     * @param stats    what the solve cost
     * @param outcome  how it ended
     * @param message  a sentence saying how it ended
     * @return the solution
     * @throws IllegalArgumentException if the counts of times and states differ
     */
    public static Solution of(double[] times, List<State> states, Stats stats, Outcome outcome, String message) {
        return new Solution(times, states, stats, outcome, message, Double.NaN, null);
    }

    /** @return the requested times reached, in order */
    public double[] times() {
        return times.clone();
    }

    /** @return the number of states */
    public int size() {
        return states.size();
    }

    /**
     * @param i the position in {@link #times()}
     * @return the state at {@code times()[i]}
     */
    public State state(int i) {
        return states.get(i);
    }

    /**
     * @param i the position in {@link #times()}
     * @return the first (for one-part states, the only) part of the state at {@code times()[i]}
     */
    public Tensor y(int i) {
        return states.get(i).get(0);
    }

    /** @return the states, in the order of {@link #times()} */
    public List<State> states() {
        return states;
    }

    /** @return the state at the last time reached (the end time when successful without an event) */
    public State last() {
        return states.get(states.size() - 1);
    }

    /** @return evaluations and steps */
    public Stats stats() {
        return stats;
    }

    /** @return how the solve ended */
    public Outcome outcome() {
        return outcome;
    }

    /** @return a sentence saying how the solve ended, with the time and step size of a failure */
    public String message() {
        return message;
    }

    /**
     * The steps the forward integration tried, in order, accepted and rejected, each with its start time, length
     * and the controller's error ratio — what torchdiffeq users get by wrapping the solver. Always recorded (a few
     * doubles per step). Empty for solves that do not run the ODE integrator (the fixed-step SDE solve).
     *
     * @return the steps, an immutable list; {@code stepLog().size() == stats().steps()} for a successful ODE solve
     */
    public List<StepRecord> stepLog() {
        return stepLog;
    }

    /**
     * @return every event that fired, terminal or not, in time order (a terminal one last); empty if none did
     */
    public List<EventRecord> events() {
        return events;
    }

    /**
     * @return the solution as a function of time over the part of the span the solve covered
     * @throws InvalidConfigException if the solve was not asked for it ({@code SolveOptions.builder().denseOutput(
     *     true)}) or did not run the ODE integrator
     */
    public DenseOutput dense() {
        if (dense == null) {
            throw InvalidConfigException.of("denseOutput", "true in SolveOptions to evaluate the solution afterwards",
                    false);
        }
        return dense;
    }

    /** @return the time a terminal {@link Event} fired, if one did */
    public OptionalDouble eventTime() {
        return outcome == Outcome.EVENT_OCCURRED ? OptionalDouble.of(eventTime) : OptionalDouble.empty();
    }

    /** @return the state at the terminal event's time, or {@code null} if no terminal event fired */
    public State eventState() {
        return eventState;
    }

    /**
     * @return this solution
     * @throws SolverFailedException if the outcome is not successful
     */
    public Solution requireSuccess() {
        if (!outcome.isSuccessful()) {
            throw new SolverFailedException(this);
        }
        return this;
    }

    /**
     * For adjoints that re-express the states (to attach gradients): this solution with other states.
     *
     * @param newStates  one state per time, of the same structure
     * @param newEvent   the state at the event, or {@code null}
     * @return the new solution
     */
    public Solution withStates(List<State> newStates, State newEvent) {
        return new Solution(times, newStates, stats, outcome, message, eventTime, newEvent, stepLog, events, dense);
    }

    /**
     * @param extra stats to add (e.g. the evaluations an adjoint spent outside the integrator)
     * @return this solution with the stats summed
     */
    public Solution plusStats(Stats extra) {
        Stats s = new Stats(stats.functionEvaluations() + extra.functionEvaluations(),
                stats.acceptedSteps() + extra.acceptedSteps(), stats.rejectedSteps() + extra.rejectedSteps());
        return new Solution(times, states, s, outcome, message, eventTime, eventState, stepLog, events, dense);
    }

    @Override
    public String toString() {
        return "Solution[" + outcome + ", " + states.size() + " state(s), " + stats + "]";
    }
}
