package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.ArrayPool;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.Buffers;
import io.github.flows4j.core.kernel.Kernels;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Matrix products through BLAS GEMM with transpose flags (no transposed copies), and the fused linear layer. */
final class LinAlg {
    private LinAlg() {
    }

    static INDArray dense(INDArray a) {
        return Buffers.isDense(a) ? a : a.dup('c');
    }

    static Tensor matmul(Tensor a, Tensor b, boolean ta, boolean tb) {
        OpChecks.sameType("matmul", a, b);
        if (a.rank() != 2 || b.rank() != 2) {
            throw new ShapeMismatchException("matmul needs two matrices; got " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()));
        }
        long m = ta ? a.size(1) : a.size(0);
        long k = ta ? a.size(0) : a.size(1);
        long k2 = tb ? b.size(1) : b.size(0);
        long n = tb ? b.size(0) : b.size(1);
        if (k != k2) {
            throw new ShapeMismatchException("matmul: inner dimensions differ: op(a) is [" + m + ", " + k
                    + "], op(b) is [" + k2 + ", " + n + "] (a " + Arrays.toString(a.shape()) + (ta ? "ᵀ" : "")
                    + ", b " + Arrays.toString(b.shape()) + (tb ? "ᵀ" : "") + ")");
        }
        INDArray out = ArrayPool.uninitialized(a.dtype(), m, n);
        Kernels.get().gemm(dense(a.value()), dense(b.value()), out, ta, tb, 1.0, 0.0);
        return Tensor.result(out, Tensor.recording(a, b) ? new MatMul(a, b, ta, tb) : null);
    }

    private static final class MatMul extends Function {
        private final boolean ta;
        private final boolean tb;

        MatMul(Tensor a, Tensor b, boolean ta, boolean tb) {
            super(a, b);
            this.ta = ta;
            this.tb = tb;
        }

        @Override
        public String name() {
            return "matmul";
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            Tensor a = input(0);
            Tensor b = input(1);
            Tensor ga = null;
            Tensor gb = null;
            if (!ta && !tb) {
                ga = needs[0] ? g.matmul(b, false, true) : null;
                gb = needs[1] ? a.matmul(g, true, false) : null;
            } else if (ta && !tb) {
                ga = needs[0] ? b.matmul(g, false, true) : null;
                gb = needs[1] ? a.matmul(g, false, false) : null;
            } else if (!ta) {
                ga = needs[0] ? g.matmul(b, false, false) : null;
                gb = needs[1] ? g.matmul(a, true, false) : null;
            } else {
                ga = needs[0] ? b.matmul(g, true, true) : null;
                gb = needs[1] ? g.matmul(a, true, true) : null;
            }
            return new Tensor[] {ga, gb};
        }
    }

    static Tensor linear(Tensor x, Tensor w, Tensor b) {
        OpChecks.sameType("linear", x, w);
        if (x.rank() != 2 || w.rank() != 2 || x.size(1) != w.size(1)) {
            throw new ShapeMismatchException("linear: x must be [batch, in] and w [out, in]; got x "
                    + Arrays.toString(x.shape()) + ", w " + Arrays.toString(w.shape()));
        }
        long batch = x.size(0);
        long outDim = w.size(0);
        INDArray out;
        double beta = 0.0;
        if (b != null) {
            OpChecks.sameType("linear", x, b);
            if (b.length() != outDim) {
                throw new ShapeMismatchException("linear: bias must have shape [" + outDim + "]; got "
                        + Arrays.toString(b.shape()));
            }
            out = tileRows(b.value(), batch, outDim);
            beta = 1.0;
        } else {
            out = ArrayPool.uninitialized(x.dtype(), batch, outDim);
        }
        Kernels.get().gemm(dense(x.value()), dense(w.value()), out, false, true, 1.0, beta);
        boolean rec = GradMode.isEnabled() && (x.requiresGrad() || w.requiresGrad() || (b != null && b.requiresGrad()));
        Function fn = null;
        if (rec) {
            fn = b != null ? new Linear(x, w, b) : new Linear(x, w);
        }
        return Tensor.result(out, fn);
    }

    /** [rows, d] with every row equal to {@code row} (length d). */
    static INDArray tileRows(INDArray row, long rows, long d) {
        DataType t = row.dataType();
        INDArray out = ArrayPool.uninitialized(t, rows, d);
        if (Buffers.isDense(row) && (t == DataType.FLOAT || t == DataType.DOUBLE) && rows > 0) {
            int n = (int) d;
            if (t == DataType.FLOAT) {
                float[] r = new float[n];
                Buffers.floats(row).get(0, r);
                java.nio.FloatBuffer o = Buffers.floats(out);
                for (int i = 0; i < rows; i++) {
                    o.put(i * n, r, 0, n);
                }
            } else {
                double[] r = new double[n];
                Buffers.doubles(row).get(0, r);
                java.nio.DoubleBuffer o = Buffers.doubles(out);
                for (int i = 0; i < rows; i++) {
                    o.put(i * n, r, 0, n);
                }
            }
            return out;
        }
        return out.assign(row.reshape(1, d).broadcast(rows, d));
    }

    private static final class Linear extends Function {
        private final boolean hasBias;

        Linear(Tensor x, Tensor w, Tensor b) {
            super(x, w, b);
            hasBias = true;
        }

        Linear(Tensor x, Tensor w) {
            super(x, w);
            hasBias = false;
        }

        @Override
        public String name() {
            return "linear";
        }

        @Override
        protected Tensor[] backward(Tensor g, boolean[] needs) {
            Tensor x = input(0);
            Tensor w = input(1);
            Tensor gx = needs[0] ? g.matmul(w) : null;
            Tensor gw = needs[1] ? g.matmul(x, true, false) : null;
            if (!hasBias) {
                return new Tensor[] {gx, gw};
            }
            Tensor gb = needs[2] ? g.sum(0).reshape(input(2).shape()) : null;
            return new Tensor[] {gx, gw, gb};
        }
    }
}
