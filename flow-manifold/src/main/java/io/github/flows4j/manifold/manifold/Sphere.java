package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.apache.commons.math3.special.Gamma;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The unit sphere S^{d−1} = {x ∈ R^d : ‖x‖ = 1} with the metric of R^d (Chen and Lipman 2024, Table 1):
 * <ul>
 *   <li>exp_x(u) = cos(‖u‖) x + sin(‖u‖) u/‖u‖, with cos θ and sin(θ)/θ by their Taylor series in
 *       θ² below θ² = 1e-4;</li>
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
 * by normalising standard normal vectors. Each map's formula is written once over a {@code RowAlgebra} and runs
 * both on host float64 rows (the array maps) and on {@link Tensor}s; θ/sin θ is a series in sin²θ near y = x, so
 * the Tensor maps' gradients stay finite at u = 0 and x = y, and at the antipode both take the same deterministic
 * direction.
 *
 * <pre>{@code
 * Sphere s2 = new Sphere(3);                             // S² in R³
 * INDArray x = s2.projx(rng.normal(DataType.FLOAT, 64, 3));
 * INDArray y = s2.projx(rng.normal(DataType.FLOAT, 64, 3));
 * INDArray mid = s2.geodesic(x, y, Nd4j.valueArrayOf(new long[] {64, 1}, 0.5f));
 * }</pre>
 */
public final class Sphere extends ClosedFormManifold {
    /** Below this ‖w‖ = sin θ a point y with ⟨x, y⟩ &le; 0 is the antipode of x. */
    private static final double CUT_LOCUS = 1e-12;
    /** Below this θ² (or sin²θ) the maps use their Taylor series. */
    private static final double SERIES = 1e-4;

    /**
     * @param ambientDim d, the dimension of R^d, &ge; 2 (d = 3 is the 2-sphere)
     * @throws InvalidConfigException if d &lt; 2
     */
    public Sphere(int ambientDim) {
        super(atLeast("ambientDim", ambientDim, 2));
    }

    @Override
    public int intrinsicDim() {
        return dim - 1;
    }

    // ------------------------------------------------------------------------------------------ formulas

    /** x/‖x‖ per row; a zero row maps to e₁. */
    @Override
    <T> T projxRows(RowAlgebra<T> a, T x) {
        T n = a.rowNorm(x);
        boolean[] zero = a.mask(n, v -> !(v > 0));
        T xs = x;
        if (RowAlgebra.any(zero)) {
            double[] e1 = new double[dim];
            e1[0] = 1;
            xs = a.where(zero, a.constant(e1, x, 1, dim), x);
            n = a.rowNorm(xs);
        }
        return a.div(xs, n);
    }

    /** u − ⟨x, u⟩x. */
    @Override
    <T> T projuRows(RowAlgebra<T> a, T x, T u) {
        return a.sub(u, a.mul(x, a.rowDot(x, u)));
    }

    /** cos(θ) x + (sin θ/θ) u, θ = ‖u‖, both by series in θ² below {@link #SERIES}. */
    @Override
    <T> T expRows(RowAlgebra<T> a, T x, T u) {
        T q = a.rowDot(u, u);
        boolean[] small = a.mask(q, v -> v < SERIES);
        T theta = a.sqrt(a.replace(small, q, 1.0));
        T cos = a.where(small, a.series(q, 1, -1.0 / 2, 1.0 / 24, -1.0 / 720), a.cos(theta));
        T sinc = a.where(small, a.series(q, 1, -1.0 / 6, 1.0 / 120, -1.0 / 5040), a.div(a.sin(theta), theta));
        return a.add(a.mul(x, cos), a.mul(u, sinc));
    }

    /**
     * (θ/sin θ) w with w = y − ⟨x, y⟩x, θ = atan2(‖w‖, ⟨x, y⟩); θ/sin θ by its series in sin²θ near y = x, and π
     * times the unit tangent along the axis where |x_k| is smallest at the antipode.
     */
    @Override
    <T> T logRows(RowAlgebra<T> a, T x, T y) {
        T c = a.rowDot(x, y);
        T w = a.sub(y, a.mul(x, c));
        T q = a.rowDot(w, w);
        double[] qv = a.values(q);
        double[] cv = a.values(c);
        int n = qv.length;
        boolean[] near = new boolean[n];
        boolean[] anti = new boolean[n];
        boolean[] special = new boolean[n];
        for (int i = 0; i < n; i++) {
            near[i] = qv[i] < SERIES && cv[i] > 0;
            anti[i] = qv[i] < CUT_LOCUS * CUT_LOCUS && !(cv[i] > 0);
            special[i] = near[i] || anti[i];
        }
        T s = a.sqrt(a.replace(special, q, 1.0));
        // θ/sin θ: asin(s)/s = 1 + s²/6 + 3s⁴/40 + 5s⁶/112 near y = x, atan2(s, c)/s elsewhere
        T log = a.mul(w, a.where(near, a.series(q, 1, 1.0 / 6, 3.0 / 40, 5.0 / 112), a.div(a.atan2(s, c), s)));
        if (!RowAlgebra.any(anti)) {
            return log;
        }
        double[] xv = a.values(x);
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
        T dir = projuRows(a, x, a.constant(axes, x, n, dim));
        return a.where(anti, a.mul(a.div(dir, a.rowNorm(dir)), Math.PI), log);
    }

    /** θ = atan2(‖y − ⟨x, y⟩x‖, ⟨x, y⟩), [batch, 1]. */
    @Override
    <T> T distRows(RowAlgebra<T> a, T x, T y) {
        T c = a.rowDot(x, y);
        return a.atan2(a.rowNorm(a.sub(y, a.mul(x, c))), c);
    }

    // ------------------------------------------------------------------------------------------ arrays

    @Override
    void checkTangent(double[] xs, double[] us, double tol) {
        for (int o = 0; o < xs.length; o += dim) {
            double theta = Math.sqrt(Rows.dot(us, o, us, o, dim));
            double xu = Rows.dot(xs, o, us, o, dim);
            if (Math.abs(xu) > tol * Math.max(1, theta)) {
                throw new OffManifoldException("u row " + o / dim + " must be tangent at x: |<x, u>| <= "
                        + tol * Math.max(1, theta) + "; got " + Math.abs(xu));
            }
        }
    }

    /** {@inheritDoc} Renormalised onto the sphere. */
    @Override
    HostRows afterExp(HostRows y) {
        return projxRows(HostRows.ALGEBRA, y);
    }

    /** Rows of a point array, checked to lie on the sphere and renormalised in float64. */
    @Override
    double[] points(String name, INDArray a) {
        double[] v = Rows.read(name, a, dim);
        double tol = Rows.tolerance(a.dataType());
        for (int o = 0; o < v.length; o += dim) {
            double norm = Math.sqrt(Rows.dot(v, o, v, o, dim));
            if (!(Math.abs(norm - 1) <= tol)) {
                throw new OffManifoldException(name + " row " + o / dim + " must lie on the unit sphere: |‖" + name
                        + "‖ − 1| <= " + tol + "; got ‖" + name + "‖ = " + norm);
            }
            for (int j = 0; j < dim; j++) {
                v[o + j] /= norm;
            }
        }
        return v;
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

    @Override
    public String toString() {
        return "Sphere(S^" + (dim - 1) + " in R^" + dim + ")";
    }
}
