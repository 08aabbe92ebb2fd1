package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape and type checks shared by the manifolds, and bulk reads of [batch, D] rows into float64. */
final class Rows {
    private Rows() {
    }

    /**
     * @return the rows of {@code a} as float64, after checking that it is a FLOAT or DOUBLE [batch, dim] array
     */
    static double[] read(String name, INDArray a, int dim) {
        check(name, a, dim);
        return HostArrays.toDoubles(a);
    }

    /** Checks that {@code a} is a FLOAT or DOUBLE [batch, dim] array. */
    static void check(String name, INDArray a, int dim) {
        if (a == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (a.rank() != 2 || a.size(1) != dim) {
            throw ShapeMismatchException.of(name, "[batch, " + dim + "]", a.shape());
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new DTypeMismatchException(name + " must be FLOAT or DOUBLE; got " + a.dataType());
        }
    }

    /** Reads {@code a} after checking that it has the shape and type of {@code x}. */
    static double[] readLike(String name, INDArray a, INDArray x, int dim) {
        checkLike(name, a, x, dim);
        return HostArrays.toDoubles(a);
    }

    /** Checks that {@code a} has the shape and type of {@code x}. */
    static void checkLike(String name, INDArray a, INDArray x, int dim) {
        check(name, a, dim);
        if (a.size(0) != x.size(0)) {
            throw ShapeMismatchException.of(name, "[" + x.size(0) + ", " + dim + "]", a.shape());
        }
        if (a.dataType() != x.dataType()) {
            throw new DTypeMismatchException(name + " is " + a.dataType() + " but x is " + x.dataType());
        }
    }

    /** Checks that a tensor is a FLOAT or DOUBLE [batch, dim] matrix. */
    static void check(String name, Tensor t, int dim) {
        if (t == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (t.rank() != 2 || t.size(1) != dim) {
            throw ShapeMismatchException.of(name, "[batch, " + dim + "]", t.shape());
        }
        if (t.dtype() != DataType.FLOAT && t.dtype() != DataType.DOUBLE) {
            throw new DTypeMismatchException(name + " must be FLOAT or DOUBLE; got " + t.dtype());
        }
    }

    /** Checks that a tensor has the shape and type of {@code x}. */
    static void checkLike(String name, Tensor t, Tensor x, int dim) {
        check(name, t, dim);
        if (t.size(0) != x.size(0)) {
            throw ShapeMismatchException.of(name, "[" + x.size(0) + ", " + dim + "]", t.shape());
        }
        if (t.dtype() != x.dtype()) {
            throw new DTypeMismatchException(name + " is " + t.dtype() + " but x is " + x.dtype());
        }
    }

    /** Checks that t is [batch, 1] of x's batch and type. */
    static void checkTimes(INDArray t, INDArray x) {
        if (t.rank() != 2 || t.size(1) != 1 || t.size(0) != x.size(0)) {
            throw ShapeMismatchException.of("t", "[" + x.size(0) + ", 1]", t.shape());
        }
        if (t.dataType() != x.dataType()) {
            throw new DTypeMismatchException("geodesic: t is " + t.dataType() + ", x is " + x.dataType());
        }
    }

    /** Checks that t is [batch, 1] of x's batch and type. */
    static void checkTimes(Tensor t, Tensor x) {
        if (t.rank() != 2 || t.size(1) != 1 || t.size(0) != x.size(0)) {
            throw ShapeMismatchException.of("t", "[" + x.size(0) + ", 1]", t.shape());
        }
        if (t.dtype() != x.dtype()) {
            throw new DTypeMismatchException("geodesic: t is " + t.dtype() + ", x is " + x.dtype());
        }
    }

    /** @return the default on-manifold tolerance of a data type: 1e-4 for float32, 1e-8 for float64 */
    static double tolerance(DataType type) {
        return type == DataType.DOUBLE ? 1e-8 : 1e-4;
    }

    /** Checks a sample request: 0 &le; n &le; 2³¹ − 1 and a FLOAT or DOUBLE type. */
    static int sampleCount(long n, DataType type) {
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw io.github.flows4j.core.InvalidConfigException.of("n", "in [0, 2^31 - 1]", n);
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw io.github.flows4j.core.InvalidConfigException.of("type", "FLOAT or DOUBLE", type);
        }
        return (int) n;
    }

    /** Checks a wrapped-normal scale: positive and finite. */
    static void checkScale(double scale) {
        if (!(scale > 0 && Double.isFinite(scale))) {
            throw io.github.flows4j.core.InvalidConfigException.of("scale", "positive and finite", scale);
        }
    }

    /** Reads a mean of shape [1, dim] (shared) or [batch, dim] (one per row of x), of x's type. */
    static double[] means(INDArray mean, INDArray x, int dim) {
        check("mean", mean, dim);
        if (mean.size(0) != 1 && mean.size(0) != x.size(0)) {
            throw ShapeMismatchException.of("mean", "[1, " + dim + "] or [" + x.size(0) + ", " + dim + "]",
                    mean.shape());
        }
        if (mean.dataType() != x.dataType()) {
            throw new DTypeMismatchException("mean is " + mean.dataType() + " but x is " + x.dataType());
        }
        return HostArrays.toDoubles(mean);
    }

    static double dot(double[] a, int oa, double[] b, int ob, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += a[oa + j] * b[ob + j];
        }
        return s;
    }

    /** @return log of the standard normal density's normaliser per coordinate times d: −(d/2) log 2π */
    static double logNormaliser(int d) {
        return -0.5 * d * Math.log(2 * Math.PI);
    }
}
