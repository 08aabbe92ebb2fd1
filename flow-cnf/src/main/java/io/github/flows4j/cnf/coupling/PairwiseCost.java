package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pairwise cost matrices between two point clouds, as the flat row-major {@code double[]} that
 * {@link LinearAssignment} and {@link Sinkhorn} take.
 *
 * <p>The squared Euclidean cost {@code C_ij = ||x0_i - x1_j||² = ||x0_i||² + ||x1_j||² - 2 <x0_i, x1_j>} is one
 * GEMM ({@code -2 · X0 · X1ᵀ}) plus the row norms, computed in float64 whatever the inputs' type; entries that
 * cancellation pushes below zero are clamped to 0.
 *
 * <pre>{@code
 * double[] c = PairwiseCost.squaredEuclidean(x0, x1);     // x0: [n, d], x1: [m, d] -> c: n*m, row-major
 * LinearAssignment.Result r = LinearAssignment.solve(c, n); // when n == m
 * }</pre>
 */
final class PairwiseCost {
    private PairwiseCost() {
    }

    /**
     * @param x0 first point cloud, shape {@code [n, dim]}, FLOAT or DOUBLE, finite
     * @param x1 second point cloud, shape {@code [m, dim]}, FLOAT or DOUBLE, finite
     * @return {@code C[i * m + j] = ||x0_i - x1_j||²}, length {@code n * m}
     * @throws ShapeMismatchException                    if either is not {@code [rows, dim]} or their dims differ
     * @throws io.github.flows4j.core.DTypeMismatchException if either is not floating point
     * @throws NonFiniteException                        if an input holds NaN or infinity, or a distance overflows
     */
    public static double[] squaredEuclidean(INDArray x0, INDArray x1) {
        Batches.checkMatrix("x0", x0);
        Batches.checkMatrix("x1", x1);
        if (x0.size(1) != x1.size(1)) {
            throw ShapeMismatchException.of("x1", "[m, " + x0.size(1) + "] (the dim of x0)", x1.shape());
        }
        int d = (int) x0.size(1);
        return squaredEuclidean(Batches.finiteRowMajor("x0", x0), Batches.finiteRowMajor("x1", x1), d);
    }

    /** The cost from checked, finite row-major coordinates {@code a: [n, d]}, {@code b: [m, d]}. */
    static double[] squaredEuclidean(double[] a, double[] b, int d) {
        int n = a.length / d;
        int m = b.length / d;
        if ((long) n * m > Integer.MAX_VALUE) {
            throw ShapeMismatchException.of("cost", "at most 2^31-1 entries", new long[] {n, m});
        }
        INDArray am = Nd4j.createFromArray(a).reshape('c', n, d);
        INDArray bm = Nd4j.createFromArray(b).reshape('c', m, d);
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {n, m}, 'c');
        Nd4j.gemm(am, bm, out, false, true, -2.0, 0.0);
        double[] c = out.data().asDouble();
        double[] na = rowNorms(a, d);
        double[] nb = rowNorms(b, d);
        for (int i = 0; i < n; i++) {
            int base = i * m;
            double ai = na[i];
            for (int j = 0; j < m; j++) {
                double v = c[base + j] + ai + nb[j];
                if (!Double.isFinite(v)) {
                    throw new NonFiniteException("cost ||x0_i - x1_j||^2 overflows double at [" + i + ", " + j
                            + "]; rescale x0 and x1");
                }
                c[base + j] = Math.max(v, 0.0);
            }
        }
        return c;
    }

    private static double[] rowNorms(double[] x, int d) {
        double[] r = new double[x.length / d];
        for (int i = 0; i < r.length; i++) {
            double s = 0;
            for (int k = i * d, end = k + d; k < end; k++) {
                s += x[k] * x[k];
            }
            r[i] = s;
        }
        return r;
    }
}
