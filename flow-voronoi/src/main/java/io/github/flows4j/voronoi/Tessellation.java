package io.github.flows4j.voronoi;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A bounded Voronoi tessellation and the maps between R^d and its cells (Chen, Amos &amp; Nickel, NeurIPS 2022,
 * §3): K anchors a_j inside a box [lo, hi]; cell k is the convex polytope of points of the box nearer to a_k than
 * to any other anchor. All quantities are {@link Tensor}s, so the maps are differentiable in the points, the
 * anchors, the box and the per-cell scales.
 *
 * <p><b>The map.</b> Write v = x − a_k. The cell, seen from its anchor, has the gauge (Minkowski functional)
 * <pre>
 *   m_k(v) = max( max_{j≠k} 2(a_j − a_k)·v / ‖a_j − a_k‖²,  max_i v_i / (hi_i − a_ki),  max_i v_i / (lo_i − a_ki) )
 * </pre>
 * so that a_k + v lies in the cell iff m_k(v) ≤ 1, and the ray from a_k along a unit u leaves the cell at the
 * distance λ(u) = 1 / m_k(u) — the nearest bisector or box face, in closed form. The forward map of cell k is
 * <pre>
 *   f_k(x) = a_k + e^{s_k} v / (1 + e^{s_k} m_k(v)),
 * </pre>
 * i.e. the point at distance λ(u)·σ(r e^{s_k}/λ(u)) along the ray, with σ(t) = t / (1 + t) (the paper's
 * softsign radial squash) and r = ‖v‖; it maps R^d homeomorphically onto the interior of cell k, is the identity
 * scaled by e^{s_k} near the anchor, and never divides by r. Since z − a_k = g(v) v with g positively homogeneous
 * of degree −1 up to the radial factor, the matrix determinant lemma gives det J = g^d (1 + v·∇g / g) and the
 * directional derivative along v involves only the radius, so
 * <pre>
 *   log |det ∂f_k/∂x| = d s_k − (d + 1) log(1 + e^{s_k} m_k(v)).
 * </pre>
 * The inverse of z = a_k + w with μ = m_k(w) &lt; 1 is x = a_k + e^{−s_k} w / (1 − μ), log-det
 * −d s_k − (d + 1) log(1 − μ).
 *
 * <p>Shapes: anchors [K, d], lower and upper [1, d], logScale [K, 1]; points [n, d]; one cell index per row.
 * The choice of the active constraint (the maximum) is discrete; gradients flow through the chosen one.
 *
 * <p><b>Cost.</b> Nothing of size K × K is formed. A k-d tree over the anchors (built in O(K log K) per
 * tessellation) finds each point's nearest anchor and, for each row, the few bisectors that can be the active
 * constraint (a walk along the ray and one ball query, see {@code candidates}); only those enter the tape. A
 * call on n points costs O(K log K + n·(log K + C)·d) with C the candidates per row (1 to 3 typically), so a
 * likelihood evaluation is flat in K in practice.
 *
 * <pre>{@code
 * Tessellation t = Tessellation.of(anchors, lower, upper, logScale);   // Tensors, [K, d] [1, d] [1, d] [K, 1]
 * CellMap m = t.forward(Tensor.constant(x), cells);                    // x [n, d], cells int[n]
 * CellMap back = t.inverse(m.value(), cells);                          // back.value() ≈ x
 * }</pre>
 */
public final class Tessellation {
    /** Bisector terms at least (1 − slack) times the gauge are candidates; rounding is far below the slack. */
    static final double CANDIDATE_SLACK = 0.05;
    private static final int MAX_WALK = 64;

    private final Tensor anchors;
    private final Tensor lower;
    private final Tensor upper;
    private final Tensor logScale;
    private final int k;
    private final int d;
    private final double[] hostAnchors;
    private final double[] hostLower;
    private final double[] hostUpper;
    private final AnchorTree tree;

    private Tessellation(Tensor anchors, Tensor lower, Tensor upper, Tensor logScale, double[] hostAnchors,
            double[] hostLower, double[] hostUpper) {
        this.anchors = anchors;
        this.lower = lower;
        this.upper = upper;
        this.logScale = logScale;
        this.k = (int) anchors.size(0);
        this.d = (int) anchors.size(1);
        this.hostAnchors = hostAnchors;
        this.hostLower = hostLower;
        this.hostUpper = hostUpper;
        this.tree = new AnchorTree(hostAnchors, k, d);
    }

