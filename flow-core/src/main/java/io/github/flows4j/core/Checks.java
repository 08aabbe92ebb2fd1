package io.github.flows4j.core;

import io.github.flows4j.core.kernel.HostArrays;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Argument checks shared by every module, throwing the typed exceptions of this package with messages that name
 * the argument, the expected and the actual value.
 *
 * <pre>{@code
 * Checks.matrix("x1", x1);                 // [batch, dim]
 * Checks.sameShape("x0", x0, "x1", x1);
 * Checks.finite("x1", x1);                 // NonFiniteException("x1 must be finite; found NaN at flat index 17")
 * this.rng = Checks.notNull("rng", rng);   // InvalidConfigException("rng must be non-null; got null")
 * }</pre>
 * {@link #notNull} is the project's one null-check idiom: a null argument is an {@link InvalidConfigException} (an
 * {@code IllegalArgumentException}) that names it, never a bare {@code NullPointerException}.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * @param <T>   the value's type
     * @param name  the argument's name
     * @param value the value
     * @return {@code value}
     * @throws InvalidConfigException naming the argument when {@code value} is null
     */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw InvalidConfigException.of(name, "non-null", null);
        }
        return value;
    }

    /**
     * @param name the argument's name
     * @param a    the array
     * @return {@code a}
     * @throws ShapeMismatchException unless {@code a} has rank 2
     * @throws InvalidConfigException when {@code a} is null
     */
    public static INDArray matrix(String name, INDArray a) {
        notNull(name, a);
        if (a.rank() != 2) {
            throw ShapeMismatchException.of(name, "[batch, dim]", a.shape());
        }
        return a;
    }

    /**
     * @param nameA first argument's name
     * @param a     first array
     * @param nameB second argument's name
     * @param b     second array
     * @throws ShapeMismatchException unless both have the same shape
     */
    public static void sameShape(String nameA, INDArray a, String nameB, INDArray b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new ShapeMismatchException(nameB + " must have the shape of " + nameA + " "
                    + Arrays.toString(a.shape())
                    + "; got " + Arrays.toString(b.shape()));
        }
    }

    /**
     * @param name the argument's name
     * @param a    the array
     * @param rows the required number of rows
     * @throws ShapeMismatchException unless {@code a} is [rows, 1]
     */
    public static void column(String name, INDArray a, long rows) {
        if (a.rank() != 2 || a.size(0) != rows || a.size(1) != 1) {
            throw ShapeMismatchException.of(name, "[" + rows + ", 1]", a.shape());
        }
    }

    /**
     * @param name the argument's name
     * @param a    the array
     * @return {@code a}
     * @throws NonFiniteException naming the first NaN or infinite element
     */
    public static INDArray finite(String name, INDArray a) {
        double[] v = HostArrays.toDoubles(a);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new NonFiniteException(name + " must be finite; found " + v[i] + " at flat index " + i);
            }
        }
        return a;
    }
}
