package io.github.flows4j.core.kernel;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import java.lang.ref.Reference;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J arrays and Java {@code double[]}s, for code that works row by row in Java (datasets,
 * manifolds, replay buffers) and must not read or write element by element through {@code getDouble}/{@code
 * putScalar}. Reads go through {@link Buffers}' zero-copy views; writes go through {@link Nd4j#createFromArray}.
 *
 * <pre>{@code
 * double[] v = HostArrays.toDoubles(x);                   // x: [n, d], c order, any float type
 * v[0] += 1;
 * INDArray y = HostArrays.fromDoubles(v, x.dataType(), x.shape());
 * }</pre>
 */
public final class HostArrays {
    private HostArrays() {
    }

    /**
     * @param a an array of any shape and a floating-point type
     * @return its elements in c (row-major) order, as a fresh array
     */
    public static double[] toDoubles(INDArray a) {
        int n = checkedLength(a.length());
        if (n == 0) {
            return new double[0];
        }
        DataType type = a.dataType();
        if (type != DataType.DOUBLE && type != DataType.FLOAT) {
            return toDoubles(a.castTo(DataType.DOUBLE));
        }
        INDArray dense = Buffers.isDense(a) ? a : a.dup('c');
        double[] out = new double[n];
        if (type == DataType.DOUBLE) {
            Buffers.doubles(dense).get(out);
        } else {
            FloatBuffer fb = Buffers.floats(dense);
            float[] f = new float[n];
            fb.get(f);
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        Reference.reachabilityFence(dense);
        return out;
    }

    /**
     * @param values elements in c order; not retained
     * @param type   FLOAT or DOUBLE
     * @param shape  the shape; its element count must equal {@code values.length}
     * @return a new array of that type and shape
     * @throws InvalidConfigException if {@code type} is neither FLOAT nor DOUBLE
     * @throws ShapeMismatchException if the shape's element count differs from {@code values.length}
     */
    public static INDArray fromDoubles(double[] values, DataType type, long... shape) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        if (count != values.length) {
            throw new ShapeMismatchException("values has " + values.length + " elements but shape "
                    + java.util.Arrays.toString(shape) + " needs " + count);
        }
        if (type != DataType.DOUBLE && type != DataType.FLOAT) {
            throw InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        if (values.length == 0) {
            return Nd4j.create(type, shape);
        }
        // into a pooled array of the final shape: no fresh allocation in a steady loop, no reshaped view
        INDArray out = ArrayPool.uninitialized(type, shape);
        if (type == DataType.DOUBLE) {
            Buffers.doubles(out).put(0, values);
            return out;
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        Buffers.floats(out).put(0, f);
        return out;
    }

    private static int checkedLength(long n) {
        if (n > Integer.MAX_VALUE) {
            throw new ShapeMismatchException("array has " + n + " elements; at most 2^31-1 fit a Java array");
        }
        return (int) n;
    }
}
