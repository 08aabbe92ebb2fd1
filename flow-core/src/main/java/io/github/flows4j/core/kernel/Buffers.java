package io.github.flows4j.core.kernel;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Zero-copy views of an array's off-heap buffer, for Java kernels.
 *
 * <p>A view is valid only while its {@link INDArray} is strongly reachable and not closed: keep a reference to the
 * array for as long as the view is used (a collected array under a live view crashes the JVM). Only dense,
 * c-ordered arrays qualify ({@link #isDense(INDArray)}); callers fall back to ND4J ops otherwise.
 *
 * <pre>{@code
 * FloatBuffer xs = Buffers.floats(x);   // x: dense FLOAT array
 * for (int i = 0; i < xs.limit(); i++) xs.put(i, 2f * xs.get(i));
 * }</pre>
 */
public final class Buffers {
    private Buffers() {
    }

    /**
     * @param a an array
     * @return whether {@code a} is c-ordered with unit element stride, so its elements are contiguous in memory
     */
    public static boolean isDense(INDArray a) {
        if (a.isEmpty()) {
            return false;
        }
        if (a.isScalar() || a.length() == 1) {
            return true;
        }
        if (a.ordering() != 'c' && !a.isVector()) {
            return false;
        }
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * @param a a dense FLOAT array
     * @return a float view of exactly its elements, positions 0 .. length-1
     */
    public static FloatBuffer floats(INDArray a) {
        requireType(a, DataType.FLOAT);
        FloatBuffer fb = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        long off = a.offset();
        if (off != 0 || fb.limit() != a.length()) {
            fb.position((int) off);
            fb = fb.slice();
            fb.limit((int) a.length());
        }
        return fb;
    }

    /**
     * @param a a dense DOUBLE array
     * @return a double view of exactly its elements, positions 0 .. length-1
     */
    public static DoubleBuffer doubles(INDArray a) {
        requireType(a, DataType.DOUBLE);
        DoubleBuffer db = a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        long off = a.offset();
        if (off != 0 || db.limit() != a.length()) {
            db.position((int) off);
            db = db.slice();
            db.limit((int) a.length());
        }
        return db;
    }

    private static void requireType(INDArray a, DataType t) {
        if (a.dataType() != t) {
            throw new IllegalArgumentException("expected a " + t + " array; got " + a.dataType());
        }
        if (!isDense(a)) {
            throw new IllegalArgumentException("expected a dense c-ordered array; got shape "
                    + java.util.Arrays.toString(a.shape()) + " stride " + java.util.Arrays.toString(a.stride()));
        }
    }
}
