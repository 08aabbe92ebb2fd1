package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.apache.commons.math3.special.Gamma;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The unit sphere S^{d−1} = {x ∈ R^d : ‖x‖ = 1} with the metric of R^d (Chen and Lipman 2024, Table 1):
 * <ul>
 *   <li>exp_x(u) = cos(‖u‖) x + sin(‖u‖) u/‖u‖, with sin(θ)/θ by its Taylor series for θ &lt; 1e-4;</li>
 *   <li>log_x(y) = θ · w/‖w‖ with w = y − ⟨x, y⟩x and θ = atan2(‖w‖, ⟨x, y⟩) — the arccos of ⟨x, y⟩ clamped to
 *       [−1, 1], computed without losing precision near 0 and π; for y = x it is 0, for y = −x (the cut locus) the
 *       direction is the tangent projection of the coordinate axis along which x is smallest, so no NaN ever
 *       appears and the choice is reproducible;</li>
 *   <li>dist(x, y) = θ.</li>
 * </ul>
 * Work is done row by row in float64 on normalised copies of the points (so points within tolerance of the sphere
 * are treated as on it), and results come back in the arguments' type, re-projected onto the sphere. Points count
 * as on the sphere within |‖x‖ − 1| ≤ 1e-4 (float32) or 1e-8 (float64); tangent vectors within
 * |⟨x, u⟩| ≤ tol · max(1, ‖u‖).
 *
 * <p>The base distribution is uniform, log p₀ = −log |S^{d−1}| with |S^{d−1}| = 2π^{d/2}/Γ(d/2) (4π on S²), drawn
 * by normalising standard normal vectors. The {@link Tensor} maps evaluate cos θ and sin θ/θ as series in
 * θ² = ‖u‖² below θ² = 1e-4 and θ/sin θ as a series in sin²θ near y = x, so their gradients stay finite at u = 0
 * and x = y; at the antipode they take the array map's deterministic direction.
 *
 * <pre>{@code
 * Sphere s2 = new Sphere(3);                             // S² in R³
 * INDArray x = s2.projx(rng.normal(DataType.FLOAT, 64, 3));
 * INDArray y = s2.projx(rng.normal(DataType.FLOAT, 64, 3));
 * INDArray mid = s2.geodesic(x, y, Nd4j.valueArrayOf(new long[] {64, 1}, 0.5f));
 * }</pre>
 */
public final class Sphere implements DifferentiableManifold {
    private static final double SMALL_ANGLE = 1e-4;
    private static final double CUT_LOCUS = 1e-12;
    /** Below this θ² (or sin²θ) the Tensor maps use their Taylor series. */
    private static final double SERIES = 1e-4;

    private final int dim;

    /**
     * @param ambientDim d, the dimension of R^d, &ge; 2 (d = 3 is the 2-sphere)
     * @throws InvalidConfigException if d &lt; 2
     */
    public Sphere(int ambientDim) {
        if (ambientDim < 2) {
            throw InvalidConfigException.of("ambientDim", ">= 2", ambientDim);
        }
        this.dim = ambientDim;
    }

    @Override
    public int ambientDim() {
        return dim;
    }

    @Override
    public int intrinsicDim() {
        return dim - 1;
    }

    /** {@inheritDoc} A zero row maps to the first coordinate axis e₁. */
    @Override
    public INDArray projx(INDArray x) {
        double[] v = rows("x", x);
        int n = v.length / dim;
        for (int i = 0; i < n; i++) {
            normalise(v, i * dim);
        }
        return HostArrays.fromDoubles(v, x.dataType(), n, dim);
    }

    @Override
    public INDArray proju(INDArray x, INDArray u) {
        double[] xs = points("x", x);
        double[] us = rows("u", u, x);
        int n = xs.length / dim;
        for (int i = 0; i < n; i++) {
            int o = i * dim;
            axpy(-dot(xs, o, us, o), xs, o, us, o);
        }
        return HostArrays.fromDoubles(us, x.dataType(), n, dim);
    }

