package io.github.flows4j.core.ode.solver;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A state flattened into one {@code double[]} (parts in order, each in C order), and the Jacobian of a field. */
final class Flat {
    private Flat() {
    }

    static double[] values(State s) {
        double[] out = new double[(int) s.totalLength()];
        int off = 0;
        for (Tensor p : s.parts()) {
            int len = (int) p.length();
            double[] v = p.value().dup('c').reshape(len).castTo(DataType.DOUBLE).toDoubleVector();
            System.arraycopy(v, 0, out, off, len);
            off += len;
        }
        return out;
    }

    /** @return a state of {@code like}'s structure holding {@code v}, as constants */
    static State state(double[] v, State like) {
        Tensor[] parts = new Tensor[like.size()];
        int off = 0;
        for (int p = 0; p < parts.length; p++) {
            Tensor ref = like.get(p);
            int len = (int) ref.length();
            double[] slice = new double[len];
            System.arraycopy(v, off, slice, 0, len);
            off += len;
            parts[p] = Tensor.constant(Nd4j.createFromArray(slice).castTo(ref.dtype()).reshape(ref.shape()));
        }
        return State.of(parts);
    }

    /**
     * {@code m · s} for a constant matrix, differentiable in {@code s}.
     *
     * @param m [n, n]
     * @param s a state with n entries
     * @return the product, in {@code s}'s structure
     */
    static State apply(double[][] m, State s) {
        int n = m.length;
        Tensor[] flat = new Tensor[s.size()];
        long[] sizes = new long[s.size()];
        for (int p = 0; p < flat.length; p++) {
            sizes[p] = s.get(p).length();
            flat[p] = s.get(p).reshape(1, sizes[p]);
        }
        Tensor row = flat.length == 1 ? flat[0] : Tensor.concat(1, flat);
        double[][] mt = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                mt[j][i] = m[i][j];
            }
        }
        Tensor prod = row.matmul(Tensor.constant(Nd4j.createFromArray(mt).castTo(row.dtype())));
        Tensor[] pieces = flat.length == 1 ? new Tensor[] {prod} : Tensor.split(prod, 1, sizes);
        Tensor[] out = new Tensor[pieces.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = pieces[p].reshape(s.get(p).shape());
        }
        return State.of(out);
    }

    /** @return {@code f(t, y)} flattened, evaluated without recording */
    static double[] field(Term term, double t, double[] y, State like) {
        GradMode.Scope off = GradMode.noGrad();
        try {
            return values(term.vectorField(t, state(y, like)));
        } finally {
            off.close();
        }
    }

    /**
     * @return the full Jacobian {@code J[i][j] = ∂f_i/∂y_j} at {@code (t, y)}: from the tape when {@code tape} and
     *     the field's output is recorded, else by forward differences
     */
    static double[][] jacobian(Term term, double t, State y, double[] yv, boolean tape) {
        if (tape) {
            double[][] j = tapeJacobian(term, t, y);
            if (j != null) {
                return j;
            }
        }
        int n = yv.length;
        double[] f0 = field(term, t, yv, y);
        double[][] jac = new double[n][n];
        double[] yp = yv.clone();
        for (int c = 0; c < n; c++) {
            double d = Math.sqrt(Math.ulp(1.0)) * Math.max(Math.abs(yv[c]), 1.0);
            yp[c] = yv[c] + d;
            double step = yp[c] - yv[c];
            double[] fp = field(term, t, yp, y);
            for (int r = 0; r < n; r++) {
                jac[r][c] = (fp[r] - f0[r]) / step;
            }
            yp[c] = yv[c];
        }
        return jac;
    }

    private static double[][] tapeJacobian(Term term, double t, State y) {
        GradMode.Scope on = GradMode.enableGrad();
        try {
            Tensor[] vars = new Tensor[y.size()];
            for (int p = 0; p < vars.length; p++) {
                vars[p] = Tensor.variable(y.get(p).value().dup('c'));
            }
            State f = term.vectorField(t, State.of(vars));
            Tensor[] outs = f.parts().toArray(new Tensor[0]);
            for (Tensor o : outs) {
                if (!o.requiresGrad()) {
                    return null;
                }
            }
            int n = (int) y.totalLength();
            double[][] jac = new double[n][];
            int r = 0;
            for (int p = 0; p < outs.length; p++) {
                int len = (int) outs[p].length();
                for (int i = 0; i < len; i++) {
                    Tensor[] seeds = new Tensor[outs.length];
                    for (int q = 0; q < outs.length; q++) {
                        seeds[q] = Tensor.zeros(outs[q].dtype(), outs[q].shape());
                    }
                    double[] hot = new double[len];
                    hot[i] = 1;
                    seeds[p] = Tensor.constant(Nd4j.createFromArray(hot).castTo(outs[p].dtype())
                            .reshape(outs[p].shape()));
                    Tensor[] g = Autodiff.grad(outs, vars, seeds, false);
                    jac[r++] = values(State.of(g));
                }
            }
            return jac;
        } finally {
            on.close();
        }
    }
}
