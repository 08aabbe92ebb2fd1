package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
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
 * <pre>{@code
 * Sphere s2 = new Sphere(3);                             // S² in R³
 * INDArray x = s2.projx(rng.normal(DataType.FLOAT, 64, 3));
 * INDArray y = s2.projx(rng.normal(DataType.FLOAT, 64, 3));
 * INDArray mid = s2.geodesic(x, y, Nd4j.valueArrayOf(new long[] {64, 1}, 0.5f));
 * }</pre>
 */
public final class Sphere implements Manifold {
    private static final double SMALL_ANGLE = 1e-4;
    private static final double CUT_LOCUS = 1e-12;

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