    @Override
    public INDArray expmap(INDArray x, INDArray u) {
        double[] xs = points("x", x);
        double[] us = rows("u", u, x);
        double tol = tolerance(x.dataType());
        int n = xs.length / dim;
        double[] out = new double[xs.length];
        for (int i = 0; i < n; i++) {
            int o = i * dim;
            double theta = Math.sqrt(dot(us, o, us, o));
            double xu = dot(xs, o, us, o);
            if (Math.abs(xu) > tol * Math.max(1, theta)) {
                throw new OffManifoldException("u row " + i + " must be tangent at x: |<x, u>| <= "
                        + tol * Math.max(1, theta) + "; got " + Math.abs(xu));
            }
            double c = Math.cos(theta);
            double sinc = theta < SMALL_ANGLE ? 1 - theta * theta / 6 : Math.sin(theta) / theta;
            for (int j = 0; j < dim; j++) {
                out[o + j] = c * xs[o + j] + sinc * us[o + j];
            }
            normalise(out, o);
        }
        return HostArrays.fromDoubles(out, x.dataType(), n, dim);
    }

    @Override
    public INDArray logmap(INDArray x, INDArray y) {
        double[] xs = points("x", x);
        double[] ys = points("y", y);
        checkSameShape(x, y, "y");
        int n = xs.length / dim;
        double[] out = new double[xs.length];
        for (int i = 0; i < n; i++) {
            int o = i * dim;
            double c = dot(xs, o, ys, o);
            double w = orthogonalPart(xs, ys, o, c, out, o);
            if (w > CUT_LOCUS) {
                scale(out, o, Math.atan2(w, c) / w);
            } else if (c < 0) {
                antipodalDirection(xs, o, out);
                scale(out, o, Math.PI);
            }
            // else y = x up to round-off: the log is w itself (θ / sin θ → 1)
        }
        return HostArrays.fromDoubles(out, x.dataType(), n, dim);
    }

    @Override
    public INDArray dist(INDArray x, INDArray y) {
        double[] xs = points("x", x);
        double[] ys = points("y", y);
        checkSameShape(x, y, "y");
        int n = xs.length / dim;
        double[] out = new double[n];
        double[] w = new double[dim];
        for (int i = 0; i < n; i++) {
            int o = i * dim;
            double c = dot(xs, o, ys, o);
            out[i] = Math.atan2(orthogonalPart(xs, ys, o, c, w, 0), c);
        }
        return HostArrays.fromDoubles(out, x.dataType(), n);
    }

