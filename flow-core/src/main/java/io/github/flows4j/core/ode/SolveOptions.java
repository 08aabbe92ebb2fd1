package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ode.adjoint.Adjoint;
import io.github.flows4j.core.ode.adjoint.BackpropAdjoint;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.stepsize.StepSizeController;
import java.util.Arrays;
import java.util.List;

/**
 * Everything about a solve except the term, the solver, the times and the initial state: the step-size controller,
 * the adjoint, the step budget, events, times the steps must land on, a step callback, whether to keep dense output,
 * and whether failures throw.
 *
 * <pre>{@code
 * SolveOptions options = SolveOptions.builder()
 *         .controller(PIController.of(1e-6, 1e-8))
 *         .adjoint(ContinuousAdjoint.builder().build())
 *         .maxSteps(10_000)
 *         .build();
 * }</pre>
 */
public final class SolveOptions {
    /** The default step budget. */
    public static final int DEFAULT_MAX_STEPS = 100_000;

    private final StepSizeController controller;
    private final Adjoint adjoint;
    private final int maxSteps;
    private final List<Event> events;
    private final double[] stepTimes;
    private final double[] jumpTimes;
    private final StepCallback stepCallback;
    private final boolean denseOutput;
    private final boolean throwOnFailure;

    private SolveOptions(Builder b) {
        if (b.maxSteps < 1) {
            throw InvalidConfigException.of("maxSteps", ">= 1", b.maxSteps);
        }
        if (b.adjoint == null) {
            throw new IllegalArgumentException("adjoint must not be null");
        }
        checkTimes("stepTimes", b.stepTimes);
        checkTimes("jumpTimes", b.jumpTimes);
        this.controller = b.controller;
        this.adjoint = b.adjoint;
        this.maxSteps = b.maxSteps;
        this.events = b.events;
        this.stepTimes = b.stepTimes.clone();
        this.jumpTimes = b.jumpTimes.clone();
        this.stepCallback = b.stepCallback;
        this.denseOutput = b.denseOutput;
        this.throwOnFailure = b.throwOnFailure;
    }

    /** Finite and strictly monotone (either way; torchdiffeq's {@code step_t}/{@code jump_t}/{@code grid_points}). */
    private static void checkTimes(String name, double[] ts) {
        for (int i = 0; i < ts.length; i++) {
            if (!Double.isFinite(ts[i])) {
                throw InvalidConfigException.of(name + "[" + i + "]", "finite", ts[i]);
            }
        }
        if (ts.length > 1) {
            double sign = Math.signum(ts[1] - ts[0]);
            for (int i = 1; i < ts.length; i++) {
                if (sign == 0 || Math.signum(ts[i] - ts[i - 1]) != sign) {
                    throw InvalidConfigException.of(name, "strictly monotone (increasing or decreasing)",
                            Arrays.toString(ts) + " (breaks at index " + i + ")");
                }
            }
        }
    }

    /** @return the defaults: PI control at rtol 1e-7, atol 1e-9 (adaptive solvers), backprop, 100 000 steps */
    public static SolveOptions defaults() {
        return builder().build();
    }

    /**
     * The defaults with another controller, the common case: {@code SolveOptions.of(PIController.of(1e-5, 1e-5))},
     * {@code SolveOptions.of(ConstantStepSize.steps(0, 1, 20))}.
     *
     * @param controller the step-size controller
     * @return the options
     * @throws InvalidConfigException if {@code controller} is null
     */
    public static SolveOptions of(StepSizeController controller) {
        if (controller == null) {
            throw InvalidConfigException.of("controller", "given (SolveOptions.defaults() picks one)", null);
        }
        return builder().controller(controller).build();
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.controller = controller;
        b.adjoint = adjoint;
        b.maxSteps = maxSteps;
        b.events = events;
        b.stepTimes = stepTimes.clone();
        b.jumpTimes = jumpTimes.clone();
        b.stepCallback = stepCallback;
        b.denseOutput = denseOutput;
        b.throwOnFailure = throwOnFailure;
        return b;
    }

    /** @return the controller as given, or {@code null} for the default */
    public StepSizeController controller() {
        return controller;
    }

    /**
     * @param solver the solver
     * @return the controller to use: the one given, else {@link PIController#defaults()} for adaptive solvers
     * @throws InvalidConfigException if none was given and the solver has no error estimate
     */
    public StepSizeController controllerFor(Solver solver) {
        if (controller != null) {
            return controller;
        }
        if (!solver.hasErrorEstimate()) {
            throw new InvalidConfigException("controller must be given for " + solver.name() + ", which has no "
                    + "error estimate: SolveOptions.builder().controller(new ConstantStepSize(dt))");
        }
        return PIController.defaults();
    }

    /** @return how gradients flow back through the solve */
    public Adjoint adjoint() {
        return adjoint;
    }

