package io.github.flows4j.voronoi;

/** Test helper: log |det| of small dense matrices, to compare closed-form log-determinants with the tape's Jacobian. */
public final class Determinants {
    private Determinants() {
    }

    /** log |det A| of a row-major d × d matrix by Gaussian elimination with partial pivoting. */
    public static double logAbsDet(double[] m, int off, int d) {
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = m[off + i * d + j];
            }
        }
        double logDet = 0;
        for (int c = 0; c < d; c++) {
            int p = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] tmp = a[p];
            a[p] = a[c];
            a[c] = tmp;
            logDet += Math.log(Math.abs(a[c][c]));
            for (int r = c + 1; r < d; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j < d; j++) {
                    a[r][j] -= f * a[c][j];
                }
            }
        }
        return logDet;
    }
}
