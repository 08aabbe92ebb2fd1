package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The smallest eigenpairs of a sparse generalised symmetric problem K φ = λ M φ, with K symmetric positive
 * semi-definite (a stiffness matrix) and M a positive diagonal (a lumped mass matrix), by thick-restart Lanczos on
 * the shift-inverted operator T = (K − σM)⁻¹ M (Ericsson and Ruhe 1980; Wu and Simon 2000).
 *
 * <p>T is self-adjoint in the M-inner product and its eigenvalues θ = 1/(λ − σ) are largest for the λ nearest σ,
 * where Lanczos converges fastest. The shift σ = −10⁻⁶ · tr K / tr M sits just below the spectrum, so K − σM is
 * positive definite even though K is singular on a closed mesh, and is factored once by {@link SparseCholesky}.
 * The Krylov basis (m = max(2k + 20, k + 40) vectors) is kept M-orthonormal by two passes of classical Gram–Schmidt;
 * when the k wanted Ritz pairs have not converged, the best k + (m − k)/2 Ritz vectors are kept and the basis is
 * rebuilt from them and the last residual (thick restart). The eigenvalues returned are Rayleigh quotients
 * φᵀKφ / φᵀMφ of the converged Ritz vectors. Problems with n ≤ 500, or whose Krylov basis would span at least half
 * of a space of dimension ≤ 3000, are solved densely instead (Commons Math on M^{−½} K M^{−½}).
 *
 * <pre>{@code
 * Eigenpairs eig = ShiftInvertLanczos.solve(lap.stiffness(), lap.massDiagonal(), 201, EigenOptions.defaults());
 * }</pre>
 */
final class ShiftInvertLanczos {
    private ShiftInvertLanczos() {
    }

    /**
     * @param k       the stiffness matrix K, symmetric positive semi-definite, [n, n]
     * @param mass    the diagonal of M, positive, [n]
     * @param count   how many eigenpairs, in [1, n]
     * @param options tolerance, restart budget and seed
     * @return the {@code count} smallest eigenpairs, ascending, M-orthonormal
     * @throws ShapeMismatchException      if K is not square or the mass has the wrong length
     * @throws InvalidConfigException      if count is out of range, a mass is not positive, or K − σM is not
     *                                     positive definite (K not positive semi-definite)
     * @throws EigenNotConvergedException  if the restart budget runs out first
     */
    public static Eigenpairs solve(SparseMatrix k, double[] mass, int count, EigenOptions options) {
        int n = k.rows();
        if (k.cols() != n) {
            throw ShapeMismatchException.of("k", "square", new long[] {k.rows(), k.cols()});
        }
        if (mass.length != n) {
            throw ShapeMismatchException.of("mass", "[" + n + "]", new long[] {mass.length});
        }
        if (count < 1 || count > n) {
            throw InvalidConfigException.of("count", "in [1, " + n + "]", count);
        }
        double trK = 0;
        double trM = 0;
        for (int i = 0; i < n; i++) {
            if (!(mass[i] > 0)) {
                throw InvalidConfigException.of("mass[" + i + "]", "> 0", mass[i]);
            }
            trK += k.get(i, i);
            trM += mass[i];
        }
        int m = Math.min(n, Math.max(2 * count + 20, count + 40));
        if (n <= 500 || (2 * m >= n && n <= 3000)) {
            return dense(k, mass, count);
        }
        double sigma = -1e-6 * (trK > 0 ? trK / trM : 1);
        return new Run(k, mass, count, m, sigma, options).solve();
    }

