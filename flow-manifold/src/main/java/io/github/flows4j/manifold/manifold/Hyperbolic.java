package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
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
public final class Hyperbolic implements DifferentiableManifold, WrappedNormalFamily {
    private static final double SERIES = 1e-4;

    private final int n;
    private final int dim;
    private final double baseScale;

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
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        Rows.checkScale(baseScale);
        this.n = n;
        this.dim = n + 1;
        this.baseScale = baseScale;
    }

    @Override
    public int ambientDim() {
        return dim;
    }

    @Override
    public int intrinsicDim() {
        return n;
    }

    /** @return σ of the wrapped normal base */
    public double baseScale() {
        return baseScale;
    }

    /**
     * @param type  FLOAT or DOUBLE
     * @param count the number of rows
     * @return the origin o = (1, 0, …, 0) repeated, [count, n + 1]
     */
    public INDArray origin(DataType type, long count) {
        int c = Rows.sampleCount(count, type);
        double[] v = new double[c * dim];
        for (int i = 0; i < c; i++) {
            v[i * dim] = 1;
        }
        return HostArrays.fromDoubles(v, type, c, dim);
    }

    private double lorentz(double[] a, int oa, double[] b, int ob) {
        return Rows.dot(a, oa, b, ob, dim) - 2 * a[oa] * b[ob];
    }

    /** Sets x₀ = √(1 + ‖x_{1:}‖²) for the row at o. */
    private void lift(double[] v, int o) {
        double s = 0;
        for (int j = 1; j < dim; j++) {
            s += v[o + j] * v[o + j];
        }
        v[o] = Math.sqrt(1 + s);
    }

    @Override
    public INDArray projx(INDArray x) {
        double[] v = Rows.read("x", x, dim);
        for (int o = 0; o < v.length; o += dim) {
            lift(v, o);
        }
        return HostArrays.fromDoubles(v, x.dataType(), x.shape());
    }

    @Override
    public INDArray proju(INDArray x, INDArray u) {
        double[] xs = points("x", x);
        double[] us = Rows.readLike("u", u, x, dim);
        projectTangent(xs, us);
        return HostArrays.fromDoubles(us, x.dataType(), x.shape());
    }

    private void projectTangent(double[] xs, double[] us) {
        for (int o = 0; o < xs.length; o += dim) {
            double c = lorentz(xs, o, us, o);
            for (int j = 0; j < dim; j++) {
                us[o + j] += c * xs[o + j];
            }
        }
    }

    @Override
    public INDArray expmap(INDArray x, INDArray u) {
        double[] xs = points("x", x);
        double[] us = Rows.readLike("u", u, x, dim);
        double tol = Rows.tolerance(x.dataType());
        double[] out = new double[xs.length];
        for (int o = 0; o < xs.length; o += dim) {
            double xu = lorentz(xs, o, us, o);
            double bound = tol * Math.max(1, Math.sqrt(Rows.dot(xs, o, xs, o, dim) * Rows.dot(us, o, us, o, dim)));
            if (!(Math.abs(xu) <= bound)) {
                throw new OffManifoldException("u row " + o / dim + " must be tangent at x: |<x, u>_L| <= " + bound
                        + "; got " + Math.abs(xu));
            }
            for (int j = 0; j < dim; j++) {
                us[o + j] += xu * xs[o + j];    // remove the round-off normal part
            }
            expRow(xs, o, us, o, out, o);
        }
        return HostArrays.fromDoubles(out, x.dataType(), x.shape());
    }

    /** out = exp_x(u) for one row, lifted onto the hyperboloid. */
    private void expRow(double[] xs, int ox, double[] us, int ou, double[] out, int oo) {
        double q = Math.max(lorentz(us, ou, us, ou), 0);
        double ch;
        double shc;
        if (q < SERIES) {
            ch = 1 + q * (0.5 + q * (1.0 / 24 + q / 720));
            shc = 1 + q * (1.0 / 6 + q * (1.0 / 120 + q / 5040));
        } else {
            double r = Math.sqrt(q);
            ch = Math.cosh(r);
            shc = Math.sinh(r) / r;
        }
        for (int j = 0; j < dim; j++) {
            out[oo + j] = ch * xs[ox + j] + shc * us[ou + j];
        }
        lift(out, oo);
    }

    @Override
    public INDArray logmap(INDArray x, INDArray y) {
        double[] xs = points("x", x);
        Rows.readLike("y", y, x, dim);
        double[] ys = points("y", y);
        double[] out = new double[xs.length];
        for (int o = 0; o < xs.length; o += dim) {
            logRow(xs, ys, o, out);
        }
        return HostArrays.fromDoubles(out, x.dataType(), x.shape());
    }

    /** Writes log_x(y) for the row at o into out and returns the distance. */
    private double logRow(double[] xs, double[] ys, int o, double[] out) {
        double c = lorentz(xs, o, ys, o);
        for (int j = 0; j < dim; j++) {
            out[o + j] = ys[o + j] + c * xs[o + j];
        }
        double d;
        double factor;
        if (-c > 2) {
            double s = Math.sqrt(c * c - 1);
            d = Math.log(-c + s);
            factor = d / s;
        } else {
            double q = Math.max(lorentz(out, o, out, o), 0);
            if (q < SERIES) {
                factor = 1 - q * (1.0 / 6 - q * (3.0 / 40 - q * 5.0 / 112));
                d = factor * Math.sqrt(q);
            } else {
                double s = Math.sqrt(q);
                d = asinh(s);
                factor = d / s;
            }
        }
        for (int j = 0; j < dim; j++) {
            out[o + j] *= factor;
        }
        return d;
    }

    private static double asinh(double s) {
        return Math.log1p(s + s * s / (1 + Math.sqrt(1 + s * s)));
    }

    @Override
    public INDArray dist(INDArray x, INDArray y) {
        double[] xs = points("x", x);
        Rows.readLike("y", y, x, dim);
        double[] ys = points("y", y);
        double[] w = new double[xs.length];
        double[] out = new double[xs.length / dim];
        for (int o = 0; o < xs.length; o += dim) {
            out[o / dim] = logRow(xs, ys, o, w);
        }
        return HostArrays.fromDoubles(out, x.dataType(), out.length);
    }

    @Override
    public INDArray inner(INDArray x, INDArray u, INDArray v) {
        Rows.check("x", x, dim);
        double[] us = Rows.readLike("u", u, x, dim);
        double[] vs = Rows.readLike("v", v, x, dim);
        double[] out = new double[us.length / dim];
        for (int o = 0; o < us.length; o += dim) {
            out[o / dim] = lorentz(us, o, vs, o);
        }
        return HostArrays.fromDoubles(out, x.dataType(), out.length);
    }

    @Override
    public void checkPoints(String name, INDArray x) {
        points(name, x);
    }

    private double[] points(String name, INDArray x) {
        double[] v = Rows.read(name, x, dim);
        double tol = Rows.tolerance(x.dataType());
        for (int o = 0; o < v.length; o += dim) {
            double defect = Math.abs(lorentz(v, o, v, o) + 1);
            double bound = tol * Math.max(1, v[o] * v[o]);
            if (!(v[o] > 0) || !(defect <= bound)) {
                throw new OffManifoldException(name + " row " + o / dim + " must lie on the upper hyperboloid: "
                        + "x0 > 0 and |<x, x>_L + 1| <= " + bound + "; got x0 = " + v[o] + ", |<x, x>_L + 1| = "
                        + defect + " (lift with projx)");
            }
            lift(v, o);
        }
        return v;
    }

    /** {@inheritDoc} The wrapped normal at the origin with the construction-time scale. */
    @Override
    public INDArray randomBase(Rng rng, DataType type, long count) {
        return sampleWrappedNormal(origin(type, count), baseScale, rng);
    }

    @Override
    public INDArray baseLogProb(INDArray x) {
        return wrappedNormalLogProb(x, origin(x.dataType(), 1), baseScale);
    }

    @Override
    public INDArray sampleWrappedNormal(INDArray mean, double scale, Rng rng) {
        double[] mu = points("mean", mean);
        Rows.checkScale(scale);
        double[] out = new double[mu.length];
        double[] v = new double[dim];
        for (int o = 0; o < mu.length; o += dim) {
            v[0] = 0;
            for (int j = 1; j < dim; j++) {
                v[j] = scale * rng.nextGaussian();
            }
            // parallel transport from o to μ: v + ⟨μ, v⟩_L / (1 + μ₀) · (o + μ)
            double a = lorentz(mu, o, v, 0) / (1 + mu[o]);
            for (int j = 0; j < dim; j++) {
                v[j] += a * (mu[o + j] + (j == 0 ? 1 : 0));
            }
            expRow(mu, o, v, 0, out, o);
        }
        return HostArrays.fromDoubles(out, mean.dataType(), mean.shape());
    }

    @Override
    public INDArray wrappedNormalLogProb(INDArray x, INDArray mean, double scale) {
        double[] xs = points("x", x);
        Rows.means(mean, x, dim);
        double[] mu = points("mean", mean);
        Rows.checkScale(scale);
        int rows = xs.length / dim;
        double[] out = new double[rows];
        double[] v = new double[dim];
        double[] muRow = new double[dim];
        double[] xRow = new double[dim];
        double c = Rows.logNormaliser(n) - n * Math.log(scale);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(mu, mu.length == dim ? 0 : i * dim, muRow, 0, dim);
            System.arraycopy(xs, i * dim, xRow, 0, dim);
            double r = logRow(muRow, xRow, 0, v);
            // transport log_μ(x) back to o: v + ⟨o, v⟩_L / (1 + μ₀) · (μ + o); its spatial part is ξ
            double a = -v[0] / (1 + muRow[0]);
            double s2 = 0;
            for (int j = 1; j < dim; j++) {
                double xi = (v[j] + a * muRow[j]) / scale;
                s2 += xi * xi;
            }
            double logSinhc = r < 1e-4 ? r * r / 6 : Math.log(Math.sinh(r) / r);
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

    // ------------------------------------------------------------------------------------------ tensors

    private Tensor signs(Tensor like) {
        double[] s = new double[dim];
        java.util.Arrays.fill(s, 1);
        s[0] = -1;
        return TensorMath.constant(s, like, 1, dim);
    }

    private Tensor lorentz(Tensor a, Tensor b) {
        return a.mul(b).mul(signs(a)).sum(1, true);
    }

    @Override
    public Tensor projx(Tensor x) {
        Rows.check("x", x, dim);
        Tensor spatial = x.narrow(1, 1, n);
        Tensor x0 = spatial.square().sum(1, true).add(1.0).sqrt();
        return Tensor.concat(1, x0, spatial);
    }

    @Override
    public Tensor proju(Tensor x, Tensor u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        return u.add(x.mul(lorentz(x, u)));
    }

    @Override
    public Tensor expmap(Tensor x, Tensor u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        Tensor q = lorentz(u, u).clamp(0, Double.POSITIVE_INFINITY);
        INDArray small = TensorMath.mask(q, v -> v < SERIES);
        Tensor r = TensorMath.replace(small, q, 1.0).sqrt();
        Tensor er = r.exp();
        Tensor emr = r.neg().exp();
        Tensor ch = Tensor.where(small, TensorMath.series(q, 1, 0.5, 1.0 / 24, 1.0 / 720), er.add(emr).mul(0.5));
        Tensor shc = Tensor.where(small, TensorMath.series(q, 1, 1.0 / 6, 1.0 / 120, 1.0 / 5040),
                er.sub(emr).mul(0.5).div(r));
        return x.mul(ch).add(u.mul(shc));
    }

    @Override
    public Tensor logmap(Tensor x, Tensor y) {
        Rows.check("x", x, dim);
        Rows.checkLike("y", y, x, dim);
        Tensor c = lorentz(x, y);
        Tensor w = y.add(x.mul(c));
        return w.mul(distanceAndFactor(c, w)[1]);
    }

    /** {d, d / sinh d} per row, [batch, 1] each, from c = ⟨x, y⟩_L and w = y + c x. */
    private Tensor[] distanceAndFactor(Tensor c, Tensor w) {
        Tensor q = lorentz(w, w).clamp(0, Double.POSITIVE_INFINITY);
        double[] cv = HostArrays.toDoubles(c.value());
        double[] qv = HostArrays.toDoubles(q.value());
        int rows = cv.length;
        double[] far = new double[rows];
        double[] small = new double[rows];
        double[] near = new double[rows];
        for (int i = 0; i < rows; i++) {
            far[i] = -cv[i] > 2 ? 1 : 0;
            small[i] = far[i] == 0 && qv[i] < SERIES ? 1 : 0;
            near[i] = 1 - far[i] - small[i];
        }
        INDArray farMask = HostArrays.fromDoubles(far, c.dtype(), rows, 1);
        INDArray smallMask = HostArrays.fromDoubles(small, c.dtype(), rows, 1);
        INDArray notNear = HostArrays.fromDoubles(near, c.dtype(), rows, 1).rsub(1.0);
        // far: s = √(c² − 1), d = log(−c + s)
        Tensor cFar = TensorMath.replace(farMask.rsub(1.0), c, -3.0);
        Tensor sFar = cFar.square().sub(1.0).sqrt();
        Tensor dFar = sFar.sub(cFar).log();
        // near: s = ‖w‖_L, d = asinh s = log1p(s + s²/(1 + √(1 + s²)))
        Tensor qNear = TensorMath.replace(notNear, q, 1.0);
        Tensor sNear = qNear.sqrt();
        Tensor dNear = sNear.add(qNear.div(qNear.add(1.0).sqrt().add(1.0))).log1p();
        // small: d / sinh d = 1 − q/6 + 3q²/40 − 5q³/112, d = that · √q
        Tensor fSmall = TensorMath.series(q, 1, -1.0 / 6, 3.0 / 40, -5.0 / 112);
        Tensor dSmall = fSmall.mul(TensorMath.safeSqrt(q));
        Tensor d = Tensor.where(farMask, dFar, Tensor.where(smallMask, dSmall, dNear));
        Tensor f = Tensor.where(farMask, dFar.div(sFar), Tensor.where(smallMask, fSmall, dNear.div(sNear)));
        return new Tensor[] {d, f};
    }

    @Override
    public Tensor dist(Tensor x, Tensor y) {
        Rows.check("x", x, dim);
        Rows.checkLike("y", y, x, dim);
        Tensor c = lorentz(x, y);
        return distanceAndFactor(c, y.add(x.mul(c)))[0];
    }

    @Override
    public Tensor inner(Tensor x, Tensor u, Tensor v) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        Rows.checkLike("v", v, x, dim);
        return lorentz(u, v);
    }

    @Override
    public String toString() {
        return "Hyperbolic(H^" + n + ", Lorentz model)";
    }
}
