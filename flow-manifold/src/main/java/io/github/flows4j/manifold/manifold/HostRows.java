package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.kernel.HostArrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
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
        private static HostRows map(HostRows a, DoubleUnaryOperator f) {
            double[] out = new double[a.v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(a.v[i]);
            }
            return new HostRows(out, a.rows, a.cols);
        }

        private static HostRows zip(HostRows a, HostRows b, DoubleBinaryOperator f) {
            if (a.rows == b.rows && a.cols == b.cols) {
                double[] out = new double[a.v.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = f.applyAsDouble(a.v[i], b.v[i]);
                }
                return new HostRows(out, a.rows, a.cols);
            }
            int rows = Math.max(a.rows, b.rows);
            int cols = Math.max(a.cols, b.cols);
            double[] out = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                int ra = a.rows == 1 ? 0 : i * a.cols;
                int rb = b.rows == 1 ? 0 : i * b.cols;
                for (int j = 0; j < cols; j++) {
                    out[i * cols + j] = f.applyAsDouble(a.v[ra + (a.cols == 1 ? 0 : j)], b.v[rb + (b.cols == 1 ? 0 : j)]);
                }
            }
            return new HostRows(out, rows, cols);
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
            return zip(a, b, Double::sum);
        }

        @Override
        public HostRows sub(HostRows a, HostRows b) {
            return zip(a, b, (p, q) -> p - q);
        }

        @Override
        public HostRows mul(HostRows a, HostRows b) {
            return zip(a, b, (p, q) -> p * q);
        }

        @Override
        public HostRows div(HostRows a, HostRows b) {
            return zip(a, b, (p, q) -> p / q);
        }

        @Override
        public HostRows add(HostRows a, double c) {
            return map(a, p -> p + c);
        }

        @Override
        public HostRows mul(HostRows a, double c) {
            return map(a, p -> p * c);
        }

        @Override
        public HostRows sqrt(HostRows a) {
            return map(a, Math::sqrt);
        }

        @Override
        public HostRows cos(HostRows a) {
            return map(a, Math::cos);
        }

        @Override
        public HostRows sin(HostRows a) {
            return map(a, Math::sin);
        }

        @Override
        public HostRows exp(HostRows a) {
            return map(a, Math::exp);
        }

        @Override
        public HostRows log(HostRows a) {
            return map(a, Math::log);
        }

        @Override
        public HostRows log1p(HostRows a) {
            return map(a, Math::log1p);
        }

        @Override
        public HostRows atan2(HostRows y, HostRows x) {
            return zip(y, x, Math::atan2);
        }

        @Override
        public HostRows clampMin(HostRows a, double lo) {
            return map(a, p -> Math.max(p, lo));
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
        public HostRows rowNorm(HostRows a) {
            return sqrt(rowDot(a, a));
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
        public HostRows snap(HostRows a, DoubleUnaryOperator f) {
            return map(a, f);
        }

        @Override
        public HostRows copy(HostRows a) {
            return new HostRows(a.v.clone(), a.rows, a.cols);
        }
    }
}
