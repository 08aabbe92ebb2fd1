package io.github.flows4j.core.sde;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.sde.adjoint.BackpropSdeAdjoint;
import io.github.flows4j.core.sde.adjoint.SdeAdjoint;

/**
 * Everything about an SDE solve except the term, the solver, the times, the initial state and the Brownian path:
 * the step size, the adjoint, whether to accumulate the KL term, the step budget and whether failures throw.
 * Steps are fixed: the grid is {@code t_0 + k·dt}, with every requested time added to it (a step that would pass a
 * requested time is shortened to land on it).
 *
 * <pre>{@code
 * SdeOptions options = SdeOptions.builder()
 *         .dt(0.01)
 *         .adjoint(new ReversibleAdjoint())
 *         .logqp(true)
 *         .build();
 * }</pre>
 */
public final class SdeOptions {
    /** The default step budget. */
    public static final int DEFAULT_MAX_STEPS = 100_000;

    private final double dt;
    private final SdeAdjoint adjoint;
    private final boolean logqp;
    private final int maxSteps;
    private final boolean throwOnFailure;

    private SdeOptions(Builder b) {
        if (Double.isNaN(b.dt) && !b.dtSet) {
            throw new InvalidConfigException("dt must be set with dt(dt): SDE solves take fixed steps");
        }
        if (!(b.dt > 0) || !Double.isFinite(b.dt)) {
            throw InvalidConfigException.of("dt", "> 0 and finite", b.dt);
        }
        if (b.maxSteps < 1) {
            throw InvalidConfigException.of("maxSteps", ">= 1", b.maxSteps);
        }
        if (b.adjoint == null) {
            throw new IllegalArgumentException("adjoint must not be null");
        }
        this.dt = b.dt;
        this.adjoint = b.adjoint;
        this.logqp = b.logqp;
        this.maxSteps = b.maxSteps;
        this.throwOnFailure = b.throwOnFailure;
    }

    /** @return a builder; {@code dt} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dt = dt;
        b.dtSet = true;
        b.adjoint = adjoint;
        b.logqp = logqp;
        b.maxSteps = maxSteps;
        b.throwOnFailure = throwOnFailure;
        return b;
    }

    /** @return the step size */
    public double dt() {
        return dt;
    }

    /** @return how gradients flow back through the solve */
    public SdeAdjoint adjoint() {
        return adjoint;
    }

    /**
     * @return whether each state gets a second part {@code [batch, 1]}: {@code ½ ∫_{t_0}^{t} ‖(f − h)/g‖² dt}
     *     along each path, the KL divergence from the prior SDE with drift {@code h}
     */
    public boolean logqp() {
        return logqp;
    }

    /** @return the most steps before {@link io.github.flows4j.core.ode.Outcome#MAX_STEPS_REACHED} */
    public int maxSteps() {
        return maxSteps;
    }

    /** @return whether a failed solve throws {@link io.github.flows4j.core.ode.SolverFailedException} */
    public boolean throwOnFailure() {
        return throwOnFailure;
    }

    @Override
    public String toString() {
        return "SdeOptions[dt=" + dt + ", adjoint=" + adjoint + ", logqp=" + logqp + ", maxSteps=" + maxSteps
                + ", throwOnFailure=" + throwOnFailure + "]";
    }

    /** Builds {@link SdeOptions}: {@code dt} is required, every other value optional. */
    public static final class Builder {
        private double dt = Double.NaN;
        private boolean dtSet;
        private SdeAdjoint adjoint = new BackpropSdeAdjoint();
        private boolean logqp;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private boolean throwOnFailure = true;

        private Builder() {
        }

        /** @param value the step size, &gt; 0 @return this */
        public Builder dt(double value) {
            this.dt = value;
            this.dtSet = true;
            return this;
        }

        /** @param value the adjoint (default {@link BackpropSdeAdjoint}) @return this */
        public Builder adjoint(SdeAdjoint value) {
            this.adjoint = value;
            return this;
        }

        /** @param value accumulate the KL term (needs a prior drift and diagonal noise) @return this */
        public Builder logqp(boolean value) {
            this.logqp = value;
            return this;
        }

        /** @param value the step budget, &ge; 1 (default 100 000) @return this */
        public Builder maxSteps(int value) {
            this.maxSteps = value;
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
        public SdeOptions build() {
            return new SdeOptions(this);
        }
    }
}
