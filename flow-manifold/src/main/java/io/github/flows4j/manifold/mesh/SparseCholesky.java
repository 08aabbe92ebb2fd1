package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;

/**
 * The sparse Cholesky factorisation P A Pᵀ = L Lᵀ of a symmetric positive definite matrix, with P a nested
 * dissection ordering ({@link NestedDissection}). The factorisation is the up-looking algorithm of CSparse (Davis,
 * <i>Direct Methods for Sparse Linear Systems</i>, 2006, §4): the elimination tree and the row patterns of L
 * (by "ereach") are found symbolically first, so L is allocated once; each row k of L is then a sparse triangular
 * solve. L is held by columns with the diagonal first. It is the inner solver of {@link ShiftInvertLanczos}.
 *
 * <pre>{@code
 * SparseCholesky chol = SparseCholesky.factor(a);     // a: SPD SparseMatrix
 * double[] x = chol.solve(b);                          // a x = b
 * }</pre>
 */
final class SparseCholesky {
    private final int n;
    private final int[] perm;
    private final int[] colStart;
    private final int[] rowIndex;
    private final double[] values;

    private SparseCholesky(int n, int[] perm, int[] colStart, int[] rowIndex, double[] values) {
        this.n = n;
        this.perm = perm;
        this.colStart = colStart;
        this.rowIndex = rowIndex;
        this.values = values;
    }

    /**
     * @param a a symmetric positive definite matrix (both triangles stored; only the upper one is read)
     * @return its factorisation
     * @throws ShapeMismatchException if a is not square
     * @throws InvalidConfigException if a is not positive definite (a pivot is not positive)
     */
    public static SparseCholesky factor(SparseMatrix a) {
        if (a.rows() != a.cols()) {
            throw ShapeMismatchException.of("a", "square", new long[] {a.rows(), a.cols()});
        }
        int n = a.rows();
        int[] perm = NestedDissection.order(a);
        int[] inv = new int[n];
        for (int i = 0; i < n; i++) {
            inv[perm[i]] = i;
        }
        // C = upper triangle of P A Pᵀ, by columns: column j holds the rows i ≤ j
        int[] aStart = a.rowStart();
        int[] aCol = a.colIndex();
        double[] aVal = a.values();
        int[] cStart = new int[n + 1];
        for (int r = 0; r < n; r++) {
            for (int p = aStart[r]; p < aStart[r + 1]; p++) {
                int i = inv[r];
                int j = inv[aCol[p]];
                if (i <= j) {
                    cStart[j + 1]++;
                }
            }
        }
        for (int j = 0; j < n; j++) {
            cStart[j + 1] += cStart[j];
        }
        int[] fill = java.util.Arrays.copyOf(cStart, n);
        int[] cRow = new int[cStart[n]];
        double[] cVal = new double[cStart[n]];
        for (int r = 0; r < n; r++) {
            for (int p = aStart[r]; p < aStart[r + 1]; p++) {
                int i = inv[r];
                int j = inv[aCol[p]];
                if (i <= j) {
                    int q = fill[j]++;
                    cRow[q] = i;
                    cVal[q] = aVal[p];
                }
            }
        }
        // elimination tree
        int[] parent = new int[n];
        int[] ancestor = new int[n];
        for (int k = 0; k < n; k++) {
            parent[k] = -1;
            ancestor[k] = -1;
            for (int p = cStart[k]; p < cStart[k + 1]; p++) {
                int i = cRow[p];
                while (i != -1 && i < k) {
                    int next = ancestor[i];
                    ancestor[i] = k;
                    if (next == -1) {
                        parent[i] = k;
                    }
                    i = next;
                }
            }
        }
        // column counts from the row patterns
        int[] flag = new int[n];
        java.util.Arrays.fill(flag, -1);
        int[] stack = new int[n];
        int[] counts = new int[n];
        for (int k = 0; k < n; k++) {
            int top = ereach(k, cStart, cRow, parent, flag, stack);
            for (int t = top; t < n; t++) {
                counts[stack[t]]++;
            }
            counts[k]++;
        }
        int[] lStart = new int[n + 1];
        for (int j = 0; j < n; j++) {
            lStart[j + 1] = lStart[j] + counts[j];
        }
        if (lStart[n] < 0) {
            throw InvalidConfigException.of("a", "a factor with fewer than 2^31 entries", "overflow");
        }
        int[] lRow = new int[lStart[n]];
        double[] lVal = new double[lStart[n]];
        int[] next = java.util.Arrays.copyOf(lStart, n);
        double[] x = new double[n];
        java.util.Arrays.fill(flag, -1);
        for (int k = 0; k < n; k++) {
            int top = ereach(k, cStart, cRow, parent, flag, stack);
            for (int p = cStart[k]; p < cStart[k + 1]; p++) {
                x[cRow[p]] += cVal[p];
            }
            double d = x[k];
            x[k] = 0;
            for (int t = top; t < n; t++) {
                int i = stack[t];
                double lki = x[i] / lVal[lStart[i]];
                x[i] = 0;
                for (int p = lStart[i] + 1; p < next[i]; p++) {
                    x[lRow[p]] -= lVal[p] * lki;
                }
                d -= lki * lki;
                int p = next[i]++;
                lRow[p] = k;
                lVal[p] = lki;
            }
            if (!(d > 0)) {
                throw InvalidConfigException.of("a", "positive definite", "pivot " + d + " at permuted row " + k
                        + " (original row " + perm[k] + ")");
            }
            int p = next[k]++;
            lRow[p] = k;
            lVal[p] = Math.sqrt(d);
        }
        return new SparseCholesky(n, perm, lStart, lRow, lVal);
    }

    /**
     * The nonzero pattern of row k of L: the vertices reached from the entries of column k of C in the elimination
     * tree, written to stack[top..n) in topological order.
     */
    private static int ereach(int k, int[] cStart, int[] cRow, int[] parent, int[] flag, int[] stack) {
        int top = stack.length;
        flag[k] = k;
        for (int p = cStart[k]; p < cStart[k + 1]; p++) {
            int i = cRow[p];
            if (i > k) {
                continue;
            }
            int len = 0;
            while (flag[i] != k) {
                stack[len++] = i;
                flag[i] = k;
                i = parent[i];
            }
            while (len > 0) {
                stack[--top] = stack[--len];
            }
        }
        return top;
    }

    /** @return the number of stored entries of L */
    public long factorEntries() {
        return values.length;
    }

    /** @return n */
    public int size() {
        return n;
    }

    /**
     * @param b the right-hand side, [n] (not modified)
     * @return x with A x = b, [n]
     * @throws ShapeMismatchException if b has the wrong length
     */
    public double[] solve(double[] b) {
        if (b.length != n) {
            throw ShapeMismatchException.of("b", "[" + n + "]", new long[] {b.length});
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = b[perm[i]];
        }
        solveInPlace(y);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[perm[i]] = y[i];
        }
        return x;
    }

    /** Solves L Lᵀ y = y in the permuted ordering. */
    private void solveInPlace(double[] y) {
        for (int j = 0; j < n; j++) {
            double yj = y[j] / values[colStart[j]];
            y[j] = yj;
            if (yj != 0) {
                for (int p = colStart[j] + 1; p < colStart[j + 1]; p++) {
                    y[rowIndex[p]] -= values[p] * yj;
                }
            }
        }
        for (int j = n - 1; j >= 0; j--) {
            double s = y[j];
            for (int p = colStart[j] + 1; p < colStart[j + 1]; p++) {
                s -= values[p] * y[rowIndex[p]];
            }
            y[j] = s / values[colStart[j]];
        }
    }
}
