package io.github.flows4j.manifold.manifold;

import java.util.function.DoubleUnaryOperator;

/**
 * Eigendecomposition A = V diag(λ) Vᵀ of a small dense symmetric matrix by the cyclic Jacobi method (Golub and
 * Van Loan §8.5): rotations annihilate off-diagonal entries until their norm falls below 1e-15 of the matrix
 * norm. It is accurate to high relative precision for SPD matrices, which is what the matrix square roots,
 * logarithms and exponentials of {@link SpdMatrices} need. Matrices are row-major double[n·n]; eigenvalues come
 * out ascending and V's columns are the eigenvectors.
 */
final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    final int n;
    /** ascending eigenvalues, [n] */
    final double[] values;
    /** row-major, column k is the k-th eigenvector, [n·n] */
    final double[] vectors;

    private SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    /** @return the decomposition of the symmetric part of {@code a} (row-major n×n, not modified) */
    static SymmetricEigen of(double[] a, int off, int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * n + j] = 0.5 * (a[off + i * n + j] + a[off + j * n + i]);
            }
        }
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        double norm = 0;
        for (double x : m) {
            norm += x * x;
        }
        double tiny = 1e-30 * norm;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off2 = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off2 += m[p * n + q] * m[p * n + q];
                }
            }
            if (off2 <= tiny) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    rotate(m, v, n, p, q);
                }
            }
        }
        double[] lambda = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = m[i * n + i];
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(lambda[x], lambda[y]));
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int k = 0; k < n; k++) {
            values[k] = lambda[order[k]];
            for (int i = 0; i < n; i++) {
                vectors[i * n + k] = v[i * n + order[k]];
            }
        }
        return new SymmetricEigen(n, values, vectors);
    }

    /** One Jacobi rotation zeroing m[p][q]; accumulates it into v. */
    private static void rotate(double[] m, double[] v, int n, int p, int q) {
        double apq = m[p * n + q];
        if (apq == 0) {
            return;
        }
        double app = m[p * n + p];
        double aqq = m[q * n + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double mkp = m[k * n + p];
            double mkq = m[k * n + q];
            m[k * n + p] = c * mkp - s * mkq;
            m[k * n + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p * n + k];
            double mqk = m[q * n + k];
            m[p * n + k] = c * mpk - s * mqk;
            m[q * n + k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k * n + p];
            double vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }

    /** @return V diag(f(λ)) Vᵀ, row-major */
    double[] apply(DoubleUnaryOperator f) {
        double[] fl = new double[n];
        for (int k = 0; k < n; k++) {
            fl[k] = f.applyAsDouble(values[k]);
        }
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += vectors[i * n + k] * fl[k] * vectors[j * n + k];
                }
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
        return out;
    }

    /** @return a·b for row-major n×n matrices */
    static double[] multiply(double[] a, double[] b, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                if (aik == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += aik * b[k * n + j];
                }
            }
        }
        return out;
    }

    /** @return a·b·a for row-major n×n matrices, symmetrised (a and b symmetric) */
    static double[] congruence(double[] a, double[] b, int n) {
        double[] out = multiply(multiply(a, b, n), a, n);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.5 * (out[i * n + j] + out[j * n + i]);
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
        return out;
    }
}
