package io.github.flows4j.core.sde.brownian;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Brownian path that is a pure function of its seed: a virtual Brownian tree (Li, Wong, Chen &amp; Duvenaud,
 * <i>Scalable Gradients for Stochastic Differential Equations</i>, AISTATS 2020, §4) carrying the space-time Lévy
 * area along with the increment (Kidger, Foster, Li &amp; Lyons, <i>Efficient and Accurate Gradients for Neural
 * SDEs</i>, NeurIPS 2021; Kidger 2021, §5.5.2), so that the strong-order-1.5 solvers can use it.
 *
 * <p>The tree halves {@code [t0, t1]} dyadically. Each node holds its increment {@code W} and space-time Lévy area
 * {@code H}; the root draws {@code W ~ N(0, T)}, {@code H ~ N(0, T/12)}, and each node draws its two halves from the
 * exact conditional law given its own {@code (W, H)}, with noise seeded by the tree's seed and the node's position
 * alone:
 * <pre>
 *   W_left  = W/2 + 3H/2 + X/2,   W_right = W − W_left,
 *   H_left  = H/4 − X/4 + E/2,    H_right = H/4 − X/4 − E/2,   X ~ N(0, h/4), E ~ N(0, h/12) independent,
 * </pre>
 * {@code h} being the node's length. Down to the tolerance (dyadic nodes no longer than {@code tolerance}) the path
 * is therefore an exact sample of Brownian motion; inside a finest node it is the conditional mean given the node's
 * {@code (W, H)}, the quadratic {@code W(a + rh) = W(a) + rW + 6r(1 − r)H}. A query at {@code t} evaluates
 * {@code W(t)} and the running integral {@code I(t) = ∫_{t0}^t W(r) dr} by descending the tree; an increment over
 * {@code [s, t]} is {@code W(t) − W(s)} and its area is {@code (I(t) − I(s))/(t − s) − W(s) − (W(t) − W(s))/2}.
 * Both are functions of one path, so increments add up over adjacent intervals (to rounding), the same seed gives
 * the same path whatever the order or the grid of the queries, and a query on a dyadic node returns exactly that
 * node's sampled {@code (W, H)}: step sizes {@code T/2^k} see exact Brownian increments and Lévy areas.
 *
 * <p>Recently used nodes and points are cached, so a solve's sweep (forward or backward) costs O(1) node draws per
 * step on a dyadic grid and about {@code log2(T/tolerance)} elsewhere. The cache never changes a value. Queries are
 * synchronized; the path may be shared between threads.
 *
 * <pre>{@code
 * VirtualBrownianTree w = VirtualBrownianTree.builder()
 *         .span(0.0, 1.0)
 *         .shape(256, 2)                 // 256 independent 2-dimensional paths
 *         .seed(42)
 *         .tolerance(1e-6)
 *         .dtype(DataType.DOUBLE)
 *         .build();
 * BrownianIncrement dw = w.increment(0.25, 0.5);   // dw.w(), dw.h(): [256, 2]
 * }</pre>
 */
public final class VirtualBrownianTree implements BrownianPath {
    /** The deepest level the tree descends to. */
    public static final int MAX_DEPTH = 50;
    private static final int POINT_MEMO = 4;

    private final double t0;
    private final double t1;
    private final long batch;
    private final long dim;
    private final int n;
    private final long seed;
    private final double tolerance;
    private final int depth;
    private final DataType dtype;
    private final Node root;
    private final Map<Long, Node> cache;
    private final double[] memoT = new double[POINT_MEMO];
    private final double[][][] memoValue = new double[POINT_MEMO][][];
    private int memoNext;

    /** A node's increment and area, and the path's value and running integral at the node's start. */
    private record Node(double[] w, double[] h, double[] w0, double[] i0) {
    }

