package io.github.flows4j.core.autodiff;

import io.github.flows4j.core.kernel.ArrayPool;
import io.github.flows4j.core.kernel.Kernels;
import io.github.flows4j.core.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Shape ops: transpose, reshape, squeeze/unsqueeze, narrow/select/slice, split/concat/stack, broadcast and its
 * adjoint sumTo, cast.
 */
final class Shapes {
    private Shapes() {
    }

    static Tensor transpose(Tensor x) {
        if (x.rank() != 2) {
            throw ShapeMismatchException.of("t(): x", "[rows, cols]", x.shape());
        }
        INDArray v = x.value().transpose().dup('c');
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "transpose";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.t()};
            }
        } : null);
    }

    static Tensor reshape(Tensor x, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != x.length()) {
            throw new ShapeMismatchException("reshape: cannot reshape " + Arrays.toString(x.shape()) + " ("
                    + x.length() + " elements) to " + Arrays.toString(shape) + " (" + n + " elements)");
        }
        long[] from = x.shape();
        INDArray v = shape.length == 0 ? Nd4j.scalar(x.dtype(), x.value().getDouble(0))
                : Kernels.get().reshape(LinAlg.dense(x.value()), shape);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "reshape";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.reshape(from)};
            }
        } : null);
    }

    static Tensor squeeze(Tensor x, int dim) {
        int a = OpChecks.axis("squeeze", dim, x.rank());
        if (x.size(a) != 1) {
            throw new ShapeMismatchException("squeeze: axis " + dim + " of shape " + Arrays.toString(x.shape())
                    + " has size " + x.size(a) + "; only a size-1 axis can be squeezed");
        }
        return x.reshape(Reductions.dropAxis(x.shape(), a));
    }

    static Tensor squeezeAll(Tensor x) {
        long[] s = x.shape();
        long[] out = Arrays.stream(s).filter(d -> d != 1).toArray();
        return out.length == s.length ? x : x.reshape(out);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int rank = x.rank();
        int a = dim < 0 ? dim + rank + 1 : dim;
        if (a < 0 || a > rank) {
            throw new ShapeMismatchException("unsqueeze: dim " + dim + " is out of range [" + (-rank - 1) + ", " + rank
                    + "] for shape " + Arrays.toString(x.shape()));
        }
        long[] s = x.shape();
        long[] out = new long[rank + 1];
        for (int i = 0, k = 0; i <= rank; i++) {
            out[i] = i == a ? 1 : s[k++];
        }
        return x.reshape(out);
    }

    static Tensor select(Tensor x, int dim, long index) {
        int a = OpChecks.axis("select", dim, x.rank());
        long size = x.size(a);
        long i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new ShapeMismatchException("select: index " + index + " is out of range for axis " + a + " of size "
                    + size + " (shape " + Arrays.toString(x.shape()) + ")");
        }
        return x.narrow(a, i, 1).reshape(Reductions.dropAxis(x.shape(), a));
    }

    static Tensor slice(Tensor x, int dim, long from, long to) {
        int a = OpChecks.axis("slice", dim, x.rank());
        long size = x.size(a);
        long f = from < 0 ? from + size : from;
        long t = to < 0 ? to + size : to;
        if (f < 0 || t > size || f > t) {
            throw new ShapeMismatchException("slice: [" + from + ", " + to + ") is not a range of axis " + a
                    + " of size " + size + " (shape " + Arrays.toString(x.shape()) + ")");
        }
        return x.narrow(a, f, t - f);
    }

    static Tensor stack(int dim, Tensor... ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("stack needs at least one tensor");
        }
        long[] s0 = ts[0].shape();
        int rank = s0.length;
        int a = dim < 0 ? dim + rank + 1 : dim;
        if (a < 0 || a > rank) {
            throw new ShapeMismatchException("stack: dim " + dim + " is out of range [" + (-rank - 1) + ", " + rank
                    + "] for tensors of shape " + Arrays.toString(s0));
        }
        Tensor[] parts = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!Arrays.equals(ts[i].shape(), s0)) {
                throw new ShapeMismatchException("stack: tensors[" + i + "] has shape " + Arrays.toString(ts[i].shape())
                        + "; every tensor must have the shape of tensors[0] " + Arrays.toString(s0));
            }
            parts[i] = unsqueeze(ts[i], a);
        }
        return concat(a, parts);
    }

    static INDArrayIndex[] slice(int rank, int axis, long start, long length) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = i == axis ? NDArrayIndex.interval(start, start + length) : NDArrayIndex.all();
        }
        return idx;
    }

    static Tensor narrow(Tensor x, int axis, long start, long length) {
        int a = OpChecks.axis("narrow", axis, x.rank());
        long size = x.size(a);
        if (start < 0 || length < 0 || start + length > size) {
            throw new ShapeMismatchException("narrow: [" + start + ", " + (start + length)
                    + ") is out of range for axis "
                    + a + " of size " + size + " (shape " + Arrays.toString(x.shape()) + ")");
        }
        INDArray v = Kernels.get().narrow(LinAlg.dense(x.value()), a, start, length);
        long[] full = x.shape();
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "narrow";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {embed(g, full, a, start)};
            }
        } : null);
    }

    /** Zeros of shape {@code full} with {@code g} placed at {@code start} along {@code axis}; adjoint of narrow. */
    static Tensor embed(Tensor g, long[] full, int axis, long start) {
        INDArray out = Kernels.get().embed(LinAlg.dense(g.value()), full, axis, start);
        long len = g.size(axis);
        return Tensor.result(out, Tensor.recording(g) ? new Function(g) {
            @Override
            public String name() {
                return "embed";
            }

            @Override
            protected Tensor[] backward(Tensor gg, boolean[] needs) {
                return new Tensor[] {gg.narrow(axis, start, len)};
            }
        } : null);
    }

    static Tensor concat(int axis, Tensor... ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor");
        }
        int rank = ts[0].rank();
        int a = OpChecks.axis("concat", axis, rank);
        INDArray[] vs = new INDArray[ts.length];
        long[] sizes = new long[ts.length];
        boolean rec = false;
        for (int i = 0; i < ts.length; i++) {
            OpChecks.sameType("concat", ts[0], ts[i]);
            long[] s0 = ts[0].shape();
            long[] si = ts[i].shape();
            boolean ok = si.length == rank;
            for (int d = 0; ok && d < rank; d++) {
                ok = d == a || s0[d] == si[d];
            }
            if (!ok) {
                throw new ShapeMismatchException("concat: tensors[" + i + "] has shape " + Arrays.toString(si)
                        + ", which does not match tensors[0] " + Arrays.toString(s0) + " outside axis " + a);
            }
            vs[i] = LinAlg.dense(ts[i].value());
            sizes[i] = si[a];
            rec |= ts[i].requiresGrad();
        }
        INDArray v = Kernels.get().concat(a, vs);
        rec &= GradMode.isEnabled();
        return Tensor.result(v, rec ? new Function(ts) {
            @Override
            public String name() {
                return "concat";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                Tensor[] out = new Tensor[sizes.length];
                long off = 0;
                for (int i = 0; i < sizes.length; i++) {
                    if (needs[i]) {
                        out[i] = g.narrow(a, off, sizes[i]);
                    }
                    off += sizes[i];
                }
                return out;
            }
        } : null);
    }

    static Tensor[] split(Tensor x, int axis, long... sizes) {
        int a = OpChecks.axis("split", axis, x.rank());
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        if (total != x.size(a)) {
            throw new ShapeMismatchException("split: sizes " + Arrays.toString(sizes) + " sum to " + total
                    + ", but axis " + a + " has size " + x.size(a));
        }
        Tensor[] out = new Tensor[sizes.length];
        long off = 0;
        for (int i = 0; i < sizes.length; i++) {
            out[i] = narrow(x, a, off, sizes[i]);
            off += sizes[i];
        }
        return out;
    }

    static Tensor broadcastTo(Tensor x, long... shape) {
        long[] from = x.shape();
        if (Arrays.equals(from, shape)) {
            return x;
        }
        if (!Shape.areShapesBroadcastable(from, shape)
                || !Arrays.equals(Shape.broadcastOutputShape(from, shape), shape)) {
            throw new ShapeMismatchException("broadcastTo: " + Arrays.toString(from) + " does not broadcast to "
                    + Arrays.toString(shape));
        }
        INDArray v = expand(x.value(), shape);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "broadcastTo";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.sumTo(from)};
            }
        } : null);
    }

    /**
     * A new dense array of {@code shape} holding {@code x} broadcast NumPy-style (ND4J's own broadcast mishandles
     * rank changes). Returns {@code x} itself if the shapes already agree.
     */
    static INDArray expand(INDArray x, long... shape) {
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        if (x.length() == 1) {
            INDArray v = ArrayPool.uninitialized(x.dataType(), shape);
            return v.assign(x.getDouble(0));
        }
        long[] padded = new long[shape.length];
        int lead = shape.length - x.rank();
        if (lead < 0) {
            throw new ShapeMismatchException("cannot broadcast " + Arrays.toString(x.shape()) + " to "
                    + Arrays.toString(shape));
        }
        int[] reps = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            padded[d] = d < lead ? 1 : x.size(d - lead);
            if (padded[d] != shape[d] && padded[d] != 1) {
                throw new ShapeMismatchException("cannot broadcast " + Arrays.toString(x.shape()) + " to "
                        + Arrays.toString(shape));
            }
            reps[d] = (int) (shape[d] / padded[d]);
        }
        INDArray r = LinAlg.dense(x).reshape('c', padded);
        return Nd4j.tile(r, reps).dup('c');
    }

    static Tensor sumTo(Tensor x, long... shape) {
        long[] from = x.shape();
        if (Arrays.equals(from, shape)) {
            return x;
        }
        if (!Shape.areShapesBroadcastable(shape, from) || !Arrays.equals(Shape.broadcastOutputShape(shape, from),
                from)) {
            throw new ShapeMismatchException("sumTo: " + Arrays.toString(shape) + " does not broadcast to "
                    + Arrays.toString(from));
        }
        int lead = from.length - shape.length;
        int[] axes = new int[from.length];
        int k = 0;
        for (int d = 0; d < from.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && from[d] != 1)) {
                axes[k++] = d;
            }
        }
        INDArray v;
        if (k == 0) {
            v = x.value().reshape('c', shape).dup('c');
        } else {
            INDArray summed = x.value().sum(true, Arrays.copyOf(axes, k));
            v = summed.reshape('c', shape);
            if (v != summed || v.isView()) {
                v = v.dup('c');
            }
        }
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "sumTo";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.broadcastTo(from)};
            }
        } : null);
    }

    static Tensor cast(Tensor x, DataType type) {
        DataType from = x.dtype();
        if (from == type) {
            return x;
        }
        INDArray v = x.value().castTo(type);
        return Tensor.result(v, Tensor.recording(x) ? new Function(x) {
            @Override
            public String name() {
                return "cast";
            }

            @Override
            protected Tensor[] backward(Tensor g, boolean[] needs) {
                return new Tensor[] {g.cast(from)};
            }
        } : null);
    }
}