    /**
     * @param anchors  a_j, [K, d], K &ge; 1, FLOAT or DOUBLE, distinct and strictly inside the box
     * @param lower    lo, [1, d], of the anchors' type
     * @param upper    hi, [1, d], hi &gt; lo elementwise
     * @param logScale s_k, [K, 1]
     * @return the tessellation
     * @throws ShapeMismatchException if a shape is wrong
     * @throws DTypeMismatchException if the types differ
     * @throws NonFiniteException     if a value is NaN or infinite
     * @throws InvalidConfigException if two anchors coincide or an anchor is not strictly inside the box
     */
    public static Tessellation of(Tensor anchors, Tensor lower, Tensor upper, Tensor logScale) {
        Checks.notNull("anchors", anchors);
        if (anchors.rank() != 2 || anchors.size(0) < 1 || anchors.size(1) < 1) {
            throw ShapeMismatchException.of("anchors", "[K, d] with K, d >= 1", anchors.shape());
        }
        DataType type = anchors.dtype();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("anchors type", "FLOAT or DOUBLE", type);
        }
        long kk = anchors.size(0);
        long dd = anchors.size(1);
        requireShape("lower", lower, type, 1, dd);
        requireShape("upper", upper, type, 1, dd);
        requireShape("logScale", logScale, type, kk, 1);
        Checks.finite("anchors", anchors.value());
        Checks.finite("lower", lower.value());
        Checks.finite("upper", upper.value());
        Checks.finite("logScale", logScale.value());
        double[] a = HostArrays.toDoubles(anchors.value());
        double[] lo = HostArrays.toDoubles(lower.value());
        double[] hi = HostArrays.toDoubles(upper.value());
        for (int c = 0; c < dd; c++) {
            if (!(hi[c] > lo[c])) {
                throw InvalidConfigException.of("upper[" + c + "]", "> lower[" + c + "] = " + lo[c], hi[c]);
            }
        }
        for (int j = 0; j < kk; j++) {
            for (int c = 0; c < dd; c++) {
                double v = a[(int) (j * dd + c)];
                if (!(v > lo[c] && v < hi[c])) {
                    throw InvalidConfigException.of("anchors[" + j + "][" + c + "]",
                            "strictly inside the box (" + lo[c] + ", " + hi[c] + ")", v);
                }
            }
        }
        requireDistinct(a, (int) kk, (int) dd);
        return new Tessellation(anchors, lower, upper, logScale, a, lo, hi);
    }

    /**
     * Exact duplicates in O(K log K) without a K × K table (the cost of a call must not grow with K²): rows are
     * sorted by a hash of their values packed with their index into one long, and rows of equal hash compared.
     */
    private static void requireDistinct(double[] a, int kk, int dd) {
        long[] keyed = new long[kk];
        for (int j = 0; j < kk; j++) {
            int h = 1;
            for (int c = 0; c < dd; c++) {
                h = 31 * h + Double.hashCode(a[j * dd + c] + 0.0);   // + 0.0 makes −0.0 hash as 0.0
            }
            keyed[j] = ((long) h << 32) | j;
        }
        Arrays.sort(keyed);
        for (int s = 0; s < kk; s++) {
            for (int t = s + 1; t < kk && (keyed[t] >> 32) == (keyed[s] >> 32); t++) {
                int i = (int) keyed[s];
                int j = (int) keyed[t];
                boolean same = true;
                for (int c = 0; c < dd && same; c++) {
                    same = a[i * dd + c] == a[j * dd + c];
                }
                if (same) {
                    throw InvalidConfigException.of("anchors", "pairwise distinct (anchors " + Math.min(i, j)
                            + " and " + Math.max(i, j) + " coincide)",
                            Arrays.toString(Arrays.copyOfRange(a, i * dd, i * dd + dd)));
                }
            }
        }
    }

    private static void requireShape(String name, Tensor t, DataType type, long rows, long cols) {
        Checks.notNull(name, t);
        if (t.rank() != 2 || t.size(0) != rows || t.size(1) != cols) {
            throw ShapeMismatchException.of(name, "[" + rows + ", " + cols + "]", t.shape());
        }
        if (t.dtype() != type) {
            throw new DTypeMismatchException(name + " is " + t.dtype() + " but anchors are " + type);
        }
    }

    /** @return K, the number of cells */
    public int numCells() {
        return k;
    }

    /** @return d, the dimension */
    public int dim() {
        return d;
    }

    /** @return the anchors, [K, d] */
    public Tensor anchors() {
        return anchors;
    }

    /** @return the box's lower corner, [1, d] */
    public Tensor lower() {
        return lower;
    }

    /** @return the box's upper corner, [1, d] */
    public Tensor upper() {
        return upper;
    }

    /** @return the per-cell log-scales s_k, [K, 1] */
    public Tensor logScale() {
        return logScale;
    }

    /**
     * The map f_k of R^d onto the interior of cell k, row by row.
     *
     * @param x     points, [n, d], any values
     * @param cells the cell of each row, n indices in 0 .. K−1
     * @return z = f_k(x) [n, d] and log |det ∂z/∂x| [n, 1]
     * @throws ShapeMismatchException if x is not [n, d] or cells has not n entries
     * @throws InvalidConfigException if a cell index is out of range
     * @throws NonFiniteException     if x holds NaN or infinity
     */
    public CellMap forward(Tensor x, int[] cells) {
        checkPoints("x", x, cells);
        Tensor ak = anchors.indexSelect(cells);
        Tensor v = x.sub(ak);
        Tensor s = logScale.indexSelect(cells);
        Tensor es = s.exp();
        Tensor t = es.mul(gauge(v, ak, cells));
        Tensor onePlusT = t.add(1.0);
        Tensor z = ak.add(es.mul(v).div(onePlusT));
        Tensor logDet = s.mul(d).sub(onePlusT.log().mul(d + 1.0));
        return new CellMap(z, logDet);
    }

    /**
     * The inverse f_k⁻¹ of the interior of cell k onto R^d.
     *
     * @param z     points strictly inside their cells, [n, d]
     * @param cells the cell of each row, n indices in 0 .. K−1
     * @return x = f_k⁻¹(z) [n, d] and log |det ∂x/∂z| [n, 1]
     * @throws ShapeMismatchException if z is not [n, d] or cells has not n entries
     * @throws InvalidConfigException if a cell index is out of range, or a point is outside the box or outside its
     *     cell (the message names the row)
     * @throws NonFiniteException     if z holds NaN or infinity
     */
    public CellMap inverse(Tensor z, int[] cells) {
        checkPoints("z", z, cells);
        requireInsideBox("z", z.value());
        Tensor ak = anchors.indexSelect(cells);
        Tensor w = z.sub(ak);
        Tensor mu = gauge(w, ak, cells);
        double[] muv = HostArrays.toDoubles(mu.value());
        for (int i = 0; i < muv.length; i++) {
            if (!(muv[i] < 1.0)) {
                throw InvalidConfigException.of("z[" + i + "]", "strictly inside cell " + cells[i]
                        + " (gauge < 1; nearest anchor is " + nearestOf(z.value().getRow(i)) + ")", muv[i]);
            }
        }
        Tensor s = logScale.indexSelect(cells);
        Tensor oneMinusMu = mu.rsub(1.0);
        Tensor x = ak.add(w.mul(s.neg().exp()).div(oneMinusMu));
        Tensor logDet = s.mul(-d).sub(oneMinusMu.log().mul(d + 1.0));
        return new CellMap(x, logDet);
    }

    /**
     * The cell of each point: its nearest anchor, by exact squared distances in double precision (ties to the
     * lowest index), through a k-d tree over the anchors, so the cost per point grows like log K. Not
     * differentiable.
     *
     * @param z points inside the box, [n, d]
     * @return n cell indices
     * @throws ShapeMismatchException if z is not [n, d]
     * @throws InvalidConfigException if a point is outside the box
     */
    public int[] assign(INDArray z) {
        if (z.rank() != 2 || z.size(1) != d) {
            throw ShapeMismatchException.of("z", "[n, " + d + "]", z.shape());
        }
        requireInsideBox("z", z);
        double[] p = HostArrays.toDoubles(z);
        int n = (int) z.size(0);
        int[] cells = new int[n];
        double[] q = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p, i * d, q, 0, d);
            cells[i] = tree.nearest(q);
        }
        return cells;
    }

    /**
     * The gauge m_k(v) of each row's cell: the active constraint is the largest of the K − 1 bisector terms and
     * the 2d box terms. Only bisectors that can be the largest enter the tape: for each row a host-side search
     * (below) finds the bisectors whose term is within {@link #CANDIDATE_SLACK} of the maximum, so the tape holds
     * [n, C, d] differences with C the largest such count in the batch (usually 1 to 3) instead of [n, K, d].
     * The value and the gradient are those of the maximum over all K − 1 bisectors: the maximum is attained by one
     * of the candidates, and each candidate term is computed by the same operations as before.
     *
     * @param v     offsets from the anchors, [n, d]
     * @param ak    the rows' anchors, [n, d]
     * @param cells the rows' cells
     * @return m_k(v), [n, 1], &ge; 0, zero only at v = 0
     */
    private Tensor gauge(Tensor v, Tensor ak, int[] cells) {
        int n = cells.length;
        Tensor boxHi = v.div(upper.sub(ak));
        Tensor boxLo = v.div(lower.sub(ak));
        if (k == 1) {
            return Tensor.concat(1, boxHi, boxLo).max(1, true);
        }
        int[][] cand = candidates(HostArrays.toDoubles(v.value()), cells);
        int width = 1;
        for (int[] c : cand) {
            width = Math.max(width, c.length);
        }
        int[] index = new int[n * width];
        INDArray own = Nd4j.zeros(anchors.dtype(), n, width);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < width; c++) {
                if (c < cand[i].length) {
                    index[i * width + c] = cand[i][c];
                } else {
                    index[i * width + c] = cells[i];   // padding: the own anchor, masked to a zero term
                    own.putScalar(i, c, 1.0);
                }
            }
        }
        // a_j − a_k for the candidates j, [n, C, d]; 2 (a_j − a_k)·v and ‖a_j − a_k‖², [n, C]
        Tensor diff = anchors.indexSelect(index).reshape(n, width, d).sub(ak.reshape(n, 1, d));
        Tensor num = diff.mul(v.reshape(n, 1, d)).sum(2).mul(2.0);
        Tensor den = diff.square().sum(2);
        Tensor zero = Tensor.zeros(anchors.dtype(), 1, 1);
        Tensor one = Tensor.ones(anchors.dtype(), 1, 1);
        Tensor bisect = Tensor.where(own, zero, num).div(Tensor.where(own, one, den));
        return Tensor.concat(1, bisect, boxHi, boxLo).max(1, true);
    }

    /**
     * For each row, the bisectors j ≠ k whose term 2(a_j − a_k)·v / ‖a_j − a_k‖² is within the slack of m_k(v).
     *
     * <p>Along the ray a_k + t v the cell is left at t* = 1 / m_k(v). A walk finds t* exactly: start from the box
     * exit t = 1 / (box gauge); while the nearest anchor j of a_k + t v is not k, that point lies beyond the
     * bisector of k and j, so t* ≤ t_j = 1 / term_j &lt; t: set t = t_j. When the nearest anchor is k the point is
     * in the (convex) cell, so t* = t. A bisector term is at most 2‖v‖ / ‖a_j − a_k‖, so the candidates lie in the
     * ball of radius 2 t* ‖v‖ / (1 − slack) about a_k: one ball query. Each step is a nearest-anchor query, so a
     * row costs O(log K) for well-spread anchors; a walk longer than 64 steps falls back to all anchors.
     */
    private int[][] candidates(double[] v, int[] cells) {
        int n = cells.length;
        int[][] out = new int[n][];
        double[] u = new double[d];
        double[] p = new double[d];
        double[] ak = new double[d];
        for (int i = 0; i < n; i++) {
            int kk = cells[i];
            System.arraycopy(v, i * d, u, 0, d);
            System.arraycopy(hostAnchors, kk * d, ak, 0, d);
            double norm2 = 0;
            double box = 0;
            for (int c = 0; c < d; c++) {
                norm2 += u[c] * u[c];
                box = Math.max(box, Math.max(u[c] / (hostUpper[c] - ak[c]), u[c] / (hostLower[c] - ak[c])));
            }
            if (!(norm2 > 0) || !(box > 0)) {
                out[i] = new int[0];
                continue;
            }
            double t = 1.0 / box;
            boolean exact = false;
            for (int step = 0; step < MAX_WALK; step++) {
                for (int c = 0; c < d; c++) {
                    p[c] = ak[c] + t * u[c];
                }
                int j = tree.nearest(p);
                if (j == kk || !(tree.dist2(j, p) < tree.dist2(kk, p))) {
                    exact = true;
                    break;
                }
                double term = term(j, kk, u);
                if (!(term > 0) || !(1.0 / term < t * (1 - 1e-12))) {
                    exact = true;   // p lies on the bisector up to rounding
                    break;
                }
                t = 1.0 / term;
            }
            int[] ball;
            double m = 1.0 / t;
            if (exact) {
                ball = tree.within(ak, 2.0 * t * Math.sqrt(norm2) / (1 - CANDIDATE_SLACK) * (1 + 1e-9));
            } else {
                ball = new int[k];
                for (int j = 0; j < k; j++) {
                    ball[j] = j;
                    m = Math.max(m, j == kk ? 0 : term(j, kk, u));
                }
            }
            int count = 0;
            for (int j : ball) {
                if (j != kk && term(j, kk, u) >= (1 - CANDIDATE_SLACK) * m) {
                    ball[count++] = j;
                }
            }
            out[i] = Arrays.copyOf(ball, count);
            Arrays.sort(out[i]);   // index order, as the exhaustive maximum breaks exact ties
        }
        return out;
    }

    /** @return 2(a_j − a_k)·u / ‖a_j − a_k‖² in double */
    private double term(int j, int kk, double[] u) {
        double num = 0;
        double den = 0;
        for (int c = 0; c < d; c++) {
            double diff = hostAnchors[j * d + c] - hostAnchors[kk * d + c];
            num += diff * u[c];
            den += diff * diff;
        }
        return 2 * num / den;
    }

    private void checkPoints(String name, Tensor p, int[] cells) {
        Checks.notNull(name, p);
        Checks.notNull("cells", cells);
        if (p.rank() != 2 || p.size(1) != d) {
            throw ShapeMismatchException.of(name, "[n, " + d + "]", p.shape());
        }
        if (p.size(0) != cells.length) {
            throw ShapeMismatchException.of("cells", "length " + p.size(0) + " (one per row of " + name + ")",
                    new long[] {cells.length});
        }
        if (p.dtype() != anchors.dtype()) {
            throw new DTypeMismatchException(name + " is " + p.dtype() + " but anchors are " + anchors.dtype());
        }
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] < 0 || cells[i] >= k) {
                throw InvalidConfigException.of("cells[" + i + "]", "in 0 .. " + (k - 1), cells[i]);
            }
        }
        Checks.finite(name, p.value());
    }

    /**
     * @param name   the argument's name, for the message
     * @param points points, [n, d]
     * @throws InvalidConfigException if a point is not strictly inside the box (the message names the entry)
     * @throws NonFiniteException     if a point is NaN or infinite
     */
    public void requireInsideBox(String name, INDArray points) {
        Checks.finite(name, points);
        double[] lo = hostLower;
        double[] hi = hostUpper;
        double[] p = HostArrays.toDoubles(points);
        for (int i = 0; i < p.length; i++) {
            int c = i % d;
            if (!(p[i] > lo[c] && p[i] < hi[c])) {
                throw InvalidConfigException.of(name + "[" + (i / d) + "][" + c + "]",
                        "strictly inside the box (" + lo[c] + ", " + hi[c] + ")", p[i]);
            }
        }
    }

    private int nearestOf(INDArray row) {
        return tree.nearest(HostArrays.toDoubles(row));
    }
}
