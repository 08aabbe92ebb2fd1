package io.github.flows4j.convex.testing;

import io.github.flows4j.convex.logdet.HessianOperator;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dense per-row Hessians of scalar functions of [batch, d] points, for tests (float64, small d). */
public final class Hessians {
    private Hessians() {
    }

    /**
     * @param potential x ↦ [batch, 1] (rows independent)
     * @param x         [batch, d], float64
     * @return H[b][i][j] = ∂²F(x_b)/∂x_i∂x_j
     */
    @SuppressWarnings("try") // the scopes release intermediates and restore the grad mode
    public static double[][][] of(UnaryOperator<Tensor> potential, INDArray x) {
        try (TensorScope scope = TensorScope.open(); GradMode.Scope on = GradMode.enableGrad()) {
            Tensor xv = Tensor.variable(x);
            Tensor f = Autodiff.grad(new Tensor[] {potential.apply(xv).sum()}, new Tensor[] {xv}, null, true)[0];
            return of(new HessianOperator(xv, f));
        }
    }

    /**
     * @param h a Hessian operator
     * @return its dense rows, H[b][i][j]
     */
    public static double[][][] of(HessianOperator h) {
        int n = (int) h.batch();
        int d = h.dim();
        double[][][] out = new double[n][d][d];
        for (int j = 0; j < d; j++) {
            INDArray e = Nd4j.zeros(h.dtype(), n, d);
            e.getColumn(j).assign(1);
            double[] col = HostArrays.toDoubles(h.apply(Tensor.constant(e), false).value());
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < d; i++) {
                    out[b][i][j] = col[b * d + i];
                }
            }
        }
        return out;
    }

    /**
     * @param m a symmetric matrix
     * @return its eigenvalues
     */
    public static double[] eigenvalues(double[][] m) {
        int d = m.length;
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i][j] = 0.5 * (m[i][j] + m[j][i]);
            }
        }
        return new EigenDecomposition(new Array2DRowRealMatrix(s)).getRealEigenvalues();
    }

    /**
     * @param m a square matrix
     * @return max |m_ij − m_ji|
     */
    public static double asymmetry(double[][] m) {
        double a = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                a = Math.max(a, Math.abs(m[i][j] - m[j][i]));
            }
        }
        return a;
    }

    /**
     * @param m a symmetric positive-definite matrix
     * @return log det m
     */
    public static double logDet(double[][] m) {
        double s = 0;
        for (double l : eigenvalues(m)) {
            s += Math.log(l);
        }
        return s;
    }

    /**
     * @param values row-major values
     * @param type   the type
     * @param shape  the shape
     * @return the array
     */
    public static INDArray array(double[] values, DataType type, long... shape) {
        return HostArrays.fromDoubles(values, type, shape);
    }
}
