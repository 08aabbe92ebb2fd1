package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Symmetric positive definite n×n matrices with the affine-invariant metric g_X(U, V) = tr(X⁻¹UX⁻¹V) (Pennec et
 * al. 2006; Chen and Lipman 2024, §5.1, Table 1). Each point or tangent vector is one row holding the matrix in
 * row-major order, [batch, n²]; tangent vectors are symmetric matrices. With Z = X^{−½} Y X^{−½}:
 * <ul>
 *   <li>exp_X(U) = X^{½} expm(X^{−½} U X^{−½}) X^{½}; log_X(Y) = X^{½} logm(Z) X^{½};</li>
 *   <li>dist(X, Y) = ‖logm Z‖_F = (Σ_i log² λ_i(Z))^{½};</li>
 *   <li>proju(X, U) = (U + Uᵀ)/2, the g_X-orthogonal projection onto symmetric matrices; projx symmetrises and
 *       raises eigenvalues below 1e-8 · max(1, λ_max) to that floor.</li>
 * </ul>
 * Matrix functions go through a cyclic Jacobi eigendecomposition in float64 per row (these maps are not
 * differentiable Tensors). Points count as SPD when symmetric within tol · max(1, ‖X‖_F) (tol 1e-4 float32, 1e-8
 * float64) with all eigenvalues positive.
 *
 * <p>The base distribution is the {@link WrappedNormalFamily wrapped normal} at the identity with the
 * construction-time scale σ: S = Σ_k ξ_k B_k with ξ ~ N(0, σ²I) in the orthonormal basis {E_ii, (E_ij + E_ji)/√2}
 * of the tangent space at I, and X = expm(S); a mean M ≠ I is reached by the isometry X ↦ M^{½} X M^{½}. SPD(n)
 * is a symmetric space of non-positive curvature, so exp is a diffeomorphism and the density is
 * <pre>
 *   log p(X) = −‖S‖²_F/(2σ²) − (d/2) log(2πσ²) − Σ_{i&lt;j} log( sinh(δ_ij/2) / (δ_ij/2) ),
 * </pre>
 * d = n(n+1)/2, δ_ij = |l_i − l_j| for the eigenvalues l of S = logm(M^{−½} X M^{−½}) — the Jacobian of exp at I,
 * whose Jacobi fields along a direction E_ij grow as sinh(δ_ij t/2)/(δ_ij/2).
 *
 * <pre>{@code
 * SpdMatrices spd = new SpdMatrices(3, 0.5);          // 3×3 SPD, rows of 9 entries
 * INDArray x = spd.randomBase(Rng.seeded(1), DataType.DOUBLE, 100);
 * INDArray d = spd.dist(x, spd.identity(DataType.DOUBLE, 100));
 * }</pre>
 */
public final class SpdMatrices extends RowManifold implements WrappedNormalBase {
    private final int n;
    private final double baseScale;

    /**
     * SPD(n) with a unit-scale wrapped normal base at the identity.
     *
     * @param n the matrix size, &ge; 1
     * @throws InvalidConfigException if n &lt; 1
     */
    public SpdMatrices(int n) {
        this(n, 1.0);
    }

    /**
     * @param n         the matrix size, &ge; 1
     * @param baseScale σ of the wrapped normal base at the identity, positive and finite
     * @throws InvalidConfigException if n &lt; 1 or σ is not positive and finite
     */
    public SpdMatrices(int n, double baseScale) {
        super(atLeast("n", n, 1) * n);
        Rows.checkScale(baseScale);
        this.n = n;
        this.baseScale = baseScale;
    }

    /** @return n, the matrix size */
    public int matrixSize() {
        return n;
    }

    /** {@inheritDoc} n(n + 1)/2. */
    @Override
    public int intrinsicDim() {
        return n * (n + 1) / 2;
    }

    /**
     * @param type  FLOAT or DOUBLE
     * @param count rows
     * @return the identity matrix repeated, [count, n²]
     */
    public INDArray identity(DataType type, long count) {
        double[] eye = new double[dim];
        for (int k = 0; k < n; k++) {
            eye[k * n + k] = 1;
        }
        return repeat(eye, type, count);
    }

    /** {@inheritDoc} The identity. */
    @Override
    public INDArray basePoint(DataType type, long count) {
        return identity(type, count);
    }

    @Override
    public double baseScale() {
        return baseScale;
    }

