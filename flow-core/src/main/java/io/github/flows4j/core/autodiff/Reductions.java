package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.Kernels;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Reductions: sum, max, logsumexp, norm over any set of axes (none = all), and cumsum. */
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
        int[] a = reduceAxes("sum", x, axes);
        if (a.length == x.rank() && !keepDims) {
            return sumAll(x);
        }
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

    /** {@code v} (reduced with kept axes) reshaped to drop {@code axes}; rank 0 when every axis goes. */
    static INDArray dropped(INDArray kept, long[] shape, int[] axes) {
        long[] out = dropAxes(shape, axes);
        if (out.length == 0) {
            return Nd4j.scalar(kept.dataType(), kept.getDouble(0));
        }
        return kept.reshape('c', out).dup('c');
    }

    static Tensor max(Tensor x, boolean keepDims, int... axes) {
        int[] a = reduceAxes("max", x, axes);
        INDArray xv = LinAlg.dense(x.value());
        INDArray mk = xv.max(true, a);
        long[] keep = keepShape(x.shape(), a);
        mk = mk.reshape('c', keep);
        INDArray v = keepDims ? mk : dropped(mk, x.shape(), a);
        INDArray mkFinal = mk;
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "max";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                INDArray in = LinAlg.dense(input(0).value());
                INDArray mask = in.eq(Shapes.expand(mkFinal, in.shape())).castTo(in.dataType());
                INDArray count = mask.sum(true, a).reshape('c', keep);
                Tensor share = Tensor.owned(mask.divi(Shapes.expand(count, in.shape())));
                Tensor gk = keepDims ? g : g.reshape(keep);
                return new Tensor[] {share.mul(gk)};
            }
        } : null);
    }

    /** The axes of a reduction, normalised and sorted; none given means every axis. */
    static int[] reduceAxes(String op, Tensor x, int... axes) {
        if (axes.length == 0) {
            return allAxes(x.rank());
        }
        int[] a = normAxes(op, x.rank(), axes);
        for (int i = 1; i < a.length; i++) {
            if (a[i] == a[i - 1]) {
                throw new io.github.flows4j.core.ShapeMismatchException(op + ": axis " + a[i] + " is given twice in "
                        + Arrays.toString(axes));
            }
        }
        return a;
    }

    static long[] dropAxis(long[] shape, int axis) {
        return dropAxes(shape, new int[] {axis});
    }

    static long[] dropAxes(long[] shape, int[] axes) {
        long[] out = new long[shape.length - axes.length];
        for (int i = 0, k = 0; i < shape.length; i++) {
            if (Arrays.binarySearch(axes, i) < 0) {
                out[k++] = shape[i];
            }
        }
        return out;
    }

    static Tensor logsumexp(Tensor x, boolean keepDims, int... axes) {
        int[] a = reduceAxes("logsumexp", x, axes);
        INDArray xv = LinAlg.dense(x.value());
        long[] keep = keepShape(x.shape(), a);
        INDArray m = xv.max(true, a).reshape('c', keep);
        // guard −∞ maxima (all entries −∞): shift by 0 there
        INDArray finiteM = Transforms.max(m, -Double.MAX_VALUE, true);
        INDArray shifted = xv.sub(Shapes.expand(finiteM, xv.shape()));
        INDArray s = Transforms.exp(shifted, false).sum(true, a).reshape('c', keep);
        INDArray lk = Transforms.log(s, false).addi(finiteM);
        INDArray v = keepDims ? lk : dropped(lk, x.shape(), a);
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

    static Tensor norm(Tensor x, boolean keepDims, int... axes) {
        int[] a = reduceAxes("norm", x, axes);
        INDArray xv = LinAlg.dense(x.value());
        long[] keep = keepShape(x.shape(), a);
        INDArray nk = Transforms.sqrt(xv.mul(xv).sum(true, a).reshape('c', keep), false);
        INDArray v = keepDims ? nk : dropped(nk, x.shape(), a);
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
                return new Tensor[] {g.sum(a, true).sub(g.cumsum(a)).add(g)};
            }
        } : null);
    }
}
