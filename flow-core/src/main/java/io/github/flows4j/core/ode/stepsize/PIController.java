package io.github.flows4j.core.ode.stepsize;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.solver.ErrorEstimate;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.term.Term;

/**
 * Adaptive step sizes from the solver's error estimate: a proportional–integral controller (Gustafsson 1991;
 * Hairer &amp; Wanner, <i>Solving ODEs II</i>, §IV.2) with torchdiffeq's defaults.
 *
 * <p>With {@code r} the {@link ErrorNorm scaled error} of the step just tried, {@code r'} that of the last accepted
 * step and {@code k = errorOrder + 1}, the step is accepted when {@code r ≤ 1} and the next step is
 * {@code h · clamp(safety · r^(−(pcoeff + icoeff)/k) · r'^(pcoeff/k), lo, ifactor)} with {@code lo = 1} after an
 * accepted step (accepted steps never shrink the next one) and {@code lo = dfactor} after a rejection; a NaN or
 * infinite error is a rejection by {@code dfactor}. The defaults {@code pcoeff = 0, icoeff = 1} give the classical
 * integral controller used by torchdiffeq and Commons Math; {@code pcoeff = 0.4, icoeff = 0.3} is a common PI choice
 * that damps oscillating step sizes. The first step is Hairer's selection (<i>Solving ODEs I</i>, §II.4), which
 * costs one extra evaluation, unless {@code dt0} is given. Steps are kept within {@code [dtMin, dtMax]}; a step of
 * size {@code dtMin} is accepted whatever its error (so a min step turns a step-size underflow into a coarse but
 * finished solve).
 *
 * <pre>{@code
 * PIController pi = PIController.builder()
 *         .tolerances(1e-6, 1e-8)
 *         .pcoeff(0.4).icoeff(0.3)
 *         .dtMax(0.1)
 *         .build();
 * }</pre>
 *
 * @param tolerances the relative and absolute tolerances
 * @param safety     factor on the optimal step, in (0, 1]; default 0.9
 * @param ifactor    largest growth of the step, &ge; 1; default 10
 * @param dfactor    largest shrink after a rejection, in (0, 1]; default 0.2
 * @param pcoeff     proportional coefficient, &ge; 0; default 0
 * @param icoeff     integral coefficient, &gt; 0; default 1
 * @param dtMin      smallest step, &ge; 0; default 0
 * @param dtMax      largest step, &gt; dtMin; default +∞
 * @param dt0        first step, &gt; 0, or NaN for Hairer's selection (default)
 * @param norm       the error norm; default {@link ErrorNorm#rms()}
 */