    @Override
    public INDArray projx(INDArray x) {
        double[] v = Rows.read("x", x, dim);
        for (int o = 0; o < v.length; o += dim) {
            SymmetricEigen e = SymmetricEigen.of(v, o, n);
            double floor = 1e-8 * Math.max(1, e.values[n - 1]);
            System.arraycopy(e.apply(l -> Math.max(l, floor)), 0, v, o, dim);
        }
        return HostArrays.fromDoubles(v, x.dataType(), x.shape());
    }

    @Override
    public INDArray proju(INDArray x, INDArray u) {
        points("x", x);
        double[] us = Rows.readLike("u", u, x, dim);
        for (int o = 0; o < us.length; o += dim) {
            symmetrise(us, o);
        }
        return HostArrays.fromDoubles(us, x.dataType(), x.shape());
    }

    /** Square root and inverse square root of the SPD row at o. */
    private double[][] roots(double[] v, int o) {
        SymmetricEigen e = SymmetricEigen.of(v, o, n);
        return new double[][] {e.apply(Math::sqrt), e.apply(l -> 1 / Math.sqrt(l))};
    }

    @Override
    public INDArray expmap(INDArray x, INDArray u) {
        double[] xs = points("x", x);
        double[] us = Rows.readLike("u", u, x, dim);
        double tol = Rows.tolerance(x.dataType());
        double[] out = new double[xs.length];
        for (int o = 0; o < xs.length; o += dim) {
            double asym = asymmetry(us, o);
            double bound = tol * Math.max(1, frobenius(us, o));
            if (!(asym <= bound)) {
                throw new OffManifoldException("u row " + o / dim + " must be a symmetric matrix: max |U_ij − U_ji| <= "
                        + bound + "; got " + asym);
            }
            System.arraycopy(expRow(xs, o, us, o), 0, out, o, dim);
        }
        return HostArrays.fromDoubles(out, x.dataType(), x.shape());
    }

    private double[] expRow(double[] xs, int ox, double[] us, int ou) {
        double[][] r = roots(xs, ox);
        double[] inner = SymmetricEigen.congruence(r[1], slice(us, ou), n);
        double[] e = SymmetricEigen.of(inner, 0, n).apply(Math::exp);
        return SymmetricEigen.congruence(r[0], e, n);
    }

    @Override
    public INDArray logmap(INDArray x, INDArray y) {
        double[] xs = points("x", x);
        Rows.readLike("y", y, x, dim);
        double[] ys = points("y", y);
        double[] out = new double[xs.length];
        for (int o = 0; o < xs.length; o += dim) {
            double[][] r = roots(xs, o);
            double[] z = SymmetricEigen.congruence(r[1], slice(ys, o), n);
            double[] l = SymmetricEigen.of(z, 0, n).apply(Math::log);
            System.arraycopy(SymmetricEigen.congruence(r[0], l, n), 0, out, o, dim);
        }
        return HostArrays.fromDoubles(out, x.dataType(), x.shape());
    }

    @Override
    public INDArray dist(INDArray x, INDArray y) {
        double[] xs = points("x", x);
        Rows.readLike("y", y, x, dim);
        double[] ys = points("y", y);
        double[] out = new double[xs.length / dim];
        for (int o = 0; o < xs.length; o += dim) {
            double[][] r = roots(xs, o);
            double[] lambda = SymmetricEigen.of(SymmetricEigen.congruence(r[1], slice(ys, o), n), 0, n).values;
            double s = 0;
            for (double l : lambda) {
                double lg = Math.log(l);
                s += lg * lg;
            }
            out[o / dim] = Math.sqrt(s);
        }
        return HostArrays.fromDoubles(out, x.dataType(), out.length);
    }

