package io.github.flows4j.core.ode;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.term.Term;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test problems with exact solutions, shared by the ODE tests. */
final class Problems {
    /** A non-normal 3×3 matrix with complex eigenvalues; row-vector states evolve as {@code x' = x Aᵀ}. */
    static final double[][] A = {{-1.0, 2.0, 0.0}, {-2.0, -1.0, 0.5}, {0.3, 0.0, -0.5}};

    private Problems() {
    }

    static INDArray doubles(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.DOUBLE);
    }

    /** The linear field {@code x' = x Aᵀ} on x of shape [batch, 3]. */
    static Term linear() {
        Tensor at = Tensor.constant(doubles(A).transpose().dup('c'));
        return Term.of((t, x) -> x.matmul(at));
    }

    /**
     * A tuple state [x (batch, 3), z (batch, 1)]: {@code x' = x Aᵀ}, {@code z' = cos(t) z²} (nonlinear and
     * non-autonomous), so {@code z(t) = 1 / (1/z0 − sin t + sin t0)}.
     */
    static Term tuple() {
        Tensor at = Tensor.constant(doubles(A).transpose().dup('c'));
        return Term.ofState((t, y) -> State.of(y.get(0).matmul(at), y.get(1).square().mul(Math.cos(t))));
    }

    /** exp(A t) by scaling and squaring of a 24-term Taylor series (Commons Math matrices). */
    static RealMatrix expm(double[][] a, double t) {
        RealMatrix m = MatrixUtils.createRealMatrix(a).scalarMultiply(t);
        int s = Math.max(0, (int) Math.ceil(Math.log(Math.max(m.getNorm(), 1e-300)) / Math.log(2)) + 1);
        RealMatrix x = m.scalarMultiply(Math.pow(2, -s));
        RealMatrix term = MatrixUtils.createRealIdentityMatrix(a.length);
        RealMatrix sum = term;
        for (int k = 1; k <= 24; k++) {
            term = term.multiply(x).scalarMultiply(1.0 / k);
            sum = sum.add(term);
        }
        for (int i = 0; i < s; i++) {
            sum = sum.multiply(sum);
        }
        return sum;
    }

    /** The exact linear solution at t from x0 at t0, x0 of shape [batch, 3]: rows x0 exp(A (t − t0))ᵀ. */
    static INDArray linearExact(INDArray x0, double t0, double t) {
        RealMatrix e = expm(A, t - t0);
        double[][] rows = x0.toDoubleMatrix();
        double[][] out = new double[rows.length][];
        for (int b = 0; b < rows.length; b++) {
            out[b] = e.operate(rows[b]);
        }
        return doubles(out);
    }

    static INDArray x0() {
        return doubles(new double[][] {{1.0, -0.5, 0.25}, {0.2, 0.8, -1.0}});
    }

    static INDArray z0() {
        return doubles(new double[][] {{0.5}, {-0.7}});
    }

    static INDArray zExact(INDArray z0, double t0, double t) {
        INDArray inv = z0.rdiv(1.0).sub(Math.sin(t) - Math.sin(t0));
        return inv.rdiv(1.0);
    }

    static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
