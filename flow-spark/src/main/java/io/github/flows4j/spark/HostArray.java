package io.github.flows4j.spark;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An array on the Java heap, in the form Spark ships between the driver and the executors: a shape and the
 * elements in c (row-major) order as a {@code float[]} (for {@link DataType#FLOAT}) or a {@code double[]} (for
 * {@link DataType#DOUBLE}). ND4J arrays live off-heap and do not survive Java serialization; this type does, and
 * costs 4 or 8 bytes per element on the wire.
 *
 * <pre>{@code
 * HostArray h = HostArray.of(x);                 // x: [n, d], FLOAT or DOUBLE
 * INDArray back = h.toArray();                   // a fresh array, equal to x
 * }</pre>
 */
public final class HostArray implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] shape;
    private final float[] floats;
    private final double[] doubles;

    private HostArray(long[] shape, float[] floats, double[] doubles) {
        this.shape = shape;
        this.floats = floats;
        this.doubles = doubles;
    }

    /**
     * @param a a FLOAT or DOUBLE array of any shape (not changed)
     * @return its copy on the heap
     * @throws InvalidConfigException if {@code a} is null or of another data type
     */
    public static HostArray of(INDArray a) {
        if (a == null) {
            throw InvalidConfigException.of("array", "non-null", null);
        }
        DataType type = a.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw InvalidConfigException.of("array data type", "FLOAT or DOUBLE", type);
        }
        INDArray c = a.dup('c');
        try {
            return type == DataType.FLOAT
                    ? new HostArray(a.shape().clone(), c.data().asFloat(), null)
                    : new HostArray(a.shape().clone(), null, c.data().asDouble());
        } finally {
            c.close();
        }
    }

    /**
     * @param values elements in c order (copied)
     * @param shape  the shape; its product must equal {@code values.length}
     * @return a FLOAT host array
     * @throws ShapeMismatchException if the element count does not match the shape
     */
    public static HostArray ofFloats(float[] values, long... shape) {
        checkLength(values.length, shape);
        return new HostArray(shape.clone(), values.clone(), null);
    }

    /**
     * @param values elements in c order (copied)
     * @param shape  the shape; its product must equal {@code values.length}
     * @return a DOUBLE host array
     * @throws ShapeMismatchException if the element count does not match the shape
     */
    public static HostArray ofDoubles(double[] values, long... shape) {
        checkLength(values.length, shape);
        return new HostArray(shape.clone(), null, values.clone());
    }

    private static void checkLength(int length, long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n != length) {
            throw ShapeMismatchException.of("values", n + " elements for shape " + Arrays.toString(shape),
                    new long[] {length});
        }
    }

    /** @return a fresh ND4J array with this shape, data type and elements; the caller owns (and may close) it */
    public INDArray toArray() {
        return floats != null ? Nd4j.create(floats, shape, 'c') : Nd4j.create(doubles, shape, 'c');
    }

    /**
     * Copies this array's elements into {@code target} (same shape, any of FLOAT/DOUBLE).
     *
     * @param target the array to overwrite
     * @throws ShapeMismatchException if the shapes differ
     */
    public void copyInto(INDArray target) {
        if (!Arrays.equals(target.shape(), shape)) {
            throw ShapeMismatchException.of("target", Arrays.toString(shape), target.shape());
        }
        INDArray a = toArray();
        try {
            target.assign(a);
        } finally {
            a.close();
        }
    }

    /** @return the shape (a copy) */
    public long[] shape() {
        return shape.clone();
    }

    /** @return {@link DataType#FLOAT} or {@link DataType#DOUBLE} */
    public DataType dataType() {
        return floats != null ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** @return the number of elements */
    public int length() {
        return floats != null ? floats.length : doubles.length;
    }

    /** @return the payload's size in bytes (4 or 8 per element) */
    public long bytes() {
        return floats != null ? 4L * floats.length : 8L * doubles.length;
    }

    /** @return the elements in c order as doubles (a copy) */
    public double[] toDoubles() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats[i];
        }
        return out;
    }

    /**
     * @param other an array of the same shape and data type
     * @return the elementwise sum, in this data type (neither operand changes)
     * @throws ShapeMismatchException if the shapes differ
     * @throws InvalidConfigException if the data types differ
     */
    public HostArray plus(HostArray other) {
        if (!Arrays.equals(other.shape, shape)) {
            throw ShapeMismatchException.of("other", Arrays.toString(shape), other.shape);
        }
        if (other.dataType() != dataType()) {
            throw InvalidConfigException.of("other data type", dataType().toString(), other.dataType());
        }
        if (floats != null) {
            float[] out = new float[floats.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = floats[i] + other.floats[i];
            }
            return new HostArray(shape, out, null);
        }
        double[] out = new double[doubles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles[i] + other.doubles[i];
        }
        return new HostArray(shape, null, out);
    }

    @Override
    public String toString() {
        return "HostArray" + Arrays.toString(shape) + " " + dataType();
    }
}
