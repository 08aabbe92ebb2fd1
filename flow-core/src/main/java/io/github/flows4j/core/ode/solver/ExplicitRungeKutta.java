package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;

/**
 * The one generic explicit Runge–Kutta stepper, driven by a {@link ButcherTableau}. Each stage's input, the new
 * state, the error estimate and the dense output are single fused linear combinations
 * ({@link io.github.flows4j.core.autodiff.Combination}), so a step costs {@code s} evaluations of the vector field
 * plus {@code s + 1} fused ops, and every op is differentiable (backprop through the solver). The error estimate is
 * computed without recording a graph: it steers the step size and never enters a gradient.
 *
 * <p>The named methods ({@link Dopri5}, {@link Tsit5}, {@link Rk4}, ...) are this class with their tableaus; any
 * other explicit method is one {@code new ExplicitRungeKutta(name, tableau)} away.
 *
 * <pre>{@code
 * Solver ralston = new ExplicitRungeKutta("Ralston", ButcherTableau.explicit(
 *         new double[] {0, 2.0 / 3}, new double[][] {{}, {2.0 / 3}}, new double[] {0.25, 0.75}, 2));
 * }</pre>
 */
public class ExplicitRungeKutta implements Solver {
    private final String name;
    private final ButcherTableau tableau;
    private final int s;
    private final double[] c;
    private final double[][] rows;
    private final double[] b;
    private final double[] e;
    private final double[] e2;
    private final boolean fsal;
    private final boolean reuseLast;
    private final DenseWeights dense;

    /**
     * @param name    the method's name, for messages
     * @param tableau its coefficients
     */
    public ExplicitRungeKutta(String name, ButcherTableau tableau) {
        if (name == null || tableau == null) {
            throw new IllegalArgumentException("name and tableau must not be null");
        }
        this.name = name;
        this.tableau = tableau;
        this.s = tableau.stages();
        this.c = tableau.c();
        this.b = tableau.b();
        this.e = tableau.errorWeights();
        this.e2 = tableau.errorWeights2();
        this.fsal = tableau.fsal();
        this.reuseLast = tableau.reusesLastStage();
        this.dense = tableau.dense();
        double[][] a = tableau.a();
        this.rows = new double[s][];
        for (int i = 0; i < s; i++) {
            rows[i] = new double[s];
            System.arraycopy(a[i], 0, rows[i], 0, i);
        }
    }

    /** @return the tableau */
    public final ButcherTableau tableau() {
        return tableau;
    }

    @Override
    public final int order() {
        return tableau.order();
    }

    @Override
    public final int errorOrder() {
        return tableau.errorOrder();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Step step(Term term, double t0, double t1, State y0, State f0) {
        double h = t1 - t0;
        State[] k = new State[s];
        k[0] = f0 != null ? f0 : term.vectorField(t0, y0);
        State y1 = null;
        for (int i = 1; i < s; i++) {
            State yi = y0.axpy(scaled(rows[i], h), k);
            double ti = c[i] == 1.0 ? t1 : t0 + c[i] * h;
            if (fsal && i == s - 1) {
                y1 = yi;
            }
            k[i] = term.vectorField(ti, yi);
        }
        if (y1 == null) {
            y1 = y0.axpy(scaled(b, h), k);
        }
        ErrorEstimate error = null;
        if (e != null) {
            GradMode.Scope off = GradMode.noGrad();
            try {
                State err = State.linear(scaled(e, h), k);
                State err2 = e2 == null ? null : State.linear(scaled(e2, h), k);
                error = new ErrorEstimate(err, err2);
            } finally {
                off.close();
            }
        }
        State f1 = reuseLast ? k[s - 1] : null;
        Interpolant interpolant;
        if (dense != null) {
            State start = y0;
            State end = y1;
            interpolant = t -> {
                if (t == t0) {
                    return start;
                }
                if (t == t1) {
                    return end;
                }
                return start.axpy(scaled(dense.weights((t - t0) / h), h), k);
            };
        } else {
            interpolant = new HermiteInterpolant(term, t0, t1, y0, k[0], y1, f1);
        }
        return new Step(y1, error, f1, interpolant);
    }

    private static double[] scaled(double[] w, double h) {
        double[] out = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            out[j] = w[j] * h;
        }
        return out;
    }

    @Override
    public String toString() {
        return name + "(order " + order() + (errorOrder() > 0 ? ", error order " + errorOrder() : "") + ")";
    }
}