    private VirtualBrownianTree(Builder b) {
        if (!Double.isFinite(b.t0) || !Double.isFinite(b.t1) || !(b.t1 > b.t0)) {
            throw InvalidConfigException.of("span", "finite with t1 > t0", "[" + b.t0 + ", " + b.t1 + "]");
        }
        if (b.batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", b.batch);
        }
        if (b.dim < 1) {
            throw InvalidConfigException.of("dim", ">= 1", b.dim);
        }
        if (b.batch * b.dim > Integer.MAX_VALUE) {
            throw InvalidConfigException.of("batch * dim", "at most 2^31 - 1", b.batch * b.dim);
        }
        double span = b.t1 - b.t0;
        double tol = Double.isNaN(b.tolerance) ? span * 0x1p-20 : b.tolerance;
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw InvalidConfigException.of("tolerance", "> 0 and finite", tol);
        }
        if (b.dtype != DataType.DOUBLE && b.dtype != DataType.FLOAT) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", b.dtype);
        }
        this.t0 = b.t0;
        this.t1 = b.t1;
        this.batch = b.batch;
        this.dim = b.dim;
        this.n = (int) (b.batch * b.dim);
        this.seed = b.seed;
        this.tolerance = tol;
        this.depth = (int) Math.min(MAX_DEPTH, Math.max(0, Math.ceil(Math.log(span / tol) / Math.log(2))));
        this.dtype = b.dtype;
        int capacity = 4 * depth + 64;
        this.cache = new LinkedHashMap<>(2 * capacity, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Node> eldest) {
                return size() > capacity;
            }
        };
        this.root = makeRoot();
        java.util.Arrays.fill(memoT, Double.NaN);
    }

    /**
     * A double-precision tree with the default tolerance {@code (t1 − t0) · 2^-20}.
     *
     * @param t0    the start
     * @param t1    the end, {@code > t0}
     * @param batch the number of independent paths
     * @param dim   the dimension {@code m} of each path
     * @param seed  the seed; the same seed gives the same path
     * @return the tree
     * @throws InvalidConfigException if a value breaks its rule
     */
    public static VirtualBrownianTree of(double t0, double t1, long batch, long dim, long seed) {
        return builder().span(t0, t1).shape(batch, dim).seed(seed).dtype(DataType.DOUBLE).build();
    }

    /** @return a builder; span, shape and seed are required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public double t0() {
        return t0;
    }

    @Override
    public double t1() {
        return t1;
    }

    @Override
    public long batch() {
        return batch;
    }

    @Override
    public long dim() {
        return dim;
    }

    @Override
    public DataType dtype() {
        return dtype;
    }

    @Override
    public boolean hasSpaceTimeLevyArea() {
        return true;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    /** @return the length below which dyadic nodes are not split further */
    public double tolerance() {
        return tolerance;
    }

    /** @return the number of dyadic levels below the root */
    public int depth() {
        return depth;
    }

    @Override
    public synchronized BrownianIncrement increment(double s, double t) {
        if (!(s >= t0) || !(t <= t1) || !(t > s)) {
            throw new InvalidConfigException("increment interval must satisfy " + t0 + " <= s < t <= " + t1
                    + " (the tree's span); got [" + s + ", " + t + "]");
        }
        double[][] ps = point(s);
        double[][] pt = point(t);
        double h = t - s;
        double[] w = new double[n];
        double[] area = new double[n];
        for (int j = 0; j < n; j++) {
            w[j] = pt[0][j] - ps[0][j];
            area[j] = (pt[1][j] - ps[1][j]) / h - ps[0][j] - 0.5 * w[j];
        }
        return new BrownianIncrement(s, t, Tensor.constant(array(w)), Tensor.constant(array(area)));
    }

    /**
     * @param t a time in {@code [t0, t1]}
     * @return {@code W(t) − W(t0)}, {@code [batch, m]}
     * @throws InvalidConfigException if {@code t} is outside the span
     */
    public synchronized INDArray value(double t) {
        if (!(t >= t0 && t <= t1)) {
            throw InvalidConfigException.of("t", "in [" + t0 + ", " + t1 + "]", t);
        }
        return array(point(t)[0]);
    }

    private INDArray array(double[] v) {
        INDArray a = Nd4j.createFromArray(v).reshape(batch, dim);
        return dtype == DataType.DOUBLE ? a : a.castTo(dtype);
    }

    // ------------------------------------------------------------------------------------------------ the tree

    /** {@code W(t)} and {@code I(t)}, memoised for the last few points. The arrays are never mutated. */
    private double[][] point(double t) {
        for (int i = 0; i < POINT_MEMO; i++) {
            if (memoT[i] == t) {
                return memoValue[i];
            }
        }
        double[][] v = evaluate(t);
        memoT[memoNext] = t;
        memoValue[memoNext] = v;
        memoNext = (memoNext + 1) % POINT_MEMO;
        return v;
    }

    private double[][] evaluate(double t) {
        if (t == t0) {
            return new double[][] {new double[n], new double[n]};
        }
        double span = t1 - t0;
        if (t == t1) {
            double[] w = root.w().clone();
            double[] i = new double[n];
            for (int j = 0; j < n; j++) {
                i[j] = span * (root.h()[j] + 0.5 * root.w()[j]);
            }
            return new double[][] {w, i};
        }
        long id = 1;
        Node node = root;
        int level = 0;
        while (true) {
            long k = id - (1L << level);
            double a = start(level, k);
            if (t == a) {
                return new double[][] {node.w0(), node.i0()};
            }
            if (level == depth) {
                return interpolate(node, a, start(level, k + 1) - a, t);
            }
            double mid = start(level + 1, 2 * k + 1);
            long child = t < mid ? 2 * id : 2 * id + 1;
            node = child(node, id, level, child);
            id = child;
            level++;
        }
    }

    /** The start of node {@code k} of {@code level}: one formula, so adjacent nodes share their boundary exactly. */
    private double start(int level, long k) {
        return t0 + k * Math.scalb(t1 - t0, -level);
    }

    private static double[][] interpolate(Node node, double a, double width, double t) {
        double r = (t - a) / width;
        double cw = 6 * r * (1 - r);
        double iw = 0.5 * r * r;
        double ih = 3 * r * r - 2 * r * r * r;
        int len = node.w().length;
        double[] w = new double[len];
        double[] in = new double[len];
        for (int j = 0; j < len; j++) {
            w[j] = node.w0()[j] + r * node.w()[j] + cw * node.h()[j];
            in[j] = node.i0()[j] + width * (r * node.w0()[j] + iw * node.w()[j] + ih * node.h()[j]);
        }
        return new double[][] {w, in};
    }

    private Node makeRoot() {
        SplittableRandom rng = new SplittableRandom(mix(seed, 0)); // heap ids start at 1: 0 is the root's own
        double span = t1 - t0;
        double sw = Math.sqrt(span);
        double sh = Math.sqrt(span / 12);
        double[] w = new double[n];
        double[] h = new double[n];
        for (int j = 0; j < n; j++) {
            w[j] = sw * rng.nextGaussian();
            h[j] = sh * rng.nextGaussian();
        }
        return new Node(w, h, new double[n], new double[n]);
    }

    private Node child(Node parent, long parentId, int parentLevel, long childId) {
        Node c = cache.get(childId);
        if (c != null) {
            return c;
        }
        double width = Math.scalb(t1 - t0, -parentLevel);
        double half = 0.5 * width;
        SplittableRandom rng = new SplittableRandom(mix(seed, parentId));
        double sx = 0.5 * Math.sqrt(width);
        double se = Math.sqrt(width / 12);
        double[] wl = new double[n];
        double[] hl = new double[n];
        double[] wr = new double[n];
        double[] hr = new double[n];
        double[] w0r = new double[n];
        double[] i0r = new double[n];
        double[] pw = parent.w();
        double[] ph = parent.h();
        for (int j = 0; j < n; j++) {
            double x = sx * rng.nextGaussian();
            double e = se * rng.nextGaussian();
            wl[j] = 0.5 * pw[j] + 1.5 * ph[j] + 0.5 * x;
            wr[j] = pw[j] - wl[j];
            double common = 0.25 * ph[j] - 0.25 * x;
            hl[j] = common + 0.5 * e;
            hr[j] = common - 0.5 * e;
            w0r[j] = parent.w0()[j] + wl[j];
            i0r[j] = parent.i0()[j] + half * (parent.w0()[j] + hl[j] + 0.5 * wl[j]);
        }
        Node left = new Node(wl, hl, parent.w0(), parent.i0());
        Node right = new Node(wr, hr, w0r, i0r);
        cache.put(2 * parentId, left);
        cache.put(2 * parentId + 1, right);
        return childId == 2 * parentId ? left : right;
    }

    /** SplitMix64's finaliser over the seed and a node's heap position: the node's own, reproducible stream. */
    private static long mix(long seed, long id) {
        long z = seed + id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "VirtualBrownianTree[[" + t0 + ", " + t1 + "], shape [" + batch + ", " + dim + "], seed " + seed
                + ", depth " + depth + ", " + dtype + "]";
    }

    /** Builds a {@link VirtualBrownianTree}: {@code span}, {@code shape} and {@code seed} are required. */
    public static final class Builder {
        private double t0 = Double.NaN;
        private double t1 = Double.NaN;
        private long batch = -1;
        private long dim = -1;
        private long seed;
        private boolean seedSet;
        private double tolerance = Double.NaN;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param start the start @param end the end, {@code > start} @return this */
        public Builder span(double start, double end) {
            this.t0 = start;
            this.t1 = end;
            return this;
        }

        /** @param rows the number of independent paths @param m the dimension of each @return this */
        public Builder shape(long rows, long m) {
            this.batch = rows;
            this.dim = m;
            return this;
        }

        /** @param value the seed @return this */
        public Builder seed(long value) {
            this.seed = value;
            this.seedSet = true;
            return this;
        }

        /** @param value the finest node length, &gt; 0 (default {@code (t1 − t0) · 2^-20}) @return this */
        public Builder tolerance(double value) {
            this.tolerance = value;
            return this;
        }

        /** @param value FLOAT (default) or DOUBLE; the solve's state must have this type @return this */
        public Builder dtype(DataType value) {
            this.dtype = value;
            return this;
        }

        /**
         * @return the tree
         * @throws InvalidConfigException naming the first missing or invalid value
         */
        public VirtualBrownianTree build() {
            if (Double.isNaN(t0) || Double.isNaN(t1)) {
                throw new InvalidConfigException("span must be set with span(t0, t1)");
            }
            if (batch < 0 || dim < 0) {
                throw new InvalidConfigException("shape must be set with shape(batch, m)");
            }
            if (!seedSet) {
                throw new InvalidConfigException("seed must be set with seed(seed): flows4j has no global RNG");
            }
            return new VirtualBrownianTree(this);
        }
    }
}
