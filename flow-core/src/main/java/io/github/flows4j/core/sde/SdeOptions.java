package io.github.flows4j.core.sde;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.sde.adjoint.BackpropSdeAdjoint;
import io.github.flows4j.core.sde.adjoint.SdeAdjoint;

/**
 * Everything about an SDE solve except the term, the solver, the times, the initial state and the Brownian path:
 * the step size, the adjoint, whether to accumulate the KL term, the step budget and whether failures throw.
 * By default steps are fixed: the grid is {@code t_0 + k·dt}, with every requested time added to it (a step that
 * would pass a requested time is shortened to land on it).
 *
 * <p>With {@link Builder#adaptive(boolean) adaptive(true)} (torchsde's {@code adaptive=True}) {@code dt} is the first
 * step only: each step of size {@code h} is tried once whole and once as two halves on the same Brownian path, the
 * difference is the error estimate, measured in the RMS norm scaled by {@code atol + rtol·max(|y_h|, |y_{h/2}|)},
 * and the step is kept (as its two halves) when that norm is at most 1 or {@code h} is already {@code dtMin}. The
 * next step comes from a proportional–integral controller on the local error order {@code p + ½} ({@code p} the
 * solver's strong order on the term's noise). Because the Brownian path is queried at whatever times the steps
 * reach, the solution is that of a fixed-step solve on the accepted grid of half steps, on the same path.
 *
 * <pre>{@code
 * SdeOptions options = SdeOptions.builder()
 *         .dt(0.01)
 *         .adjoint(new ReversibleAdjoint())
 *         .logqp(true)
 *         .build();
 * SdeOptions adaptive = SdeOptions.builder()
 *         .dt(0.01)                 // the first step
 *         .adaptive(true)
 *         .rtol(1e-3).atol(1e-4)
 *         .dtMin(1e-5)
 *         .build();
 * }</pre>
 */
public final class SdeOptions {
    /** The default step budget. */
    public static final int DEFAULT_MAX_STEPS = 100_000;
    /** torchsde's default relative tolerance for adaptive steps. */
    public static final double DEFAULT_RTOL = 1e-5;
    /** torchsde's default absolute tolerance for adaptive steps. */
    public static final double DEFAULT_ATOL = 1e-4;
    /** torchsde's default smallest adaptive step (or {@code dt} if smaller). */
    public static final double DEFAULT_DT_MIN = 1e-5;

    private final double dt;
    private final SdeAdjoint adjoint;
    private final boolean logqp;
    private final int maxSteps;
    private final boolean throwOnFailure;
    private final boolean adaptive;
    private final double rtol;
    private final double atol;
    private final double dtMin;
    private final double dtMax;

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
        if (!(b.rtol >= 0) || !Double.isFinite(b.rtol)) {
            throw InvalidConfigException.of("rtol", ">= 0 and finite", b.rtol);
        }
        if (!(b.atol >= 0) || !Double.isFinite(b.atol)) {
            throw InvalidConfigException.of("atol", ">= 0 and finite", b.atol);
        }
        if (b.rtol == 0 && b.atol == 0) {
            throw InvalidConfigException.of("rtol + atol", "> 0 (one tolerance must be positive)", 0.0);
        }
        double lo = Double.isNaN(b.dtMin) ? Math.min(DEFAULT_DT_MIN, b.dt) : b.dtMin;
        if (!(lo > 0) || !Double.isFinite(lo)) {
            throw InvalidConfigException.of("dtMin", "> 0 and finite", lo);
        }
        if (b.adaptive && lo > b.dt) {
            throw InvalidConfigException.of("dtMin", "<= dt (" + b.dt + ")", lo);
        }
        if (!(b.dtMax >= b.dt) || Double.isNaN(b.dtMax)) {
            throw InvalidConfigException.of("dtMax", ">= dt (" + b.dt + ")", b.dtMax);
        }
        this.adaptive = b.adaptive;
        this.rtol = b.rtol;
        this.atol = b.atol;
        this.dtMin = lo;
        this.dtMax = b.dtMax;
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
        b.adaptive = adaptive;
        b.rtol = rtol;
        b.atol = atol;
        b.dtMin = dtMin;
        b.dtMax = dtMax;
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

    /** @return whether steps adapt to an error estimate by step doubling ({@code dt} is then the first step) */
    public boolean adaptive() {
        return adaptive;
    }

    /** @return the relative tolerance of adaptive steps */
    public double rtol() {
        return rtol;
    }

    /** @return the absolute tolerance of adaptive steps */
    public double atol() {
        return atol;
    }

    /** @return the smallest adaptive step; a step of this size is accepted whatever its error */
    public double dtMin() {
        return dtMin;
    }

    /** @return the largest adaptive step */
    public double dtMax() {
        return dtMax;
    }

    @Override
    public String toString() {
        return "SdeOptions[dt=" + dt + ", adjoint=" + adjoint + ", logqp=" + logqp + ", maxSteps=" + maxSteps
                + ", throwOnFailure=" + throwOnFailure + (adaptive ? ", adaptive, rtol=" + rtol + ", atol=" + atol
                        + ", dtMin=" + dtMin + ", dtMax=" + dtMax : "") + "]";
    }

    /** Builds {@link SdeOptions}: {@code dt} is required, every other value optional. */
    public static final class Builder {
        private double dt = Double.NaN;
        private boolean dtSet;
        private SdeAdjoint adjoint = new BackpropSdeAdjoint();
        private boolean logqp;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private boolean throwOnFailure = true;
        private boolean adaptive;
        private double rtol = DEFAULT_RTOL;
        private double atol = DEFAULT_ATOL;
        private double dtMin = Double.NaN;
        private double dtMax = Double.POSITIVE_INFINITY;

        private Builder() {
        }

        /** @param value adapt the steps by step doubling (default false: fixed steps of dt) @return this */
        public Builder adaptive(boolean value) {
            this.adaptive = value;
            return this;
        }

        /** @param value relative tolerance of adaptive steps, &ge; 0 (default 1e-5) @return this */
        public Builder rtol(double value) {
            this.rtol = value;
            return this;
        }

        /** @param value absolute tolerance of adaptive steps, &ge; 0 (default 1e-4) @return this */
        public Builder atol(double value) {
            this.atol = value;
            return this;
        }

        /** @param value smallest adaptive step, in (0, dt] (default min(1e-5, dt)) @return this */
        public Builder dtMin(double value) {
            this.dtMin = value;
            return this;
        }

        /** @param value largest adaptive step, &ge; dt (default +∞) @return this */
        public Builder dtMax(double value) {
            this.dtMax = value;
            return this;
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
