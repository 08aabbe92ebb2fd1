package io.github.flows4j.convex.ot;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Optimal transport between Gaussians in closed form. The squared 2-Wasserstein distance between N(m₁, C₁) and
 * N(m₂, C₂) is the Bures–Wasserstein formula (Dowson and Landau 1982; Olkin and Pukelsheim 1982)
 * <pre>
 *   W₂² = ‖m₁ − m₂‖² + tr(C₁ + C₂ − 2 (C₂^{1/2} C₁ C₂^{1/2})^{1/2}),
 * </pre>
 * and for C₁ positive definite the optimal (Monge) map is T(x) = m₂ + A (x − m₁) with
 * A = C₁^{−1/2} (C₁^{1/2} C₂ C₁^{1/2})^{1/2} C₁^{−1/2}, symmetric positive definite — the gradient of the convex
 * potential ½ xᵀA x + (m₂ − A m₁)ᵀx (Brenier). Matrix square roots come from symmetric eigendecompositions in float64.
 *
 * <pre>{@code
 * INDArray m1 = Nd4j.createFromArray(1.5, 1.0);
 * INDArray c1 = Nd4j.createFromArray(new double[][] {{0.9, -0.75}, {-0.75, 0.9}});
 * INDArray m2 = Nd4j.zeros(DataType.DOUBLE, 2);
 * INDArray c2 = Nd4j.eye(2).castTo(DataType.DOUBLE);
 * double w2 = GaussianTransport.w2Squared(m1, c1, m2, c2);     // 3.7064
 * }</pre>
 */
public final class GaussianTransport {
    private GaussianTransport() {
    }

    /**
     * @param mean1 m₁, [d]
     * @param cov1  C₁, [d, d], symmetric positive semi-definite
     * @param mean2 m₂, [d]
     * @param cov2  C₂, [d, d], symmetric positive semi-definite
     * @return W₂²(N(m₁, C₁), N(m₂, C₂)) &ge; 0
     * @throws ShapeMismatchException if the shapes disagree
     * @throws InvalidConfigException if a covariance is not symmetric positive semi-definite
     */
    public static double w2Squared(INDArray mean1, INDArray cov1, INDArray mean2, INDArray cov2) {
        Pair g = Pair.of(mean1, cov1, mean2, cov2);
        RealMatrix s2 = power(g.c2, 0.5, "cov2");
        RealMatrix cross = power(s2.multiply(g.c1).multiply(s2), 0.5, "C2^1/2 C1 C2^1/2");
        RealVector dm = g.m1.subtract(g.m2);
        double w2 = dm.dotProduct(dm) + g.c1.getTrace() + g.c2.getTrace() - 2 * cross.getTrace();
        return Math.max(w2, 0);
    }

    /**
     * @param mean1 m₁, [d]
     * @param cov1  C₁, [d, d], symmetric positive definite
     * @param mean2 m₂, [d]
     * @param cov2  C₂, [d, d], symmetric positive semi-definite
     * @return the optimal map T(x) = A x + (m₂ − A m₁), pushing N(m₁, C₁) to N(m₂, C₂), in float64
     * @throws ShapeMismatchException if the shapes disagree
     * @throws InvalidConfigException if C₁ is not positive definite or C₂ not positive semi-definite
     */
    public static AffineMap optimalMap(INDArray mean1, INDArray cov1, INDArray mean2, INDArray cov2) {
        Pair g = Pair.of(mean1, cov1, mean2, cov2);
        int d = g.m1.getDimension();
        RealMatrix s1 = power(g.c1, 0.5, "cov1");
        RealMatrix s1inv = power(g.c1, -0.5, "cov1");
        RealMatrix mid = power(s1.multiply(g.c2).multiply(s1), 0.5, "C1^1/2 C2 C1^1/2");
        RealMatrix a = symmetrise(s1inv.multiply(mid).multiply(s1inv));
        RealVector b = g.m2.subtract(a.operate(g.m1));
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(a.getRow(i), 0, flat, i * d, d);
        }
        return new AffineMap(HostArrays.fromDoubles(flat, DataType.DOUBLE, d, d),
                HostArrays.fromDoubles(b.toArray(), DataType.DOUBLE, d));
    }

    /** Two Gaussians' parameters, checked and converted to float64. */
    private record Pair(RealVector m1, RealMatrix c1, RealVector m2, RealMatrix c2) {
        static Pair of(INDArray mean1, INDArray cov1, INDArray mean2, INDArray cov2) {
            int d = dim(mean1, "mean1");
            return new Pair(vector(mean1, "mean1", d), covariance(cov1, "cov1", d), vector(mean2, "mean2", d),
                    covariance(cov2, "cov2", d));
        }
    }

    private static int dim(INDArray mean, String name) {
        if (!mean.isVector() && mean.length() != 1) {
            throw ShapeMismatchException.of(name, "[d]", mean.shape());
        }
        return (int) mean.length();
    }

    private static RealVector vector(INDArray a, String name, int d) {
        if ((!a.isVector() && a.length() != 1) || a.length() != d) {
            throw ShapeMismatchException.of(name, "[" + d + "]", a.shape());
        }
        return new ArrayRealVector(HostArrays.toDoubles(a), false);
    }

    private static RealMatrix covariance(INDArray a, String name, int d) {
        if (a.rank() != 2 || a.size(0) != d || a.size(1) != d) {
            throw ShapeMismatchException.of(name, "[" + d + ", " + d + "]", a.shape());
        }
        double[] v = HostArrays.toDoubles(a);
        double[][] m = new double[d][d];
        double scale = 0;
        for (int i = 0; i < d; i++) {
            System.arraycopy(v, i * d, m[i], 0, d);
            for (int j = 0; j < d; j++) {
                scale = Math.max(scale, Math.abs(v[i * d + j]));
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                if (!(Math.abs(m[i][j] - m[j][i]) <= 1e-9 * Math.max(scale, 1e-300))) {
                    throw InvalidConfigException.of(name, "symmetric", name + "[" + i + "][" + j + "] = " + m[i][j]
                            + " but " + name + "[" + j + "][" + i + "] = " + m[j][i]);
                }
            }
        }
        return symmetrise(new Array2DRowRealMatrix(m, false));
    }

    /**
     * M^p for a symmetric PSD matrix (p = ±½), by eigendecomposition; negative p needs a positive definite M.
     * Eigenvalues below 1e-10 of the largest count as 0.
     */
    private static RealMatrix power(RealMatrix m, double p, String name) {
        EigenDecomposition eig = new EigenDecomposition(symmetrise(m));
        double[] lambda = eig.getRealEigenvalues();
        double max = 0;
        for (double l : lambda) {
            max = Math.max(max, Math.abs(l));
        }
        double tol = 1e-10 * Math.max(max, 1e-300);
        RealMatrix v = eig.getV();
        int d = lambda.length;
        double[][] scaled = new double[d][d];
        for (int k = 0; k < d; k++) {
            double l = lambda[k];
            if (l < -tol) {
                throw InvalidConfigException.of(name, "positive semi-definite", "an eigenvalue " + l);
            }
            if (p < 0 && l <= tol) {
                throw InvalidConfigException.of(name, "positive definite", "an eigenvalue " + l);
            }
            // eigenvalues within round-off of 0 are 0: √(1e-16) would add an error of 1e-8
            double f = l <= tol ? 0 : Math.pow(l, p);
            for (int i = 0; i < d; i++) {
                scaled[i][k] = v.getEntry(i, k) * f;
            }
        }
        return symmetrise(new Array2DRowRealMatrix(scaled, false).multiply(v.transpose()));
    }

    private static RealMatrix symmetrise(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
