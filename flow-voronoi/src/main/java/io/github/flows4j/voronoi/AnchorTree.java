package io.github.flows4j.voronoi;

import java.util.Arrays;

/**
 * A k-d tree over K anchors in R^d (host doubles), built in O(K log K): nearest-anchor queries (exact squared
 * distances in double; ties to the lowest index) and ball queries, each in O(log K) expected time for
 * well-spread anchors. {@link Tessellation} uses it so that the cost per point does not grow with K. Immutable after
 * construction; queries keep their state on the call, so one tree may be queried from several threads.
 *
 * <pre>{@code
 * AnchorTree tree = new AnchorTree(new double[] {0, 0, 1, 0, 0, 1}, 3, 2);   // anchors row-major, K = 3, d = 2
 * int nearest = tree.nearest(new double[] {0.9, 0.2});                      // 1
 * int[] within = tree.within(new double[] {0, 0}, 1.0);                     // {0, 1, 2} in some order
 * }</pre>
 */
final class AnchorTree {
    private static final int LEAF = 8;

    private final double[] pts;
    private final int k;
    private final int d;
    private final int[] perm;
    private final int[] splitDim;

    /** The state of one query, so that concurrent queries on one tree do not interfere. */
    private static final class Query {
        double bestDist = Double.POSITIVE_INFINITY;
        int bestIndex = Integer.MAX_VALUE;
        int[] found = new int[16];
        int numFound;
    }

    /**
     * @param pts the anchors, K·d values row-major (not copied: the caller must not change them)
     * @param k   K &ge; 1
     * @param d   d &ge; 1
     */
    AnchorTree(double[] pts, int k, int d) {
        this.pts = pts;
        this.k = k;
        this.d = d;
        this.perm = new int[k];
        for (int i = 0; i < k; i++) {
            perm[i] = i;
        }
        this.splitDim = new int[k];
        build(0, k);
    }

    private void build(int lo, int hi) {
        if (hi - lo <= LEAF) {
            return;
        }
        int dim = 0;
        double spread = -1;
        for (int c = 0; c < d; c++) {
            double mn = Double.POSITIVE_INFINITY;
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = lo; i < hi; i++) {
                double v = pts[perm[i] * d + c];
                mn = Math.min(mn, v);
                mx = Math.max(mx, v);
            }
            if (mx - mn > spread) {
                spread = mx - mn;
                dim = c;
            }
        }
        int mid = (lo + hi) >>> 1;
        select(lo, hi - 1, mid, dim);
        splitDim[mid] = dim;
        build(lo, mid);
        build(mid + 1, hi);
    }

    /** Quickselect on perm[lo..hi] (inclusive) by coordinate dim, so that perm[m] is the m-th smallest. */
    private void select(int lo, int hi, int m, int dim) {
        int l = lo;
        int h = hi;
        while (l < h) {
            double pivot = pts[perm[(l + h) >>> 1] * d + dim];
            int i = l;
            int j = h;
            while (i <= j) {
                while (pts[perm[i] * d + dim] < pivot) {
                    i++;
                }
                while (pts[perm[j] * d + dim] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                    i++;
                    j--;
                }
            }
            if (m <= j) {
                h = j;
            } else if (m >= i) {
                l = i;
            } else {
                return;
            }
        }
    }

    /** @return K */
    int size() {
        return k;
    }

    /**
     * @param q a point, d values
     * @return the index of the anchor nearest to q (exact squared distances; ties to the lowest index)
     */
    int nearest(double[] q) {
        Query st = new Query();
        nearest(q, 0, k, st);
        return st.bestIndex;
    }

    /**
     * @param j an anchor's index
     * @param q a point
     * @return ‖q − a_j‖²
     */
    double dist2(int j, double[] q) {
        double s = 0;
        for (int c = 0; c < d; c++) {
            double t = q[c] - pts[j * d + c];
            s += t * t;
        }
        return s;
    }

    private void consider(int j, double[] q, Query st) {
        double s = dist2(j, q);
        if (s < st.bestDist || (s == st.bestDist && j < st.bestIndex)) {
            st.bestDist = s;
            st.bestIndex = j;
        }
    }

    private void nearest(double[] q, int lo, int hi, Query st) {
        if (hi - lo <= LEAF) {
            for (int i = lo; i < hi; i++) {
                consider(perm[i], q, st);
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        int dim = splitDim[mid];
        double diff = q[dim] - pts[perm[mid] * d + dim];
        consider(perm[mid], q, st);
        if (diff < 0) {
            nearest(q, lo, mid, st);
            if (diff * diff <= st.bestDist) {
                nearest(q, mid + 1, hi, st);
            }
        } else {
            nearest(q, mid + 1, hi, st);
            if (diff * diff <= st.bestDist) {
                nearest(q, lo, mid, st);
            }
        }
    }

    /**
     * @param q      the centre, d values
     * @param radius r &ge; 0
     * @return the indices of the anchors at distance &le; r from q, in no particular order
     */
    int[] within(double[] q, double radius) {
        Query st = new Query();
        within(q, radius * radius, 0, k, st);
        return Arrays.copyOf(st.found, st.numFound);
    }

    private void add(int j, double[] q, double r2, Query st) {
        if (dist2(j, q) <= r2) {
            if (st.numFound == st.found.length) {
                st.found = Arrays.copyOf(st.found, 2 * st.found.length);
            }
            st.found[st.numFound++] = j;
        }
    }

    private void within(double[] q, double r2, int lo, int hi, Query st) {
        if (hi - lo <= LEAF) {
            for (int i = lo; i < hi; i++) {
                add(perm[i], q, r2, st);
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        int dim = splitDim[mid];
        double diff = q[dim] - pts[perm[mid] * d + dim];
        add(perm[mid], q, r2, st);
        if (diff <= 0 || diff * diff <= r2) {
            within(q, r2, lo, mid, st);
        }
        if (diff >= 0 || diff * diff <= r2) {
            within(q, r2, mid + 1, hi, st);
        }
    }
}