    /** {@inheritDoc} tr(X⁻¹UX⁻¹V), computed as ⟨X^{−½}UX^{−½}, X^{−½}VX^{−½}⟩_F. */
    @Override
    public INDArray inner(INDArray x, INDArray u, INDArray v) {
        double[] xs = points("x", x);
        double[] us = Rows.readLike("u", u, x, dim);
        double[] vs = Rows.readLike("v", v, x, dim);
        double[] out = new double[xs.length / dim];
        for (int o = 0; o < xs.length; o += dim) {
            double[] isq = roots(xs, o)[1];
            double[] a = SymmetricEigen.multiply(SymmetricEigen.multiply(isq, slice(us, o), n), isq, n);
            double[] b = SymmetricEigen.multiply(SymmetricEigen.multiply(isq, slice(vs, o), n), isq, n);
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    s += a[i * n + j] * b[j * n + i];
                }
            }
            out[o / dim] = s;
        }
        return HostArrays.fromDoubles(out, x.dataType(), out.length);
    }

    @Override
    double[] points(String name, INDArray x) {
        double[] v = Rows.read(name, x, dim);
        double tol = Rows.tolerance(x.dataType());
        for (int o = 0; o < v.length; o += dim) {
            double asym = asymmetry(v, o);
            double bound = tol * Math.max(1, frobenius(v, o));
            if (!(asym <= bound)) {
                throw new OffManifoldException(name + " row " + o / dim + " must be a symmetric matrix: "
                        + "max |X_ij − X_ji| <= " + bound + "; got " + asym + " (project with projx)");
            }
            double min = SymmetricEigen.of(v, o, n).values[0];
            if (!(min > 0)) {
                throw new OffManifoldException(name + " row " + o / dim + " must be positive definite: smallest "
                        + "eigenvalue > 0; got " + min + " (project with projx)");
            }
            symmetrise(v, o);
        }
        return v;
    }

    /** Replaces the matrix at o by (M + Mᵀ)/2. */
    private void symmetrise(double[] v, int o) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.5 * (v[o + i * n + j] + v[o + j * n + i]);
                v[o + i * n + j] = s;
                v[o + j * n + i] = s;
            }
        }
    }

    private double asymmetry(double[] v, int o) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                m = Math.max(m, Math.abs(v[o + i * n + j] - v[o + j * n + i]));
            }
        }
        return m;
    }

    private double frobenius(double[] v, int o) {
        return Math.sqrt(Rows.dot(v, o, v, o, dim));
    }

    private double[] slice(double[] v, int o) {
        return java.util.Arrays.copyOfRange(v, o, o + dim);
    }

    @Override
    public INDArray sampleWrappedNormal(INDArray mean, double scale, Rng rng) {
        double[] mu = points("mean", mean);
        Rows.checkScale(scale);
        double[] out = new double[mu.length];
        double[] s = new double[dim];
        double r2 = Math.sqrt(0.5);
        for (int o = 0; o < mu.length; o += dim) {
            for (int i = 0; i < n; i++) {
                s[i * n + i] = scale * rng.nextGaussian();
                for (int j = i + 1; j < n; j++) {
                    double g = scale * r2 * rng.nextGaussian();
                    s[i * n + j] = g;
                    s[j * n + i] = g;
                }
            }
            double[] e = SymmetricEigen.of(s, 0, n).apply(Math::exp);
            double[] sq = SymmetricEigen.of(mu, o, n).apply(Math::sqrt);
            System.arraycopy(SymmetricEigen.congruence(sq, e, n), 0, out, o, dim);
        }
        return HostArrays.fromDoubles(out, mean.dataType(), mean.shape());
    }

    @Override
    public INDArray wrappedNormalLogProb(INDArray x, INDArray mean, double scale) {
        double[] xs = points("x", x);
        double[] mu = means(mean, x);
        Rows.checkScale(scale);
        int rows = xs.length / dim;
        int d = intrinsicDim();
        double c = Rows.logNormaliser(d) - d * Math.log(scale);
        double[] out = new double[rows];
        double[] isq = null;
        for (int i = 0; i < rows; i++) {
            if (isq == null || mu.length != dim) {
                isq = roots(mu, mu.length == dim ? 0 : i * dim)[1];
            }
            double[] l = SymmetricEigen.of(SymmetricEigen.congruence(isq, slice(xs, i * dim), n), 0, n).values;
            double s2 = 0;
            double logJac = 0;
            for (int a = 0; a < n; a++) {
                l[a] = Math.log(l[a]);
                s2 += l[a] * l[a];
            }
            for (int a = 0; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    double h = 0.5 * Math.abs(l[a] - l[b]);
                    logJac += h < 1e-4 ? h * h / 6 : Math.log(Math.sinh(h) / h);
                }
            }
            out[i] = c - 0.5 * s2 / (scale * scale) - logJac;
        }
        return HostArrays.fromDoubles(out, x.dataType(), rows);
    }

    @Override
    public String toString() {
        return "SpdMatrices(" + n + "x" + n + ", affine-invariant)";
    }
}
