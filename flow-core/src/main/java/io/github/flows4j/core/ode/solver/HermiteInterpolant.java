package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;

/**
 * The cubic Hermite interpolant through {@code (t0, y0, f0)} and {@code (t1, y1, f1)}: third-order accurate, one
 * fused combination per evaluation. If the method did not compute {@code f1}, it is evaluated once, on first use.
 */
final class HermiteInterpolant implements Interpolant {
    private final Term term;
    private final double t0;
    private final double t1;
    private final State y0;
    private final State f0;
    private final State y1;
    private State f1;

    HermiteInterpolant(Term term, double t0, double t1, State y0, State f0, State y1, State f1) {
        this.term = term;
        this.t0 = t0;
        this.t1 = t1;
        this.y0 = y0;
        this.f0 = f0;
        this.y1 = y1;
        this.f1 = f1;
    }

    @Override
    public State evaluate(double t) {
        if (t == t0) {
            return y0;
        }
        if (t == t1) {
            return y1;
        }
        if (f1 == null) {
            f1 = term.vectorField(t1, y1);
        }
        double h = t1 - t0;
        double th = (t - t0) / h;
        double th2 = th * th;
        double th3 = th2 * th;
        double h00 = 2 * th3 - 3 * th2 + 1;
        double h10 = th3 - 2 * th2 + th;
        double h01 = -2 * th3 + 3 * th2;
        double h11 = th3 - th2;
        return State.linear(new double[] {h00, h10 * h, h01, h11 * h}, new State[] {y0, f0, y1, f1});
    }
}
