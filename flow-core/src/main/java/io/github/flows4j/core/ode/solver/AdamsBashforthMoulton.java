package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * The Adams–Bashforth–Moulton predictor–corrector of order k (Hairer, Nørsett &amp; Wanner, <i>Solving ODEs I</i>,
 * §III.1; torchdiffeq's {@code implicit_adams}): the explicit Adams–Bashforth formula through the last k derivatives
 * predicts {@code y1}, the field is evaluated there, and the Adams–Moulton formula through that derivative and the last
 * k − 1 corrects it (PECE; {@code corrections} repeats the CE pair, 0 leaves plain Adams–Bashforth).
 *
 * <p>The coefficients are computed from the actual past step ends — {@code y1 = y0 + Σ_j w_j f_j} with
 * {@code w_j = ∫_{t0}^{t1} L_j(t) dt}, {@code L_j} the Lagrange basis on the nodes — so the method is exact for
 * polynomials of degree k whatever the step sequence: constant steps give the classical coefficients, and an adaptive
 * controller may change the step at will (variable-step, fixed-order Adams). The error estimate is Milne's device,
 * {@code err = C_AM / (C_AB − C_AM) · (y_corrected − y_predicted)}, with the error constants
 * {@code C = ∫ Π_i (s − s_i) ds} of both formulas on the same nodes; it is of order k ({@link #errorOrder()}), so a
 * {@code PIController} drives the method as it drives an embedded Runge–Kutta pair.
 *
 * <p>The past derivatives travel in the step's {@link History}; while fewer than k are known (the first k − 1 steps,
 * and after every jump or state change) a one-step <em>starter</em> takes the step: RK4 for fixed-step methods up to
 * order 5 (as torchdiffeq), Dormand–Prince 5(4) up to order 6 or when the method estimates its error, Dormand–Prince
 * 8 above — accurate enough not to lower the order. Each Adams step costs {@code corrections + 1} evaluations.
 *
 * <pre>{@code
 * Solution fixed = Ode.solve(term, AdamsBashforthMoulton.fixedStep(4), TimeSpan.of(0, 1), y0,
 *         SolveOptions.of(new ConstantStepSize(0.01)));
 * Solution adaptive = Ode.solve(term, AdamsBashforthMoulton.of(4), TimeSpan.of(0, 1), y0,
 *         SolveOptions.of(PIController.of(1e-6, 1e-9)));
 * }</pre>
 */
public final class AdamsBashforthMoulton implements Solver {
    /** The highest order offered. */
    public static final int MAX_ORDER = 8;
    /** The most corrector iterations offered. */
    public static final int MAX_CORRECTIONS = 10;
    /** Eight Gauss–Legendre points on [0, 1]: exact for the degree ≤ 15 polynomials integrated here. */
    private static final GaussIntegrator GAUSS = new GaussIntegratorFactory().legendre(8, 0, 1);

    private final int order;
    private final int corrections;
    private final boolean errorEstimate;
    private final Solver starter;

    private AdamsBashforthMoulton(Builder b) {
        if (b.order < 1 || b.order > MAX_ORDER) {
            throw InvalidConfigException.of("order", "between 1 and " + MAX_ORDER, b.order);
        }
        if (b.corrections < 0 || b.corrections > MAX_CORRECTIONS) {
            throw InvalidConfigException.of("corrections", "between 0 (Adams–Bashforth only) and " + MAX_CORRECTIONS,
                    b.corrections);
        }
        this.order = b.order;
        this.corrections = b.corrections;
        this.errorEstimate = b.errorEstimate && b.corrections > 0;
        this.starter = b.starter != null ? b.starter : defaultStarter(order, errorEstimate);
        if (starter.order() < order - 1) {
            throw InvalidConfigException.of("starter", "of order >= " + (order - 1) + " (order - 1), so the first "
                    + "steps keep the method's order", starter.name() + " of order " + starter.order());
        }
        if (errorEstimate && !starter.hasErrorEstimate()) {
            throw InvalidConfigException.of("starter", "with an error estimate, as the method has one (or "
                    + "errorEstimate(false))", starter.name());
        }
    }

    private static Solver defaultStarter(int order, boolean estimates) {
        if (!estimates && order <= 5) {
            return new Rk4();
        }
        return order <= 6 ? new Dopri5() : new Dopri8();
    }

    /**
     * @param order the order k, 1 to {@link #MAX_ORDER}
     * @return the PECE method of that order with its error estimate, for an adaptive or a constant step
     * @throws InvalidConfigException if the order is out of range
     */
    public static AdamsBashforthMoulton of(int order) {
        return builder().order(order).build();
    }

    /**
     * @param order the order k, 1 to {@link #MAX_ORDER}
     * @return the PECE method of that order without an error estimate (a fixed-step method, started by RK4 up to
     *     order 5), as torchdiffeq's fixed-grid Adams
     * @throws InvalidConfigException if the order is out of range
     */
    public static AdamsBashforthMoulton fixedStep(int order) {
        return builder().order(order).errorEstimate(false).build();
    }

    /** @return a builder: order 4, one correction (PECE), error estimate on, the default starter */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public int errorOrder() {
        return errorEstimate ? order : 0;
    }

    /** @return the corrector iterations per step (0: Adams–Bashforth only) */
    public int corrections() {
        return corrections;
    }

    /** @return the one-step method that takes the steps while fewer than {@code order} derivatives are known */
    public Solver starter() {
        return starter;
    }

    @Override
    public String name() {
        return (corrections == 0 ? "AdamsBashforth" : "AdamsBashforthMoulton") + order
                + (corrections > 1 ? "(P(EC)^" + corrections + "E)" : "");
    }

    /** A step without history: the starter's (a multistep method needs {@link History} to be one). */
    @Override
    public Step step(Term term, double t0, double t1, State y0, State f0) {
        return step(term, t0, t1, y0, f0, null);
    }

    @Override
    public Step step(Term term, double t0, double t1, State y0, State f0, History history) {
        boolean continues = history != null && history.time(0) == t0;
        State f = f0 != null ? f0 : continues ? history.derivative(0) : term.vectorField(t0, y0);
        History past = continues ? history : History.start(t0, f);
        if (past.size() < order) {
            Step s = starter.step(term, t0, t1, y0, f);
            if (s.isFailed()) {
                return s;
            }
            State f1 = s.f1() != null ? s.f1() : term.vectorField(t1, s.y1());
            return new Step(s.y1(), errorEstimate ? s.error() : null, f1, s.interpolant(), null,
                    past.push(t1, f1, order));
        }
        double h = t1 - t0;
        // the past nodes in units of the step, relative to t0: 0, then negative
        double[] nodes = new double[order];
        State[] fs = new State[order];
        for (int j = 0; j < order; j++) {
            nodes[j] = (past.time(j) - t0) / h;
            fs[j] = past.derivative(j);
        }
        State predicted = y0.axpy(scale(weights(nodes), h), fs);
        State f1 = term.vectorField(t1, predicted);
        State y1 = predicted;
        double[] moultonNodes = new double[order];
        moultonNodes[0] = 1;
        System.arraycopy(nodes, 0, moultonNodes, 1, order - 1);
        if (corrections > 0) {
            double[] moulton = scale(weights(moultonNodes), h);
            State[] column = new State[order];
            System.arraycopy(fs, 0, column, 1, order - 1);
            for (int c = 0; c < corrections; c++) {
                column[0] = f1;
                y1 = y0.axpy(moulton, column);
                f1 = term.vectorField(t1, y1);
            }
        }
        ErrorEstimate error = null;
        if (errorEstimate) {
            double cPredictor = errorConstant(nodes);
            double cCorrector = errorConstant(moultonNodes);
            double milne = cCorrector / (cPredictor - cCorrector);
            GradMode.Scope off = GradMode.noGrad();
            try {
                error = new ErrorEstimate(State.linear(new double[] {milne, -milne}, new State[] {y1, predicted}),
                        null);
            } finally {
                off.close();
            }
        }
        return new Step(y1, error, f1, new HermiteInterpolant(term, t0, t1, y0, f, y1, f1), null,
                past.push(t1, f1, order));
    }

    /** {@code w_j = ∫_0^1 L_j(s) ds}: the quadrature weights of the interpolant through the nodes. */
    static double[] weights(double[] nodes) {
        double[] w = new double[nodes.length];
        for (int j = 0; j < nodes.length; j++) {
            int jj = j;
            w[j] = GAUSS.integrate(s -> {
                double l = 1;
                for (int i = 0; i < nodes.length; i++) {
                    if (i != jj) {
                        l *= (s - nodes[i]) / (nodes[jj] - nodes[i]);
                    }
                }
                return l;
            });
        }
        return w;
    }

    /** {@code ∫_0^1 Π_i (s − s_i) ds}: the local error constant of the formula on these nodes, times k!. */
    static double errorConstant(double[] nodes) {
        return GAUSS.integrate(s -> {
            double p = 1;
            for (double node : nodes) {
                p *= s - node;
            }
            return p;
        });
    }

    private static double[] scale(double[] w, double h) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * h;
        }
        return out;
    }

    @Override
    public String toString() {
        return name() + "[starter=" + starter.name() + ", errorEstimate=" + errorEstimate + "]";
    }

    /** Builds an {@link AdamsBashforthMoulton}; {@link #build()} validates. */
    public static final class Builder {
        private int order = 4;
        private int corrections = 1;
        private boolean errorEstimate = true;
        private Solver starter;

        private Builder() {
        }

        /** @param value the order k, 1 to {@link #MAX_ORDER} (default 4) @return this */
        public Builder order(int value) {
            this.order = value;
            return this;
        }

        /**
         * @param value corrector iterations per step, 0 to {@link #MAX_CORRECTIONS} (default 1, PECE; 0 is
         *              Adams–Bashforth alone, without an error estimate)
         * @return this
         */
        public Builder corrections(int value) {
            this.corrections = value;
            return this;
        }

        /**
         * @param value whether to estimate the local error (default true); without it the method needs a constant
         *              step, and the name table's fixed-grid methods are built that way
         * @return this
         */
        public Builder errorEstimate(boolean value) {
            this.errorEstimate = value;
            return this;
        }

        /**
         * @param value the one-step method for the first steps, of order &ge; order − 1, with an error estimate if
         *              the method has one (default: see the class comment)
         * @return this
         */
        public Builder starter(Solver value) {
            this.starter = value;
            return this;
        }

        /**
         * @return the solver
         * @throws InvalidConfigException if the order or corrections are out of range or the starter unfit
         */
        public AdamsBashforthMoulton build() {
            return new AdamsBashforthMoulton(this);
        }
    }
}
