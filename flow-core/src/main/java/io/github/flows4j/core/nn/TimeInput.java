package io.github.flows4j.core.nn;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;

/** Argument checks and the time column shared by the time-conditioned layers. */
final class TimeInput {
    private TimeInput() {
    }

    /** @throws ShapeMismatchException unless x is [batch, in] */
    static void checkX(Tensor x, int in) {
        long[] s = x.shape();
        if (s.length != 2 || s[1] != in) {
            throw ShapeMismatchException.of("x", "[batch, " + in + "]", s);
        }
    }

    /**
     * @return t as [1, 1] (one time for the batch) or [batch, 1] (one per row)
     * @throws ShapeMismatchException unless t has one element or is [batch, 1]
     * @throws DTypeMismatchException unless t has x's data type
     */
    static Tensor column(Tensor t, Tensor x) {
        if (t.dtype() != x.dtype()) {
            throw new DTypeMismatchException("t is " + t.dtype() + " but x is " + x.dtype()
                    + "; convert one with Tensor.cast");
        }
        long batch = x.size(0);
        long[] s = t.shape();
        if (t.length() == 1) {
            return s.length == 2 ? t : t.reshape(1, 1);
        }
        if (s.length == 2 && s[0] == batch && s[1] == 1) {
            return t;
        }
        throw ShapeMismatchException.of("t", "one element or [batch, 1] with batch = " + batch, s);
    }
}