    private static Eigenpairs dense(SparseMatrix k, double[] mass, int count) {
        int n = k.rows();
        double[][] a = k.toDense();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 1 / Math.sqrt(mass[i]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] *= s[i] * s[j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = 0.5 * (a[i][j] + a[j][i]);
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(a, false));
        double[] lam = e.getRealEigenvalues();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(lam[x], lam[y]));
        RealMatrix v = e.getV();
        double[][] vectors = new double[count][];
        double[] values = new double[count];
        for (int c = 0; c < count; c++) {
            double[] y = v.getColumn(order[c]);
            for (int i = 0; i < n; i++) {
                y[i] *= s[i];
            }
            vectors[c] = y;
        }
        return finish(k, mass, vectors, values);
    }

    /** M-normalises, fixes signs, sets Rayleigh-quotient eigenvalues and sorts ascending. */
    private static Eigenpairs finish(SparseMatrix k, double[] mass, double[][] vectors, double[] values) {
        int count = vectors.length;
        for (int c = 0; c < count; c++) {
            double[] y = vectors[c];
            double ym = 0;
            for (int i = 0; i < y.length; i++) {
                ym += y[i] * mass[i] * y[i];
            }
            double norm = Math.sqrt(ym);
            int big = 0;
            for (int i = 0; i < y.length; i++) {
                if (Math.abs(y[i]) > Math.abs(y[big])) {
                    big = i;
                }
            }
            double scale = (y[big] < 0 ? -1 : 1) / norm;
            for (int i = 0; i < y.length; i++) {
                y[i] *= scale;
            }
            double[] ky = k.multiply(y);
            double yky = 0;
            for (int i = 0; i < y.length; i++) {
                yky += y[i] * ky[i];
            }
            values[c] = yky;
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[] sv = new double[count];
        double[][] svec = new double[count][];
        for (int i = 0; i < count; i++) {
            sv[i] = values[order[i]];
            svec[i] = vectors[order[i]];
        }
        return new Eigenpairs(sv, svec);
    }

    /** One solve: the basis, the projected matrix and the factorisation. */
    private static final class Run {
        private final SparseMatrix k;
        private final double[] mass;
        private final int count;
        private final int m;
        private final int n;
        private final EigenOptions options;
        private final SparseCholesky chol;
        private final double[][] basis;
        private final double[][] h;
        private final Rng rng;

        Run(SparseMatrix k, double[] mass, int count, int m, double sigma, EigenOptions options) {
            this.k = k;
            this.mass = mass;
            this.count = count;
            this.m = m;
            this.n = k.rows();
            this.options = options;
            int[] r = new int[n];
            int[] c = new int[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = i;
                c[i] = i;
                v[i] = -sigma * mass[i];
            }
            SparseMatrix shift = SparseMatrix.fromTriplets(n, n, r, c, v);
            this.chol = SparseCholesky.factor(add(k, shift));
            this.basis = new double[m + 1][];
            this.h = new double[m][m];
            this.rng = Rng.seeded(options.seed());
        }

        private static SparseMatrix add(SparseMatrix a, SparseMatrix b) {
            int nnz = a.nonZeros() + b.nonZeros();
            int[] r = new int[nnz];
            int[] c = new int[nnz];
            double[] v = new double[nnz];
            int e = 0;
            for (SparseMatrix s : new SparseMatrix[] {a, b}) {
                int[] st = s.rowStart();
                int[] ci = s.colIndex();
                double[] vals = s.values();
                for (int i = 0; i < s.rows(); i++) {
                    for (int p = st[i]; p < st[i + 1]; p++) {
                        r[e] = i;
                        c[e] = ci[p];
                        v[e++] = vals[p];
                    }
                }
            }
            return SparseMatrix.fromTriplets(a.rows(), a.cols(), r, c, v);
        }

        private double[] apply(double[] x) {
            double[] mx = new double[n];
            for (int i = 0; i < n; i++) {
                mx[i] = mass[i] * x[i];
            }
            return chol.solve(mx);
        }

        private double massNorm(double[] w) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += w[i] * mass[i] * w[i];
            }
            return Math.sqrt(s);
        }

        private double massDot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += a[i] * mass[i] * b[i];
            }
            return s;
        }

        /** One pass of classical Gram–Schmidt of w against basis[0..upto); returns the coefficients. */
        private double[] gramSchmidt(double[] w, int upto) {
            double[] mw = new double[n];
            for (int i = 0; i < n; i++) {
                mw[i] = mass[i] * w[i];
            }
            double[] coef = new double[upto];
            for (int b = 0; b < upto; b++) {
                coef[b] = dot(basis[b], mw);
            }
            for (int b = 0; b < upto; b++) {
                axpy(-coef[b], basis[b], w);
            }
            return coef;
        }

        /** Two passes of Gram–Schmidt of w against basis[0..upto). */
        private void orthogonalise(double[] w, int upto) {
            gramSchmidt(w, upto);
            gramSchmidt(w, upto);
        }

        private double[] randomUnit(int upto) {
            for (int attempt = 0; attempt < 10; attempt++) {
                double[] w = new double[n];
                for (int i = 0; i < n; i++) {
                    w[i] = rng.nextGaussian();
                }
                orthogonalise(w, upto);
                double norm = massNorm(w);
                if (norm > 1e-8) {
                    scale(w, 1 / norm);
                    return w;
                }
            }
            throw new EigenNotConvergedException("could not extend the Krylov basis with a random vector "
                    + "M-orthogonal to " + upto + " others");
        }

        Eigenpairs solve() {
            basis[0] = randomUnit(0);
            int start = 0;
            double beta = 0;
            double[] theta = null;
            double[][] y = null;
            Integer[] order = null;
            for (int restart = 0; ; restart++) {
                for (int j = start; j < m; j++) {
                    double[] w = apply(basis[j]);
                    // the three-term recurrence removes the large components; one Gram–Schmidt pass against the
                    // whole basis then removes the round-off ones, and a second pass runs only if that pass
                    // cancelled much (Daniel, Gragg, Kaufman and Stewart 1976)
                    double alpha = massDot(basis[j], w);
                    axpy(-alpha, basis[j], w);
                    double prev = 0;
                    if (j > start) {
                        prev = h[j - 1][j];
                        axpy(-prev, basis[j - 1], w);
                    }
                    double before = massNorm(w);
                    double[] coef = gramSchmidt(w, j + 1);
                    beta = massNorm(w);
                    if (beta < 0.7 * before) {
                        double[] again = gramSchmidt(w, j + 1);
                        for (int i = 0; i <= j; i++) {
                            coef[i] += again[i];
                        }
                        beta = massNorm(w);
                    }
                    coef[j] += alpha;
                    if (j > start) {
                        coef[j - 1] += prev;
                    }
                    for (int i = 0; i <= j; i++) {
                        h[i][j] = coef[i];
                        h[j][i] = coef[i];
                    }
                    if (j + 1 < m) {
                        h[j][j + 1] = beta;
                        h[j + 1][j] = beta;
                    }
                    double scaleRef = Math.abs(coef[j]) + 1e-300;
                    if (beta > 1e-12 * scaleRef) {
                        scale(w, 1 / beta);
                        basis[j + 1] = w;
                    } else {
                        beta = 0;    // invariant subspace: continue from a fresh direction, if any is left
                        if (j + 1 < m) {
                            h[j][j + 1] = 0;
                            h[j + 1][j] = 0;
                            basis[j + 1] = randomUnit(j + 1);
                        } else {
                            basis[j + 1] = w;
                        }
                    }
                }
                double[][] sym = new double[m][m];
                for (int i = 0; i < m; i++) {
                    for (int jj = 0; jj < m; jj++) {
                        sym[i][jj] = 0.5 * (h[i][jj] + h[jj][i]);
                    }
                }
                EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(sym, false));
                double[] ev = e.getRealEigenvalues();
                RealMatrix vv = e.getV();
                order = new Integer[m];
                for (int i = 0; i < m; i++) {
                    order[i] = i;
                }
                final double[] evf = ev;
                Arrays.sort(order, (a, b) -> Double.compare(evf[b], evf[a]));
                theta = new double[m];
                y = new double[m][];
                int converged = 0;
                for (int i = 0; i < m; i++) {
                    theta[i] = ev[order[i]];
                    y[i] = vv.getColumn(order[i]);
                    if (i < count && Math.abs(beta * y[i][m - 1]) <= options.tolerance() * Math.abs(theta[i])) {
                        converged++;
                    }
                }
                if (converged == count) {
                    break;
                }
                if (restart >= options.maxRestarts()) {
                    throw new EigenNotConvergedException(converged + " of " + count + " eigenpairs converged to "
                            + options.tolerance() + " after " + restart + " restarts; raise maxRestarts or loosen "
                            + "tolerance");
                }
                // thick restart: keep the best p Ritz vectors and the residual direction
                int p = Math.min(m - 1, count + (m - count) / 2);
                double[][] kept = ritzVectors(y, p);
                double[] residual = basis[m];
                for (double[] row : h) {
                    Arrays.fill(row, 0);
                }
                for (int i = 0; i < p; i++) {
                    basis[i] = kept[i];
                    h[i][i] = theta[i];
                }
                for (int i = p; i <= m; i++) {
                    basis[i] = null;
                }
                basis[p] = residual;
                start = p;
            }
            double[][] vectors = ritzVectors(y, count);
            return finish(k, mass, vectors, new double[count]);
        }

        /** The first {@code p} Ritz vectors V y_i, computed in column blocks that stay in cache. */
        private double[][] ritzVectors(double[][] y, int p) {
            double[][] out = new double[p][n];
            int block = 512;
            for (int lo = 0; lo < n; lo += block) {
                int hi = Math.min(n, lo + block);
                for (int b = 0; b < m; b++) {
                    double[] vb = basis[b];
                    for (int i = 0; i < p; i++) {
                        double c = y[i][b];
                        double[] o = out[i];
                        for (int l = lo; l < hi; l++) {
                            o[l] += c * vb[l];
                        }
                    }
                }
            }
            return out;
        }
    }

    static double dot(double[] a, double[] b) {
        int n = a.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    static void scale(double[] x, double s) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= s;
        }
    }
}
