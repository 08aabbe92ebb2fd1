package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.Buffers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Input checks and row gathering shared by the couplings. */
final class Batches {
    private Batches() {
    }

    /**
     * @param name the argument's name, for messages
     * @param x    must be a floating-point {@code [rows, dim]} array with {@code rows, dim >= 1}
     */
    static void checkMatrix(String name, INDArray x) {
        Checks.notNull(name, x);
        if (x.rank() != 2 || x.size(0) < 1 || x.size(1) < 1) {
            throw ShapeMismatchException.of(name, "[batch, dim] with batch, dim >= 1", x.shape());
        }
        if (!x.dataType().isFPType()) {
            throw new DTypeMismatchException(name + " must be FLOAT or DOUBLE; got " + x.dataType());
        }
        if (x.length() > Integer.MAX_VALUE) {
            throw ShapeMismatchException.of(name, "at most 2^31-1 elements", x.shape());
        }
    }

    /**
     * Checks that two batches can be coupled: same shape {@code [batch, dim]}, same data type.
     *
     * @return the batch size
     */
    static int checkPair(INDArray x0, INDArray x1) {
        checkMatrix("x0", x0);
        checkMatrix("x1", x1);
        if (x0.size(1) != x1.size(1)) {
            throw ShapeMismatchException.of("x1", "[batch, " + x0.size(1) + "] (the dim of x0)", x1.shape());
        }
        if (x0.size(0) != x1.size(0)) {
            throw ShapeMismatchException.of("x1", "[" + x0.size(0) + ", dim] (the batch size of x0)", x1.shape());
        }
        if (x0.dataType() != x1.dataType()) {
            throw new DTypeMismatchException("x0 is " + x0.dataType() + ", x1 is " + x1.dataType()
                    + "; couple batches of one data type (convert one with castTo)");
        }
        return (int) x0.size(0);
    }

    /**
     * @param name the argument's name, for messages
     * @param x    a checked {@code [rows, dim]} array
     * @return its elements in row-major order, as a new {@code double[]}
     * @throws NonFiniteException naming {@code name} and the first non-finite element's {@code [row, col]}
     */
    static double[] finiteRowMajor(String name, INDArray x) {
        INDArray dense = Buffers.isDense(x) && x.offset() == 0 && x.data().length() == x.length() ? x : x.dup('c');
        double[] v = dense.data().asDouble();
        long cols = x.size(1);
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) {
                throw new NonFiniteException(name + " must be finite; found " + v[k] + " at [" + k / cols + ", "
                        + k % cols + "]");
            }
        }
        return v;
    }

    /** Checks that every element of {@code x} is finite, without keeping a copy. */
    static void checkFinite(String name, INDArray x) {
        finiteRowMajor(name, x);
    }

    /** @return {@code 0, 1, ..., n-1} */
    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /**
     * @return the pairs {@code (x0[i0[k]], x1[i1[k]])} as new arrays of the inputs' data type
     */
    static Pair gather(INDArray x0, INDArray x1, int[] i0, int[] i1) {
        return new Pair(rows(x0, i0), rows(x1, i1), i0, i1);
    }

    private static INDArray rows(INDArray x, int[] idx) {
        return Nd4j.pullRows(x, 1, idx, 'c');
    }
}