public record PIController(Tolerances tolerances, double safety, double ifactor, double dfactor, double pcoeff,
        double icoeff, double dtMin, double dtMax, double dt0, ErrorNorm norm) implements StepSizeController {

    /** torchdiffeq's default relative tolerance. */
    public static final double DEFAULT_RTOL = 1e-7;
    /** torchdiffeq's default absolute tolerance. */
    public static final double DEFAULT_ATOL = 1e-9;

    /** Validates every field. */
    public PIController {
        if (tolerances == null) {
            throw new IllegalArgumentException("tolerances must not be null");
        }
        if (norm == null) {
            throw new IllegalArgumentException("norm must not be null");
        }
        if (!(safety > 0 && safety <= 1)) {
            throw InvalidConfigException.of("safety", "in (0, 1]", safety);
        }
        if (!(ifactor >= 1) || !Double.isFinite(ifactor)) {
            throw InvalidConfigException.of("ifactor", ">= 1 and finite", ifactor);
        }
        if (!(dfactor > 0 && dfactor <= 1)) {
            throw InvalidConfigException.of("dfactor", "in (0, 1]", dfactor);
        }
        if (!(pcoeff >= 0) || !Double.isFinite(pcoeff)) {
            throw InvalidConfigException.of("pcoeff", ">= 0 and finite", pcoeff);
        }
        if (!(icoeff > 0) || !Double.isFinite(icoeff)) {
            throw InvalidConfigException.of("icoeff", "> 0 and finite", icoeff);
        }
        if (!(dtMin >= 0) || !Double.isFinite(dtMin)) {
            throw InvalidConfigException.of("dtMin", ">= 0 and finite", dtMin);
        }
        if (!(dtMax > dtMin)) {
            throw InvalidConfigException.of("dtMax", "> dtMin (" + dtMin + ")", dtMax);
        }
        if (!Double.isNaN(dt0) && (!(dt0 > 0) || !Double.isFinite(dt0))) {
            throw InvalidConfigException.of("dt0", "> 0 and finite, or NaN for automatic selection", dt0);
        }
    }

    /**
     * @param rtol relative tolerance, &gt; 0
     * @param atol absolute tolerance, &gt; 0
     * @return the controller with these tolerances and every other field at its default
     * @throws InvalidConfigException if a tolerance is not positive and finite
     */
    public static PIController of(double rtol, double atol) {
        return builder().tolerances(rtol, atol).build();
    }

    /** @return the controller with torchdiffeq's default tolerances, rtol 1e-7 and atol 1e-9 */
    public static PIController defaults() {
        return of(DEFAULT_RTOL, DEFAULT_ATOL);
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean isAdaptive() {
        return true;
    }

    @Override
    public void requireCompatible(Solver solver, State y0) {
        if (!solver.hasErrorEstimate()) {
            throw new InvalidConfigException("PIController needs a solver with an error estimate; " + solver.name()
                    + " has none: use new ConstantStepSize(dt) with it, or an adaptive solver such as Dopri5");
        }
        tolerances.requireParts(y0.size());
    }

    @Override
    public PIController withNorm(ErrorNorm newNorm) {
        return new PIController(tolerances, safety, ifactor, dfactor, pcoeff, icoeff, dtMin, dtMax, dt0, newNorm);
    }

    /**
     * @param newTolerances the tolerances
     * @return this controller with other tolerances
     */
    public PIController withTolerances(Tolerances newTolerances) {
        return new PIController(newTolerances, safety, ifactor, dfactor, pcoeff, icoeff, dtMin, dtMax, dt0, norm);
    }

    @Override
    public double initialStep(Term term, Solver solver, double t0, double t1, State y0, State f0) {
        double h;
        if (!Double.isNaN(dt0)) {
            h = dt0;
        } else {
            GradMode.Scope off = GradMode.noGrad();
            TensorScope scope = TensorScope.open();
            try {
                h = hairer(term, solver, t0, t1, y0.detach(), f0.detach());
            } finally {
                scope.close();
                off.close();
            }
        }
        return Math.min(dtMax, Math.max(dtMin, h));
    }

    /** Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>, §II.4, "starting step size". */
    private double hairer(Term term, Solver solver, double t0, double t1, State y0, State f0) {
        double d0 = norm.norm(y0, y0, y0, tolerances);
        double d1 = norm.norm(f0, y0, y0, tolerances);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.min(h0, Math.abs(t1 - t0));
        double dir = Math.signum(t1 - t0);
        State y1 = y0.axpy(new double[] {dir * h0}, new State[] {f0});
        State f1 = term.vectorField(t0 + dir * h0, y1);
        State df = State.linear(new double[] {1, -1}, new State[] {f1, f0});
        double d2 = norm.norm(df, y0, y0, tolerances) / h0;
        int k = solver.errorOrder() + 1;
        double h1;
        if (Math.max(d1, d2) <= 1e-15) {
            h1 = Math.max(1e-6, h0 * 1e-3);
        } else {
            h1 = Math.pow(0.01 / Math.max(d1, d2), 1.0 / k);
        }
        double h = Math.min(100 * h0, h1);
        return Double.isFinite(h) && h > 0 ? h : 1e-6;
    }

    @Override
    public StepDecision adapt(Solver solver, State y0, State y1, ErrorEstimate error, double h,
            double previousRatio) {
        if (error == null) {
            throw new InvalidConfigException("PIController needs an error estimate; " + solver.name()
                    + " returned none");
        }
        double ratio = error.ratio(e -> norm.norm(e, y0, y1, tolerances));
        boolean atMin = dtMin > 0 && h <= dtMin * (1 + 1e-12);
        if (!Double.isFinite(ratio)) {
            return new StepDecision(atMin, Math.max(dtMin, h * dfactor), ratio);
        }
        boolean accept = ratio <= 1 || atMin;
        double k = solver.errorOrder() + 1;
        double factor;
        if (ratio == 0) {
            factor = ifactor;
        } else {
            double prev = Math.max(previousRatio, 1e-10);
            factor = safety * Math.pow(ratio, -(pcoeff + icoeff) / k) * (pcoeff == 0 ? 1 : Math.pow(prev, pcoeff / k));
        }
        double lo = ratio <= 1 ? 1.0 : dfactor;
        factor = Math.min(ifactor, Math.max(lo, factor));
        double next = Math.min(dtMax, Math.max(dtMin, h * factor));
        return new StepDecision(accept, next, ratio);
    }

    /** Builds a {@link PIController}; every value has a default except the tolerances' (1e-7, 1e-9). */
    public static final class Builder {
        private Tolerances tolerances = Tolerances.of(DEFAULT_RTOL, DEFAULT_ATOL);
        private double safety = 0.9;
        private double ifactor = 10;
        private double dfactor = 0.2;
        private double pcoeff = 0;
        private double icoeff = 1;
        private double dtMin = 0;
        private double dtMax = Double.POSITIVE_INFINITY;
        private double dt0 = Double.NaN;
        private ErrorNorm norm = ErrorNorm.rms();

        private Builder() {
        }

        /**
         * @param rtol relative tolerance, &gt; 0
         * @param atol absolute tolerance, &gt; 0
         * @return this
         */
        public Builder tolerances(double rtol, double atol) {
            this.tolerances = Tolerances.of(rtol, atol);
            return this;
        }

        /** @param value the tolerances (e.g. per part) @return this */
        public Builder tolerances(Tolerances value) {
            this.tolerances = value;
            return this;
        }

        /** @param value safety factor in (0, 1] @return this */
        public Builder safety(double value) {
            this.safety = value;
            return this;
        }

        /** @param value largest growth factor, &ge; 1 @return this */
        public Builder ifactor(double value) {
            this.ifactor = value;
            return this;
        }

        /** @param value largest shrink factor after a rejection, in (0, 1] @return this */
        public Builder dfactor(double value) {
            this.dfactor = value;
            return this;
        }

        /** @param value proportional coefficient, &ge; 0 @return this */
        public Builder pcoeff(double value) {
            this.pcoeff = value;
            return this;
        }

        /** @param value integral coefficient, &gt; 0 @return this */
        public Builder icoeff(double value) {
            this.icoeff = value;
            return this;
        }

        /** @param value smallest step, &ge; 0 @return this */
        public Builder dtMin(double value) {
            this.dtMin = value;
            return this;
        }

        /** @param value largest step @return this */
        public Builder dtMax(double value) {
            this.dtMax = value;
            return this;
        }

        /** @param value the first step, skipping Hairer's selection @return this */
        public Builder dt0(double value) {
            this.dt0 = value;
            return this;
        }

        /** @param value the error norm @return this */
        public Builder norm(ErrorNorm value) {
            this.norm = value;
            return this;
        }

        /**
         * @return the controller
         * @throws InvalidConfigException naming the first field that breaks its rule
         */
        public PIController build() {
            return new PIController(tolerances, safety, ifactor, dfactor, pcoeff, icoeff, dtMin, dtMax, dt0, norm);
        }
    }
}
