package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.kernel.HostArrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A [rows, cols] float64 matrix on the host, row-major, and the {@link RowAlgebra} that evaluates the manifold
 * formulas on it eagerly: what the {@code INDArray} maps run, one pass per operation, without autodiff
 * bookkeeping. Instances are never modified after construction.
 *
 * <pre>{@code
 * HostRows x = HostRows.of(Rows.read("x", xs, 3), 3);
 * HostRows n = HostRows.ALGEBRA.rowNorm(x);   // [rows, 1]
 * }</pre>
 *
 * @param v    the values, row-major, rows · cols of them
 * @param rows the number of rows
 * @param cols the number of columns
 */
record HostRows(double[] v, int rows, int cols) {
    /** The eager float64 algebra. */
    static final RowAlgebra<HostRows> ALGEBRA = new Algebra();

    /** @return the [v.length / cols, cols] matrix over v (not copied) */
    static HostRows of(double[] v, int cols) {
        return new HostRows(v, v.length / cols, cols);
    }

    /** @return the values as an array of the given type and shape */
    INDArray toArray(DataType type, long... shape) {
        return HostArrays.fromDoubles(v, type, shape);
    }

    private static final class Algebra implements RowAlgebra<HostRows> {
        private static final int ADD = 0;
        private static final int SUB = 1;
        private static final int MUL = 2;
        private static final int DIV = 3;
        private static final int ATAN2 = 4;
        private static final int COS = 5;
        private static final int SIN = 6;
        private static final int EXP = 7;
        private static final int LOG = 8;
        private static final int LOG1P = 9;

