package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hyperbolic space Hⁿ (curvature −1) in the Lorentz (hyperboloid) model: points x ∈ R^{n+1} with
 * ⟨x, x⟩_L = −1 and x₀ &gt; 0, where ⟨u, v⟩_L = −u₀v₀ + Σ_{i≥1} u_i v_i is the Minkowski product; the tangent space
 * at x is {u : ⟨x, u⟩_L = 0} and the metric is ⟨·,·⟩_L restricted to it (Nickel and Kiela 2018; Chen and Lipman
 * 2024 use hyperbolic space for their §5.3 experiments).
 * <ul>
 *   <li>proju(x, u) = u + ⟨x, u⟩_L x; projx lifts the spatial part: x₀ = √(1 + Σ_{i≥1} x_i²);</li>
 *   <li>exp_x(u) = cosh(r) x + (sinh r / r) u with r = ‖u‖_L, by series in r² below r² = 1e-4;</li>
 *   <li>log_x(y) = (d / sinh d) w with w = y + ⟨x, y⟩_L x, ‖w‖_L = sinh d, and
 *       dist(x, y) = d = asinh ‖w‖_L (near) or acosh(−⟨x, y⟩_L) (far, −⟨x, y⟩_L &gt; 2), each where it is
 *       accurate; d / sinh d by its series near 0, so there is no NaN at x = y.</li>
 * </ul>
 * Points count as on the hyperboloid within |⟨x, x⟩_L + 1| ≤ tol · max(1, x₀²) (tol 1e-4 float32, 1e-8 float64);
 * tangent vectors within |⟨x, u⟩_L| ≤ tol · max(1, ‖x‖‖u‖). The array maps lift their point arguments exactly onto
 * the hyperboloid in float64, project tangent arguments exactly onto the tangent space, and lift their results.
 * Coordinates grow like e^{dist} from the origin and Minkowski norms of tangent vectors cancel, so the maps lose
 * accuracy roughly like ε·e^{2r} at radius r (Mishne et al. 2023): float64 keeps about 1e-6 out to r ≈ 10 and
 * float32 is only fit for r of a few units. The base distribution is the {@link WrappedNormalFamily wrapped normal} at the origin
 * o = (1, 0, …, 0) with the scale given at construction (Nagano et al. 2019): ξ ~ N(0, σ²Iₙ), transported
 * parallel from o to the mean μ, then exp_μ; its log-density is log N(ξ; 0, σ²I) − (n − 1) log(sinh r / r),
 * r = ‖ξ‖ = dist(μ, x). {@link #toPoincare} and {@link #fromPoincare} convert to and from the Poincaré ball.
 *
 * <pre>{@code
 * Hyperbolic h2 = new Hyperbolic(2);                  // H² in R³
 * INDArray x0 = h2.randomBase(rng, DataType.DOUBLE, 512);
 * INDArray ball = Hyperbolic.toPoincare(x0);          // [512, 2], inside the unit disc
 * }</pre>
 */
public final class Hyperbolic extends ClosedFormManifold implements WrappedNormalBase {
    private static final double SERIES = 1e-4;

    private final int n;
    private final double baseScale;
    /** The Minkowski signature (−1, 1, …, 1). */
    private final double[] signs;

    /**
     * Hⁿ with a unit-scale wrapped normal base.
     *
     * @param n the intrinsic dimension, &ge; 1
     * @throws InvalidConfigException if n &lt; 1
     */
    public Hyperbolic(int n) {
        this(n, 1.0);
    }

    /**
     * @param n         the intrinsic dimension, &ge; 1
     * @param baseScale σ of the wrapped normal base at the origin, positive and finite
     * @throws InvalidConfigException if n &lt; 1 or σ is not positive and finite
     */
    public Hyperbolic(int n, double baseScale) {
        super(atLeast("n", n, 1) + 1);
        Rows.checkScale(baseScale);
        this.n = n;
        this.baseScale = baseScale;
        this.signs = new double[n + 1];
        java.util.Arrays.fill(signs, 1);
        signs[0] = -1;
    }

    @Override
    public int intrinsicDim() {
        return n;
    }

    /**
     * @param type  FLOAT or DOUBLE
     * @param count the number of rows
     * @return the origin o = (1, 0, …, 0) repeated, [count, n + 1]
     */
    public INDArray origin(DataType type, long count) {
        double[] o = new double[dim];
        o[0] = 1;
        return repeat(o, type, count);
    }

    /** {@inheritDoc} The origin. */
    @Override
    public INDArray basePoint(DataType type, long count) {
        return origin(type, count);
    }

    @Override
    public double baseScale() {
        return baseScale;
    }

    // ------------------------------------------------------------------------------------------ formulas

    /** ⟨a, b⟩_L per row, [batch, 1]. */
    private <T> T lorentz(RowAlgebra<T> a, T p, T q) {
        return a.weightedRowDot(p, q, signs);
    }

    /** (√(1 + ‖x_{1:}‖²), x_{1:}): the spatial part lifted onto the hyperboloid. */
    @Override
    <T> T projxRows(RowAlgebra<T> a, T x) {
        T spatial = a.narrow(x, 1, n);
        return a.concat(List.of(a.sqrt(a.add(a.rowDot(spatial, spatial), 1.0)), spatial));
    }

    /** u + ⟨x, u⟩_L x. */
    @Override
    <T> T projuRows(RowAlgebra<T> a, T x, T u) {
        return a.add(u, a.mul(x, lorentz(a, x, u)));
    }

    /** cosh(r) x + (sinh r / r) u with r = ‖u‖_L, both by series in r² below {@link #SERIES}. */
    @Override
    <T> T expRows(RowAlgebra<T> a, T x, T u) {
        T q = a.clampMin(lorentz(a, u, u), 0);
        boolean[] small = a.mask(q, v -> v < SERIES);
        T r = a.sqrt(a.replace(small, q, 1.0));
        T er = a.exp(r);
        T emr = a.exp(a.mul(r, -1.0));
        T ch = a.where(small, a.series(q, 1, 0.5, 1.0 / 24, 1.0 / 720), a.mul(a.add(er, emr), 0.5));
        T shc = a.where(small, a.series(q, 1, 1.0 / 6, 1.0 / 120, 1.0 / 5040), a.div(a.mul(a.sub(er, emr), 0.5), r));
        return a.add(a.mul(x, ch), a.mul(u, shc));
    }

    /** {log_x(y), dist(x, y)}, [batch, D] and [batch, 1]. */
    private <T> List<T> logAndDist(RowAlgebra<T> a, T x, T y) {
        T c = lorentz(a, x, y);
        T w = a.add(y, a.mul(x, c));
        T q = a.clampMin(lorentz(a, w, w), 0);
        double[] cv = a.values(c);
        double[] qv = a.values(q);
        int rows = cv.length;
        boolean[] far = new boolean[rows];
        boolean[] small = new boolean[rows];
        boolean[] notNear = new boolean[rows];
        boolean[] notFar = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            far[i] = -cv[i] > 2;
            notFar[i] = !far[i];
            small[i] = !far[i] && qv[i] < SERIES;
            notNear[i] = far[i] || small[i];
        }
        // far: s = √(c² − 1), d = log(−c + s)
        T cFar = a.replace(notFar, c, -3.0);
        T sFar = a.sqrt(a.add(a.mul(cFar, cFar), -1.0));
        T dFar = a.log(a.sub(sFar, cFar));
        // near: s = ‖w‖_L, d = asinh s = log1p(s + s²/(1 + √(1 + s²)))
        T qNear = a.replace(notNear, q, 1.0);
        T sNear = a.sqrt(qNear);
        T dNear = a.log1p(a.add(sNear, a.div(qNear, a.add(a.sqrt(a.add(qNear, 1.0)), 1.0))));
        // small: d / sinh d = 1 − q/6 + 3q²/40 − 5q³/112, d = that · √q
        T fSmall = a.series(q, 1, -1.0 / 6, 3.0 / 40, -5.0 / 112);
        T dSmall = a.mul(fSmall, a.safeSqrt(q));
        T d = a.where(far, dFar, a.where(small, dSmall, dNear));
        T f = a.where(far, a.div(dFar, sFar), a.where(small, fSmall, a.div(dNear, sNear)));
        return List.of(a.mul(w, f), d);
    }

    @Override
    <T> T logRows(RowAlgebra<T> a, T x, T y) {
        return logAndDist(a, x, y).get(0);
    }

    @Override
    <T> T distRows(RowAlgebra<T> a, T x, T y) {
        return logAndDist(a, x, y).get(1);
    }

    @Override
    <T> T innerRows(RowAlgebra<T> a, T x, T u, T v) {
        return lorentz(a, u, v);
    }

    /** {@inheritDoc} √⟨u, u⟩_L, 0 where round-off makes it negative. */
    @Override
    <T> T normRows(RowAlgebra<T> a, T x, T u) {
        return a.safeSqrt(innerRows(a, x, u, u));
    }

    // ------------------------------------------------------------------------------------------ arrays

    @Override
    void checkTangent(double[] xs, double[] us, double tol) {
        for (int o = 0; o < xs.length; o += dim) {
            double xu = Rows.dot(xs, o, us, o, dim) - 2 * xs[o] * us[o];
            double bound = tol * Math.max(1, Math.sqrt(Rows.dot(xs, o, xs, o, dim) * Rows.dot(us, o, us, o, dim)));
            if (!(Math.abs(xu) <= bound)) {
                throw new OffManifoldException("u row " + o / dim + " must be tangent at x: |<x, u>_L| <= " + bound
                        + "; got " + Math.abs(xu));
            }
        }
    }

    /** {@inheritDoc} The round-off normal part of u is projected out first. */
    @Override
    HostRows tangentArgument(HostRows x, HostRows u) {
        return projuRows(HostRows.ALGEBRA, x, u);
    }

    /** {@inheritDoc} Lifted onto the hyperboloid. */
    @Override
    HostRows afterExp(HostRows y) {
        return projxRows(HostRows.ALGEBRA, y);
    }

    /** Rows checked to lie on the upper hyperboloid, with x₀ recomputed from the spatial part. */
    @Override
    double[] points(String name, INDArray x) {
        double[] v = Rows.read(name, x, dim);
        double tol = Rows.tolerance(x.dataType());
        for (int o = 0; o < v.length; o += dim) {
            double defect = Math.abs(Rows.dot(v, o, v, o, dim) - 2 * v[o] * v[o] + 1);
            double bound = tol * Math.max(1, v[o] * v[o]);
            if (!(v[o] > 0) || !(defect <= bound)) {
                throw new OffManifoldException(name + " row " + o / dim + " must lie on the upper hyperboloid: "
                        + "x0 > 0 and |<x, x>_L + 1| <= " + bound + "; got x0 = " + v[o] + ", |<x, x>_L + 1| = "
                        + defect + " (lift with projx)");
            }
        }
        return projxRows(HostRows.ALGEBRA, host(v)).v();
    }

    @Override
    public INDArray sampleWrappedNormal(INDArray mean, double scale, Rng rng) {
        double[] mu = points("mean", mean);
        Rows.checkScale(scale);
        double[] vs = new double[mu.length];
        for (int o = 0; o < mu.length; o += dim) {
            for (int j = 1; j < dim; j++) {
                vs[o + j] = scale * rng.nextGaussian();
            }
            // parallel transport from o to μ: v + ⟨μ, v⟩_L / (1 + μ₀) · (o + μ)
            double c = (Rows.dot(mu, o, vs, o, dim) - 2 * mu[o] * vs[o]) / (1 + mu[o]);
            for (int j = 0; j < dim; j++) {
                vs[o + j] += c * (mu[o + j] + (j == 0 ? 1 : 0));
            }
        }
        HostRows m = host(mu);
        return rows(afterExp(expRows(HostRows.ALGEBRA, m, tangentArgument(m, host(vs)))), mean);
    }

    @Override
    public INDArray wrappedNormalLogProb(INDArray x, INDArray mean, double scale) {
        double[] xs = points("x", x);
        double[] mu = means(mean, x);
        Rows.checkScale(scale);
        int rows = xs.length / dim;
        if (mu.length == dim && rows != 1) {
            mu = HostArrays.toDoubles(repeat(mu, DataType.DOUBLE, rows));
        }
        List<HostRows> ld = logAndDist(HostRows.ALGEBRA, host(mu), host(xs));
        double[] v = ld.get(0).v();
        double[] r = ld.get(1).v();
        double[] out = new double[rows];
        double c = Rows.logNormaliser(n) - n * Math.log(scale);
        for (int i = 0; i < rows; i++) {
            int o = i * dim;
            // transport log_μ(x) back to o: v + ⟨o, v⟩_L / (1 + μ₀) · (μ + o); its spatial part is ξ
            double t = -v[o] / (1 + mu[o]);
            double s2 = 0;
            for (int j = 1; j < dim; j++) {
                double xi = (v[o + j] + t * mu[o + j]) / scale;
                s2 += xi * xi;
            }
            double logSinhc = r[i] < 1e-4 ? r[i] * r[i] / 6 : Math.log(Math.sinh(r[i]) / r[i]);
            out[i] = c - 0.5 * s2 - (n - 1) * logSinhc;
        }
        return HostArrays.fromDoubles(out, x.dataType(), rows);
    }

    /**
     * @param x points on the hyperboloid, [batch, n + 1]
     * @return the same points in the Poincaré ball, x_{1:} / (1 + x₀), [batch, n]
     * @throws ShapeMismatchException if x is not a [batch, n + 1] matrix with n &ge; 1
     */
    public static INDArray toPoincare(INDArray x) {
        if (x.rank() != 2 || x.size(1) < 2) {
            throw ShapeMismatchException.of("x", "[batch, n + 1] with n >= 1", x.shape());
        }
        int d = (int) x.size(1);
        double[] v = Rows.read("x", x, d);
        int rows = v.length / d;
        double[] out = new double[rows * (d - 1)];
        for (int i = 0; i < rows; i++) {
            double s = 1 + v[i * d];
            for (int j = 1; j < d; j++) {
                out[i * (d - 1) + j - 1] = v[i * d + j] / s;
            }
        }
        return HostArrays.fromDoubles(out, x.dataType(), rows, d - 1);
    }

    /**
     * @param p points in the open unit ball, [batch, n]
     * @return the same points on the hyperboloid, (1 + ‖p‖², 2p) / (1 − ‖p‖²), [batch, n + 1]
     * @throws ShapeMismatchException if p is not a [batch, n] matrix
     * @throws OffManifoldException   if a row has ‖p‖ &ge; 1
     */
    public static INDArray fromPoincare(INDArray p) {
        if (p.rank() != 2 || p.size(1) < 1) {
            throw ShapeMismatchException.of("p", "[batch, n]", p.shape());
        }
        int d = (int) p.size(1);
        double[] v = Rows.read("p", p, d);
        int rows = v.length / d;
        double[] out = new double[rows * (d + 1)];
        for (int i = 0; i < rows; i++) {
            double s = Rows.dot(v, i * d, v, i * d, d);
            if (!(s < 1)) {
                throw new OffManifoldException("p row " + i + " must lie in the open unit ball; got |p|^2 = " + s);
            }
            out[i * (d + 1)] = (1 + s) / (1 - s);
            for (int j = 0; j < d; j++) {
                out[i * (d + 1) + j + 1] = 2 * v[i * d + j] / (1 - s);
            }
        }
        return HostArrays.fromDoubles(out, p.dataType(), rows, d + 1);
    }

    @Override
    public String toString() {
        return "Hyperbolic(H^" + n + ", Lorentz model)";
    }
}