    @Override
    public INDArray inner(INDArray x, INDArray u, INDArray v) {
        rows("x", x);
        double[] us = rows("u", u, x);
        double[] vs = rows("v", v, x);
        int n = us.length / dim;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = dot(us, i * dim, vs, i * dim);
        }
        return HostArrays.fromDoubles(out, x.dataType(), n);
    }

    @Override
    public void checkPoints(String name, INDArray x) {
        points(name, x);
    }

    /** {@inheritDoc} The uniform distribution: normalised standard normal vectors. */
    @Override
    public INDArray randomBase(Rng rng, DataType type, long n) {
        Rows.sampleCount(n, type);
        return projx(rng.normal(DataType.DOUBLE, n, dim).castTo(type));
    }

    /** {@inheritDoc} Constant: −log |S^{d−1}| = −log(2π^{d/2}/Γ(d/2)). */
    @Override
    public INDArray baseLogProb(INDArray x) {
        points("x", x);
        double[] out = new double[(int) x.size(0)];
        java.util.Arrays.fill(out, -logArea());
        return HostArrays.fromDoubles(out, x.dataType(), out.length);
    }

    /** @return log |S^{d−1}| = log 2 + (d/2) log π − log Γ(d/2) */
    public double logArea() {
        return Math.log(2) + 0.5 * dim * Math.log(Math.PI) - Gamma.logGamma(0.5 * dim);
    }

    // ------------------------------------------------------------------------------------------ tensors

    /** {@inheritDoc} A zero row maps to e₁. */
    @Override
    public Tensor projx(Tensor x) {
        Rows.check("x", x, dim);
        Tensor n = x.norm(1, true);
        INDArray zero = TensorMath.mask(n, v -> !(v > 0));
        Tensor xs = x;
        if (TensorMath.any(zero)) {
            double[] e1 = new double[dim];
            e1[0] = 1;
            xs = Tensor.where(zero, TensorMath.constant(e1, x, 1, dim), x);
            n = xs.norm(1, true);
        }
        return xs.div(n);
    }

    @Override
    public Tensor proju(Tensor x, Tensor u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        return u.sub(x.mul(TensorMath.rowDot(x, u)));
    }

    @Override
    public Tensor expmap(Tensor x, Tensor u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        Tensor q = TensorMath.rowDot(u, u);
        INDArray small = TensorMath.mask(q, v -> v < SERIES);
        Tensor theta = TensorMath.replace(small, q, 1.0).sqrt();
        Tensor cos = Tensor.where(small, TensorMath.series(q, 1, -1.0 / 2, 1.0 / 24, -1.0 / 720), theta.cos());
        Tensor sinc = Tensor.where(small, TensorMath.series(q, 1, -1.0 / 6, 1.0 / 120, -1.0 / 5040),
                theta.sin().div(theta));
        return x.mul(cos).add(u.mul(sinc));
    }

    @Override
    public Tensor logmap(Tensor x, Tensor y) {
        Rows.check("x", x, dim);
        Rows.checkLike("y", y, x, dim);
        Tensor c = TensorMath.rowDot(x, y);
        Tensor w = y.sub(x.mul(c));
        Tensor q = TensorMath.rowDot(w, w);
        double[] qv = HostArrays.toDoubles(q.value());
        double[] cv = HostArrays.toDoubles(c.value());
        int n = qv.length;
        double[] near = new double[n];
        double[] anti = new double[n];
        double[] special = new double[n];
        boolean anyAnti = false;
        for (int i = 0; i < n; i++) {
            near[i] = qv[i] < SERIES && cv[i] > 0 ? 1 : 0;
            anti[i] = qv[i] < CUT_LOCUS * CUT_LOCUS && !(cv[i] > 0) ? 1 : 0;
            special[i] = Math.max(near[i], anti[i]);
            anyAnti |= anti[i] > 0;
        }
        INDArray nearMask = HostArrays.fromDoubles(near, x.dtype(), n, 1);
        INDArray specialMask = HostArrays.fromDoubles(special, x.dtype(), n, 1);
        Tensor s = TensorMath.replace(specialMask, q, 1.0).sqrt();
        // θ/sin θ: asin(s)/s = 1 + s²/6 + 3s⁴/40 + 5s⁶/112 near y = x, atan2(s, c)/s elsewhere
        Tensor factor = Tensor.where(nearMask, TensorMath.series(q, 1, 1.0 / 6, 3.0 / 40, 5.0 / 112),
                Tensor.atan2(s, c).div(s));
        Tensor log = w.mul(factor);
        if (!anyAnti) {
            return log;
        }
        double[] xv = HostArrays.toDoubles(x.value());
        double[] axes = new double[xv.length];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int j = 1; j < dim; j++) {
                if (Math.abs(xv[i * dim + j]) < Math.abs(xv[i * dim + k])) {
                    k = j;
                }
            }
            axes[i * dim + k] = 1;
        }
        Tensor dir = proju(x, TensorMath.constant(axes, x, n, dim));
        Tensor antipodal = dir.div(dir.norm(1, true)).mul(Math.PI);
        return Tensor.where(HostArrays.fromDoubles(anti, x.dtype(), n, 1), antipodal, log);
    }

    @Override
    public Tensor dist(Tensor x, Tensor y) {
        Rows.check("x", x, dim);
        Rows.checkLike("y", y, x, dim);
        Tensor c = TensorMath.rowDot(x, y);
        return Tensor.atan2(y.sub(x.mul(c)).norm(1, true), c);
    }

    @Override
    public Tensor inner(Tensor x, Tensor u, Tensor v) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        Rows.checkLike("v", v, x, dim);
        return TensorMath.rowDot(u, v);
    }

    @Override
    public Tensor norm(Tensor x, Tensor u) {
        Rows.check("x", x, dim);
        Rows.checkLike("u", u, x, dim);
        return u.norm(1, true);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * Writes w = y − c·x (c = ⟨x, y⟩) for the row at {@code o} into {@code out[oo..]}.
     *
     * @return ‖w‖ = sin θ
     */
    private double orthogonalPart(double[] xs, double[] ys, int o, double c, double[] out, int oo) {
        for (int j = 0; j < dim; j++) {
            out[oo + j] = ys[o + j] - c * xs[o + j];
        }
        return Math.sqrt(dot(out, oo, out, oo));
    }

    /** Sets {@code out[o..]} to the unit tangent at x along the coordinate axis where |x_k| is smallest. */
    private void antipodalDirection(double[] xs, int o, double[] out) {
        int k = 0;
        for (int j = 1; j < dim; j++) {
            if (Math.abs(xs[o + j]) < Math.abs(xs[o + k])) {
                k = j;
            }
        }
        for (int j = 0; j < dim; j++) {
            out[o + j] = -xs[o + k] * xs[o + j];
        }
        out[o + k] += 1;
        normalise(out, o);
    }

    private double[] rows(String name, INDArray a) {
        if (a.rank() != 2 || a.size(1) != dim) {
            throw ShapeMismatchException.of(name, "[batch, " + dim + "]", a.shape());
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new DTypeMismatchException(name + " must be FLOAT or DOUBLE; got " + a.dataType());
        }
        return HostArrays.toDoubles(a);
    }

    private double[] rows(String name, INDArray a, INDArray x) {
        checkSameShape(x, a, name);
        return rows(name, a);
    }

    private void checkSameShape(INDArray x, INDArray a, String name) {
        if (a.rank() != 2 || x.rank() != 2 || a.size(0) != x.size(0) || a.size(1) != dim) {
            throw ShapeMismatchException.of(name, "[" + (x.rank() == 2 ? x.size(0) : "batch") + ", " + dim + "]",
                    a.shape());
        }
        if (a.dataType() != x.dataType()) {
            throw new DTypeMismatchException(name + " is " + a.dataType() + " but x is " + x.dataType());
        }
    }

    /** Rows of a point array, checked to lie on the sphere and renormalised in float64. */
    private double[] points(String name, INDArray a) {
        double[] v = rows(name, a);
        double tol = tolerance(a.dataType());
        int n = v.length / dim;
        for (int i = 0; i < n; i++) {
            double norm = Math.sqrt(dot(v, i * dim, v, i * dim));
            if (!(Math.abs(norm - 1) <= tol)) {
                throw new OffManifoldException(name + " row " + i + " must lie on the unit sphere: |‖" + name
                        + "‖ − 1| <= " + tol + "; got ‖" + name + "‖ = " + norm);
            }
            scale(v, i * dim, 1 / norm);
        }
        return v;
    }

    private static double tolerance(DataType type) {
        return type == DataType.DOUBLE ? 1e-8 : 1e-4;
    }

    private void normalise(double[] v, int o) {
        double norm = Math.sqrt(dot(v, o, v, o));
        if (norm > 0) {
            scale(v, o, 1 / norm);
        } else {
            v[o] = 1;
        }
    }

    private double dot(double[] a, int oa, double[] b, int ob) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
            s += a[oa + j] * b[ob + j];
        }
        return s;
    }

    private void axpy(double alpha, double[] x, int ox, double[] y, int oy) {
        for (int j = 0; j < dim; j++) {
            y[oy + j] += alpha * x[ox + j];
        }
    }

    private void scale(double[] v, int o, double s) {
        for (int j = 0; j < dim; j++) {
            v[o + j] *= s;
        }
    }

    @Override
    public String toString() {
        return "Sphere(S^" + (dim - 1) + " in R^" + dim + ")";
    }
}