    /** @return the most steps (accepted plus rejected) before {@link Outcome#MAX_STEPS_REACHED} */
    public int maxSteps() {
        return maxSteps;
    }

    /**
     * @return the first event, or {@code null} if there are none (with one event, that event; kept for callers that
     *     know only one)
     */
    public Event event() {
        return events.isEmpty() ? null : events.get(0);
    }

    /** @return the events the solve watches, in the order given (an immutable list, maybe empty) */
    public List<Event> events() {
        return events;
    }

    /** @return times the steps must land on exactly (e.g. where the field changes fast) */
    public double[] stepTimes() {
        return stepTimes.clone();
    }

    /**
     * @return times where the field is discontinuous: a step ends one ulp before each, the next starts one ulp
     *     after it with a fresh first stage, so no stage evaluates the field across the jump
     */
    public double[] jumpTimes() {
        return jumpTimes.clone();
    }

    /** @return the callback told of every accepted step, or {@code null} */
    public StepCallback stepCallback() {
        return stepCallback;
    }

    /** @return whether the solve keeps its steps' interpolants for {@link Solution#dense()} */
    public boolean denseOutput() {
        return denseOutput;
    }

    /** @return whether a failed solve throws {@link SolverFailedException} (else it returns its outcome) */
    public boolean throwOnFailure() {
        return throwOnFailure;
    }

    @Override
    public String toString() {
        return "SolveOptions[controller=" + controller + ", adjoint=" + adjoint + ", maxSteps=" + maxSteps
                + ", events=" + events.size() + ", stepTimes=" + Arrays.toString(stepTimes) + ", jumpTimes="
                + Arrays.toString(jumpTimes) + ", stepCallback=" + (stepCallback != null) + ", denseOutput="
                + denseOutput + ", throwOnFailure=" + throwOnFailure + "]";
    }

    /** Builds {@link SolveOptions}; every value is optional. */
    public static final class Builder {
        private StepSizeController controller;
        private Adjoint adjoint = new BackpropAdjoint();
        private int maxSteps = DEFAULT_MAX_STEPS;
        private List<Event> events = List.of();
        private double[] stepTimes = new double[0];
        private double[] jumpTimes = new double[0];
        private StepCallback stepCallback;
        private boolean denseOutput;
        private boolean throwOnFailure = true;

        private Builder() {
        }

        /** @param value the step-size controller (default: PI at rtol 1e-7, atol 1e-9) @return this */
        public Builder controller(StepSizeController value) {
            this.controller = value;
            return this;
        }

        /** @param value the adjoint (default: {@link BackpropAdjoint}) @return this */
        public Builder adjoint(Adjoint value) {
            this.adjoint = value;
            return this;
        }

        /** @param value the step budget, &ge; 1 (default 100 000) @return this */
        public Builder maxSteps(int value) {
            this.maxSteps = value;
            return this;
        }

        /** @param value one event (replacing any given before), or {@code null} for none @return this */
        public Builder event(Event value) {
            this.events = value == null ? List.of() : List.of(value);
            return this;
        }

        /**
         * @param values the events to watch, terminal and non-terminal, replacing any given before
         * @return this
         * @throws InvalidConfigException if one is null
         */
        public Builder events(Event... values) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    throw InvalidConfigException.of("events[" + i + "]", "given", null);
                }
            }
            this.events = List.of(values);
            return this;
        }

        /**
         * @param values times the steps land on (torchdiffeq's {@code step_t}), strictly monotone, inside the span or
         *               on its ends (the ends are no-ops; a time outside the span makes the solve throw)
         * @return this
         */
        public Builder stepTimes(double... values) {
            this.stepTimes = values.clone();
            return this;
        }

        /**
         * @param values discontinuities of the field (torchdiffeq's {@code jump_t}), strictly monotone, inside the
         *               span or on its ends (the ends are no-ops; a time outside the span makes the solve throw)
         * @return this
         */
        public Builder jumpTimes(double... values) {
            this.jumpTimes = values.clone();
            return this;
        }

        /**
         * @param value told of every accepted step (times, state, error estimate); it may stop the solve, or
         *              {@code null} for none (default)
         * @return this
         */
        public Builder stepCallback(StepCallback value) {
            this.stepCallback = value;
            return this;
        }

        /**
         * @param value keep every step's interpolant so that {@link Solution#dense()} evaluates the solution at any
         *              time of the solve afterwards (default false: five states per step are kept)
         * @return this
         */
        public Builder denseOutput(boolean value) {
            this.denseOutput = value;
            return this;
        }

        /** @param value throw on failure (default) or return the outcome in the solution @return this */
        public Builder throwOnFailure(boolean value) {
            this.throwOnFailure = value;
            return this;
        }

        /**
         * @return the options
         * @throws InvalidConfigException naming the first value that breaks its rule
         */
        public SolveOptions build() {
            return new SolveOptions(this);
        }
    }
}
