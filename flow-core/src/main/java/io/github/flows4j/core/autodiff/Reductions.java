package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.Kernels;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Reductions: sum, max, logsumexp, norm, cumsum. */
final class Reductions {
    private Reductions() {
    }

    static int[] normAxes(String op, int rank, int... axes) {
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            a[i] = OpChecks.axis(op, axes[i], rank);
        }
        Arrays.sort(a);
        return a;
    }

    /** The shape with {@code axes} set to 1. */
    static long[] keepShape(long[] shape, int... axes) {
        long[] k = shape.clone();
        for (int a : axes) {
            k[a] = 1;
        }
        return k;
    }

    static Tensor sumAll(Tensor x) {
        INDArray v = Nd4j.scalar(x.dtype(), Kernels.get().sumAll(x.value()));
        long[] from = x.shape();
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "sum";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.broadcastTo(from)};
            }
        } : null);
    }

    static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        if (axes.length == 0) {
            Tensor s = sumAll(x);
            return keepDims ? s.reshape(keepShape(x.shape(), allAxes(x.rank()))) : s;
        }
        int[] a = normAxes("sum", x.rank(), axes);
        long[] from = x.shape();
        long[] keep = keepShape(from, a);
        INDArray v;
        if (x.rank() == 2 && a.length == 1 && a[0] == 0) {
            INDArray rows = Kernels.get().sumRows(x.value());
            v = keepDims ? rows.reshape('c', 1, from[1]) : rows;
        } else {
            v = x.value().sum(keepDims, a);
        }
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "sum";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                Tensor gk = keepDims ? g : g.reshape(keep);
                return new Tensor[] {gk.broadcastTo(from)};
            }
        } : null);
    }

    static int[] allAxes(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return a;
    }

    static Tensor max(Tensor x, int axis, boolean keepDims) {
        int a = OpChecks.axis("max", axis, x.rank());
        INDArray xv = x.value();
        INDArray mk = xv.max(true, a);
        long[] keep = keepShape(x.shape(), a);
        INDArray v = keepDims ? mk : mk.reshape(dropAxis(x.shape(), a)).dup('c');
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "max";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                INDArray in = input(0).value();
                INDArray mask = in.eq(Shapes.expand(mk, in.shape())).castTo(in.dataType());
                INDArray count = mask.sum(true, a);
                Tensor share = Tensor.owned(mask.divi(Shapes.expand(count, in.shape())));
                Tensor gk = keepDims ? g : g.reshape(keep);
                return new Tensor[] {share.mul(gk)};
            }
        } : null);
    }

    static long[] dropAxis(long[] shape, int axis) {
        long[] out = new long[shape.length - 1];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (i != axis) {
                out[k++] = shape[i];
            }
        }
        return out;
    }

    static Tensor logsumexp(Tensor x, int axis, boolean keepDims) {
        int a = OpChecks.axis("logsumexp", axis, x.rank());
        INDArray xv = x.value();
        INDArray m = xv.max(true, a);
        // guard −∞ maxima (all entries −∞): shift by 0 there
        INDArray finiteM = Transforms.max(m, -Double.MAX_VALUE, true);
        INDArray shifted = xv.sub(Shapes.expand(finiteM, xv.shape()));
        INDArray s = Transforms.exp(shifted, false).sum(true, a);
        INDArray lk = Transforms.log(s, false).addi(finiteM);
        long[] keep = keepShape(x.shape(), a);
        INDArray v = keepDims ? lk : lk.reshape(dropAxis(x.shape(), a)).dup('c');
        Unary.WithOutput fn = Tensor.recording(x) ? new Unary.WithOutput(x) {
            @Override
            public String name() {
                return "logsumexp";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                Tensor outK = keepDims ? out : out.reshape(keep);
                Tensor gk = keepDims ? g : g.reshape(keep);
                return new Tensor[] {input(0).sub(outK).exp().mul(gk)};
            }
        } : null;
        return Unary.make(v, fn);
    }

    static Tensor norm(Tensor x, int axis, boolean keepDims) {
        int a = OpChecks.axis("norm", axis, x.rank());
        INDArray xv = x.value();
        INDArray nk = Transforms.sqrt(xv.mul(xv).sum(true, a), false);
        long[] keep = keepShape(x.shape(), a);
        INDArray v = keepDims ? nk : nk.reshape(dropAxis(x.shape(), a)).dup('c');
        double tiny = x.dtype() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? 1e-300 : 1e-30;
        Unary.WithOutput fn = Tensor.recording(x) ? new Unary.WithOutput(x) {
            @Override
            public String name() {
                return "norm";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                Tensor outK = keepDims ? out : out.reshape(keep);
                Tensor gk = keepDims ? g : g.reshape(keep);
                // x / max(‖x‖, tiny): the subgradient 0 at x = 0
                return new Tensor[] {input(0).mul(gk.div(outK.clamp(tiny, Double.POSITIVE_INFINITY)))};
            }
        } : null;
        return Unary.make(v, fn);
    }

    static Tensor cumsum(Tensor x, int axis) {
        int a = OpChecks.axis("cumsum", axis, x.rank());
        INDArray v = LinAlg.dense(x.value()).cumsum(a);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "cumsum";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                // reverse cumulative sum: Σ_{j ≥ i} g_j = total − cumsum_i + g_i
                return new Tensor[] {g.sum(true, a).sub(g.cumsum(a)).add(g)};
            }
        } : null);
    }
}
