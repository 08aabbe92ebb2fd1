package io.github.flows4j.core.flows;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.buffer.DataType;

/** Input checks shared by the bijections of this package; every message names the argument. */
final class FlowChecks {
    private FlowChecks() {
    }

    /** Rejects a dtype other than FLOAT or DOUBLE. */
    static void dtype(DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
    }

    /**
     * @return the number of rows of {@code x}, checked to be a finite {@code [n, dim]} matrix of {@code dtype}
     */
    static long points(String name, Tensor x, int dim, DataType dtype) {
        Checks.notNull(name, x);
        long[] s = x.shape();
        if (s.length != 2 || s[1] != dim) {
            throw ShapeMismatchException.of(name, "[n, " + dim + "]", s);
        }
        if (x.dtype() != dtype) {
            throw new DTypeMismatchException(name + " must be " + dtype + " (the flow's data type); got " + x.dtype());
        }
        Checks.finite(name, x.value());
        return s[0];
    }

    /** Checks that {@code context} is null when {@code contextDim == 0}, else a finite {@code [n, contextDim]}. */
    static void context(Tensor context, long n, int contextDim, DataType dtype) {
        if (contextDim == 0) {
            if (context != null) {
                throw ShapeMismatchException.of("context", "null (this bijection has contextDim = 0)",
                        context.shape());
            }
            return;
        }
        if (context == null) {
            throw InvalidConfigException.of("context", "a [" + n + ", " + contextDim + "] tensor (contextDim = "
                    + contextDim + ")", null);
        }
        long[] s = context.shape();
        if (s.length != 2 || s[0] != n || s[1] != contextDim) {
            throw ShapeMismatchException.of("context", "[" + n + ", " + contextDim + "]", s);
        }
        if (context.dtype() != dtype) {
            throw new DTypeMismatchException("context must be " + dtype + " (the flow's data type); got "
                    + context.dtype());
        }
        Checks.finite("context", context.value());
    }

    /** Validates a dimension and a context dimension. */
    static void dims(int dim, int minDim, int contextDim) {
        if (dim < minDim) {
            throw InvalidConfigException.of("dim", ">= " + minDim, dim);
        }
        if (contextDim < 0) {
            throw InvalidConfigException.of("contextDim", ">= 0", contextDim);
        }
    }

    /** Validates hidden widths (each &ge; 1; an empty array means a linear conditioner). */
    static int[] hidden(int[] hidden) {
        Checks.notNull("hidden", hidden);
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1) {
                throw InvalidConfigException.of("hidden[" + i + "]", ">= 1", hidden[i]);
            }
        }
        return hidden.clone();
    }
}