        /**
         * a op b with broadcasting of a [rows, 1] column or a [1, cols] row on either side: one switch per call and
         * a tight loop per operation, so that each loop body is monomorphic.
         */
        private static HostRows zip(HostRows a, HostRows b, int op) {
            int rows = Math.max(a.rows, b.rows);
            int cols = Math.max(a.cols, b.cols);
            double[] out = new double[rows * cols];
            double[] x = a.v;
            double[] y = b.v;
            if (a.rows == b.rows && a.cols == b.cols) {
                switch (op) {
                    case ADD -> {
                        for (int k = 0; k < out.length; k++) {
                            out[k] = x[k] + y[k];
                        }
                    }
                    case SUB -> {
                        for (int k = 0; k < out.length; k++) {
                            out[k] = x[k] - y[k];
                        }
                    }
                    case MUL -> {
                        for (int k = 0; k < out.length; k++) {
                            out[k] = x[k] * y[k];
                        }
                    }
                    case DIV -> {
                        for (int k = 0; k < out.length; k++) {
                            out[k] = x[k] / y[k];
                        }
                    }
                    default -> {
                        for (int k = 0; k < out.length; k++) {
                            out[k] = Math.atan2(x[k], y[k]);
                        }
                    }
                }
                return new HostRows(out, rows, cols);
            }
            int sa = a.cols == 1 ? 0 : 1;
            int sb = b.cols == 1 ? 0 : 1;
            int ra = a.rows == 1 ? 0 : a.cols;
            int rb = b.rows == 1 ? 0 : b.cols;
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            out[i * cols + j] = x[i * ra + j * sa] + y[i * rb + j * sb];
                        }
                    }
                }
                case SUB -> {
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            out[i * cols + j] = x[i * ra + j * sa] - y[i * rb + j * sb];
                        }
                    }
                }
                case MUL -> {
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            out[i * cols + j] = x[i * ra + j * sa] * y[i * rb + j * sb];
                        }
                    }
                }
                case DIV -> {
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            out[i * cols + j] = x[i * ra + j * sa] / y[i * rb + j * sb];
                        }
                    }
                }
                default -> {
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            out[i * cols + j] = Math.atan2(x[i * ra + j * sa], y[i * rb + j * sb]);
                        }
                    }
                }
            }
            return new HostRows(out, rows, cols);
        }

        /** An elementwise function, one loop per function so that each loop body is monomorphic. */
        private static HostRows unary(HostRows a, int op) {
            double[] x = a.v;
            double[] out = new double[x.length];
            switch (op) {
                case COS -> {
                    for (int k = 0; k < x.length; k++) {
                        out[k] = Math.cos(x[k]);
                    }
                }
                case SIN -> {
                    for (int k = 0; k < x.length; k++) {
                        out[k] = Math.sin(x[k]);
                    }
                }
                case EXP -> {
                    for (int k = 0; k < x.length; k++) {
                        out[k] = Math.exp(x[k]);
                    }
                }
                case LOG -> {
                    for (int k = 0; k < x.length; k++) {
                        out[k] = Math.log(x[k]);
                    }
                }
                default -> {
                    for (int k = 0; k < x.length; k++) {
                        out[k] = Math.log1p(x[k]);
                    }
                }
            }
            return new HostRows(out, a.rows, a.cols);
        }

        @Override
        public int rows(HostRows a) {
            return a.rows;
        }

        @Override
        public int cols(HostRows a) {
            return a.cols;
        }

        @Override
        public HostRows add(HostRows a, HostRows b) {
            return zip(a, b, ADD);
        }

        @Override
        public HostRows sub(HostRows a, HostRows b) {
            return zip(a, b, SUB);
        }

        @Override
        public HostRows mul(HostRows a, HostRows b) {
            return zip(a, b, MUL);
        }

        @Override
        public HostRows div(HostRows a, HostRows b) {
            return zip(a, b, DIV);
        }

        @Override
        public HostRows add(HostRows a, double c) {
            double[] out = new double[a.v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.v[i] + c;
            }
            return new HostRows(out, a.rows, a.cols);
        }

        @Override
        public HostRows mul(HostRows a, double c) {
            double[] out = new double[a.v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.v[i] * c;
            }
            return new HostRows(out, a.rows, a.cols);
        }

        @Override
        public HostRows sqrt(HostRows a) {
            double[] out = new double[a.v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.sqrt(a.v[i]);
            }
            return new HostRows(out, a.rows, a.cols);
        }

        @Override
        public HostRows cos(HostRows a) {
            return unary(a, COS);
        }

        @Override
        public HostRows sin(HostRows a) {
            return unary(a, SIN);
        }

        @Override
        public HostRows exp(HostRows a) {
            return unary(a, EXP);
        }

        @Override
        public HostRows log(HostRows a) {
            return unary(a, LOG);
        }

        @Override
        public HostRows log1p(HostRows a) {
            return unary(a, LOG1P);
        }

        @Override
        public HostRows atan2(HostRows y, HostRows x) {
            return zip(y, x, ATAN2);
        }

        @Override
        public HostRows clampMin(HostRows a, double lo) {
            double[] out = new double[a.v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(a.v[i], lo);
            }
            return new HostRows(out, a.rows, a.cols);
        }

        @Override
        public HostRows rowSum(HostRows a) {
            double[] out = new double[a.rows];
            for (int i = 0; i < a.rows; i++) {
                double s = 0;
                for (int j = 0; j < a.cols; j++) {
                    s += a.v[i * a.cols + j];
                }
                out[i] = s;
            }
            return new HostRows(out, a.rows, 1);
        }

        @Override
        public HostRows rowDot(HostRows a, HostRows b) {
            if (a.rows != b.rows || a.cols != b.cols) {
                return RowAlgebra.super.rowDot(a, b);
            }
            double[] out = new double[a.rows];
            for (int i = 0; i < a.rows; i++) {
                out[i] = Rows.dot(a.v, i * a.cols, b.v, i * a.cols, a.cols);
            }
            return new HostRows(out, a.rows, 1);
        }

        @Override
        public HostRows weightedRowDot(HostRows a, HostRows b, double[] w) {
            if (a.rows != b.rows || a.cols != b.cols) {
                return RowAlgebra.super.weightedRowDot(a, b, w);
            }
            double[] out = new double[a.rows];
            for (int i = 0; i < a.rows; i++) {
                int o = i * a.cols;
                double s = 0;
                for (int j = 0; j < a.cols; j++) {
                    s += w[j] * a.v[o + j] * b.v[o + j];
                }
                out[i] = s;
            }
            return new HostRows(out, a.rows, 1);
        }

        @Override
        public HostRows rowNorm(HostRows a) {
            double[] out = new double[a.rows];
            for (int i = 0; i < a.rows; i++) {
                out[i] = Math.sqrt(Rows.dot(a.v, i * a.cols, a.v, i * a.cols, a.cols));
            }
            return new HostRows(out, a.rows, 1);
        }

        /** {@inheritDoc} Fused into one pass. */
        @Override
        public HostRows series(HostRows q, double c0, double c1, double c2, double c3) {
            double[] out = new double[q.v.length];
            for (int i = 0; i < out.length; i++) {
                double x = q.v[i];
                out[i] = ((x * c3 + c2) * x + c1) * x + c0;
            }
            return new HostRows(out, q.rows, q.cols);
        }

        /** {@inheritDoc} Fused into one pass. */
        @Override
        public HostRows replace(boolean[] mask, HostRows a, double fill) {
            if (mask.length != a.v.length) {
                return RowAlgebra.super.replace(mask, a, fill);
            }
            double[] out = new double[a.v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = mask[i] ? fill : a.v[i];
            }
            return new HostRows(out, a.rows, a.cols);
        }

        @Override
        public HostRows narrow(HostRows a, int from, int width) {
            double[] out = new double[a.rows * width];
            for (int i = 0; i < a.rows; i++) {
                System.arraycopy(a.v, i * a.cols + from, out, i * width, width);
            }
            return new HostRows(out, a.rows, width);
        }

        @Override
        public HostRows concat(List<HostRows> parts) {
            int cols = 0;
            for (HostRows p : parts) {
                cols += p.cols;
            }
            int rows = parts.get(0).rows;
            double[] out = new double[rows * cols];
            int at = 0;
            for (HostRows p : parts) {
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(p.v, i * p.cols, out, i * cols + at, p.cols);
                }
                at += p.cols;
            }
            return new HostRows(out, rows, cols);
        }

        @Override
        public double[] values(HostRows a) {
            return a.v;
        }

        @Override
        public HostRows constant(double[] v, HostRows like, int rows, int cols) {
            return new HostRows(v, rows, cols);
        }

        @Override
        public HostRows where(boolean[] mask, HostRows a, HostRows b) {
            int rows = Math.max(a.rows, b.rows);
            int cols = Math.max(a.cols, b.cols);
            boolean perRow = mask.length == rows && cols > 1;
            double[] out = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                int ra = a.rows == 1 ? 0 : i * a.cols;
                int rb = b.rows == 1 ? 0 : i * b.cols;
                for (int j = 0; j < cols; j++) {
                    boolean m = mask[perRow ? i : i * cols + j];
                    out[i * cols + j] = m ? a.v[ra + (a.cols == 1 ? 0 : j)] : b.v[rb + (b.cols == 1 ? 0 : j)];
                }
            }
            return new HostRows(out, rows, cols);
        }

        @Override
        public HostRows snap(HostRows a, UnaryOperator<double[]> f) {
            return new HostRows(f.apply(a.v), a.rows, a.cols);
        }

        @Override
        public HostRows copy(HostRows a) {
            return new HostRows(a.v.clone(), a.rows, a.cols);
        }
    }
}
