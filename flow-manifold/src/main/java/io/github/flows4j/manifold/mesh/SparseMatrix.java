package io.github.flows4j.manifold.mesh;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse row (CSR) form, on {@code double[]}: row i holds the column
 * indices {@code colIndex[rowStart[i] .. rowStart[i+1])} in increasing order with their values. It is what the
 * cotangent Laplacian and the mass matrix of a mesh are returned as, and what {@link SparseCholesky} factors.
 *
 * <pre>{@code
 * SparseMatrix a = SparseMatrix.fromTriplets(3, 3, new int[] {0, 1, 1}, new int[] {0, 1, 1},
 *         new double[] {2, 1, 1});       // duplicates are summed: a(1, 1) = 2
 * double[] y = a.multiply(new double[] {1, 1, 1});
 * }</pre>
 */
public final class SparseMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowStart;
    private final int[] colIndex;
    private final double[] values;

    private SparseMatrix(int rows, int cols, int[] rowStart, int[] colIndex, double[] values) {
        this.rows = rows;
        this.cols = cols;
        this.rowStart = rowStart;
        this.colIndex = colIndex;
        this.values = values;
    }

    /**
     * @param rows   the number of rows, &ge; 0
     * @param cols   the number of columns, &ge; 0
     * @param r      row index per entry
     * @param c      column index per entry
     * @param v      value per entry; entries at the same position are summed
     * @return the matrix
     * @throws ShapeMismatchException if r, c and v differ in length
     * @throws InvalidConfigException if an index is out of range or a value is not finite
     */
    public static SparseMatrix fromTriplets(int rows, int cols, int[] r, int[] c, double[] v) {
        return fromTriplets(rows, cols, r, c, v, r.length);
    }

    /** As {@link #fromTriplets(int, int, int[], int[], double[])} using the first {@code count} entries. */
    static SparseMatrix fromTriplets(int rows, int cols, int[] r, int[] c, double[] v, int count) {
        if (rows < 0 || cols < 0) {
            throw InvalidConfigException.of("rows, cols", ">= 0", rows + ", " + cols);
        }
        if (r.length < count || c.length < count || v.length < count) {
            throw new ShapeMismatchException("r, c and v must hold " + count + " entries; got " + r.length + ", "
                    + c.length + ", " + v.length);
        }
        int[] start = new int[rows + 1];
        for (int k = 0; k < count; k++) {
            if (r[k] < 0 || r[k] >= rows || c[k] < 0 || c[k] >= cols) {
                throw InvalidConfigException.of("entry " + k + " position", "inside [" + rows + ", " + cols + "]",
                        "(" + r[k] + ", " + c[k] + ")");
            }
            if (!Double.isFinite(v[k])) {
                throw InvalidConfigException.of("entry " + k + " value", "finite", v[k]);
            }
            start[r[k] + 1]++;
        }
        for (int i = 0; i < rows; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, rows);
        int[] ci = new int[count];
        double[] vv = new double[count];
        for (int k = 0; k < count; k++) {
            int p = fill[r[k]]++;
            ci[p] = c[k];
            vv[p] = v[k];
        }
        // sort each row by column and sum duplicates, compacting in place (rows only move left)
        int[] outStart = new int[rows + 1];
        int w = 0;
        long[] keys = new long[0];
        double[] rowVals = new double[0];
        for (int i = 0; i < rows; i++) {
            int lo = start[i];
            int len = start[i + 1] - lo;
            if (keys.length < len) {
                keys = new long[Math.max(len, 2 * keys.length)];
                rowVals = new double[keys.length];
            }
            for (int p = 0; p < len; p++) {
                keys[p] = ((long) ci[lo + p] << 32) | p;
                rowVals[p] = vv[lo + p];
            }
            Arrays.sort(keys, 0, len);
            int rowBegin = w;
            for (int p = 0; p < len; p++) {
                int col = (int) (keys[p] >>> 32);
                double val = rowVals[(int) (keys[p] & 0xffffffffL)];
                if (w > rowBegin && ci[w - 1] == col) {
                    vv[w - 1] += val;
                } else {
                    ci[w] = col;
                    vv[w] = val;
                    w++;
                }
            }
            outStart[i + 1] = w;
        }
        return new SparseMatrix(rows, cols, outStart, Arrays.copyOf(ci, w), Arrays.copyOf(vv, w));
    }

    /**
     * @param d the diagonal (copied)
     * @return diag(d)
     */
    public static SparseMatrix diagonal(double[] d) {
        int n = d.length;
        int[] start = new int[n + 1];
        int[] ci = new int[n];
        for (int i = 0; i < n; i++) {
            start[i + 1] = i + 1;
            ci[i] = i;
        }
        return new SparseMatrix(n, n, start, ci, d.clone());
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @return the number of columns */
    public int cols() {
        return cols;
    }

    /** @return the number of stored entries */
    public int nonZeros() {
        return values.length;
    }

    int[] rowStart() {
        return rowStart;
    }

    int[] colIndex() {
        return colIndex;
    }

    double[] values() {
        return values;
    }

    /**
     * @param i a row
     * @param j a column
     * @return the entry (0 if not stored)
     */
    public double get(int i, int j) {
        int p = Arrays.binarySearch(colIndex, rowStart[i], rowStart[i + 1], j);
        return p >= 0 ? values[p] : 0;
    }

    /** @return the diagonal entries, [min(rows, cols)] */
    public double[] diagonalEntries() {
        double[] d = new double[Math.min(rows, cols)];
        for (int i = 0; i < d.length; i++) {
            d[i] = get(i, i);
        }
        return d;
    }

    /**
     * @param x a vector, [cols]
     * @return A x, [rows]
     * @throws ShapeMismatchException if x has the wrong length
     */
    public double[] multiply(double[] x) {
        if (x.length != cols) {
            throw ShapeMismatchException.of("x", "[" + cols + "]", new long[] {x.length});
        }
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                s += values[p] * x[colIndex[p]];
            }
            y[i] = s;
        }
        return y;
    }

    /**
     * @param tol an absolute tolerance
     * @return whether the matrix is square and |a_ij − a_ji| ≤ tol for every stored entry
     */
    public boolean isSymmetric(double tol) {
        if (rows != cols) {
            return false;
        }
        for (int i = 0; i < rows; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                if (!(Math.abs(values[p] - get(colIndex[p], i)) <= tol)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @return the dense matrix, row-major [rows][cols]
     * @throws InvalidConfigException if it would have more than 10⁸ entries
     */
    public double[][] toDense() {
        if ((long) rows * cols > 100_000_000L) {
            throw InvalidConfigException.of("rows × cols", "<= 1e8 for a dense copy", (long) rows * cols);
        }
        double[][] d = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int p = rowStart[i]; p < rowStart[i + 1]; p++) {
                d[i][colIndex[p]] = values[p];
            }
        }
        return d;
    }

    @Override
    public String toString() {
        return "SparseMatrix(" + rows + "x" + cols + ", " + values.length + " stored)";
    }
}
