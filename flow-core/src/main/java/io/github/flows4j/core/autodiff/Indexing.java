package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.ArrayPool;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.Buffers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gather (index-select) and scatter-add along axis 0, adjoint to each other. */
final class Indexing {
    private Indexing() {
    }

    static Tensor indexSelect(Tensor x, int[] indices) {
        if (x.rank() < 1) {
            throw ShapeMismatchException.of("indexSelect: x", "rank >= 1", x.shape());
        }
        long rows = x.size(0);
        check(indices, rows, "indexSelect");
        INDArray xv = LinAlg.dense(x.value());
        long[] shape = x.shape().clone();
        shape[0] = indices.length;
        INDArray out = ArrayPool.uninitialized(x.dtype(), shape);
        int row = (int) (rows == 0 ? 0 : x.length() / rows);
        copyRows(xv, out, indices, row, false);
        return Tensor.result(out, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "indexSelect";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {indexAdd(rows, indices, g)};
            }
        } : null);
    }

    static Tensor indexAdd(long rows, int[] indices, Tensor src) {
        if (src.rank() < 1 || src.size(0) != indices.length) {
            throw new ShapeMismatchException("indexAdd: src must have " + indices.length + " rows (one per index); got "
                    + java.util.Arrays.toString(src.shape()));
        }
        check(indices, rows, "indexAdd");
        long[] shape = src.shape().clone();
        shape[0] = rows;
        INDArray out = ArrayPool.zeros(src.dtype(), shape);
        int row = indices.length == 0 ? 0 : (int) (src.length() / indices.length);
        copyRows(LinAlg.dense(src.value()), out, indices, row, true);
        return Tensor.result(out, Tensor.recording(src) ? new Function(src) {
            @Override
            public String name() {
                return "indexAdd";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.indexSelect(indices)};
            }
        } : null);
    }

    private static void check(int[] indices, long rows, String op) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= rows) {
                throw new IndexOutOfBoundsException(op + ": indices[" + i + "] = " + indices[i]
                        + " is outside [0, " + rows + ")");
            }
        }
    }

    /** gather: out[i] = in[idx[i]]; scatter: out[idx[i]] += in[i]. */
    private static void copyRows(INDArray in, INDArray out, int[] idx, int row, boolean scatter) {
        if (row == 0 || idx.length == 0) {
            return;
        }
        DataType t = in.dataType();
        if (t == DataType.FLOAT) {
            java.nio.FloatBuffer a = Buffers.floats(in);
            java.nio.FloatBuffer o = Buffers.floats(out);
            float[] buf = new float[row];
            float[] acc = new float[row];
            for (int i = 0; i < idx.length; i++) {
                if (scatter) {
                    a.get(i * row, buf, 0, row);
                    o.get(idx[i] * row, acc, 0, row);
                    for (int j = 0; j < row; j++) {
                        acc[j] += buf[j];
                    }
                    o.put(idx[i] * row, acc, 0, row);
                } else {
                    a.get(idx[i] * row, buf, 0, row);
                    o.put(i * row, buf, 0, row);
                }
            }
        } else if (t == DataType.DOUBLE) {
            java.nio.DoubleBuffer a = Buffers.doubles(in);
            java.nio.DoubleBuffer o = Buffers.doubles(out);
            double[] buf = new double[row];
            double[] acc = new double[row];
            for (int i = 0; i < idx.length; i++) {
                if (scatter) {
                    a.get(i * row, buf, 0, row);
                    o.get(idx[i] * row, acc, 0, row);
                    for (int j = 0; j < row; j++) {
                        acc[j] += buf[j];
                    }
                    o.put(idx[i] * row, acc, 0, row);
                } else {
                    a.get(idx[i] * row, buf, 0, row);
                    o.put(i * row, buf, 0, row);
                }
            }
        } else {
            throw new IllegalArgumentException("indexSelect/indexAdd support FLOAT and DOUBLE; got " + t);
        }
    }
}
