package io.github.flows4j.cnf.model;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checks every evaluator runs on a batch it hands to a {@link VelocityField}, so that a bad argument is reported
 * by the caller's name for it ({@code x}, {@code x0}, {@code x1}) instead of by the op deep inside the model that
 * first trips over it: not null, {@code [batch, dim]} with at least one row, the model's data type, finite, and small
 * enough that its square does not overflow that type.
 *
 * <pre>{@code
 * FieldInputs.require("x", x, field);   // throws "x is DOUBLE, the model is FLOAT; convert x with x.castTo(...)"
 * }</pre>
 */
public final class FieldInputs {
    private FieldInputs() {
    }

    /**
     * @param field a velocity field
     * @return the data type of its first trainable tensor, or empty for a field without parameters
     */
    public static Optional<DataType> dtype(VelocityField field) {
        List<Tensor> params = field.trainableTensors();
        return params.isEmpty() ? Optional.empty() : Optional.of(params.get(0).dtype());
    }

    /**
     * @param name  the argument's name in the caller's signature
     * @param x     the batch, [batch, dim]
     * @param field the field it is meant for (gives dim and data type)
     * @return {@code x}
     * @throws io.github.flows4j.core.InvalidConfigException if {@code x} or {@code field} is null
     * @throws ShapeMismatchException if {@code x} is not {@code [batch, dim]} with batch &ge; 1
     * @throws DTypeMismatchException if {@code x}'s data type is not the model's
     * @throws NonFiniteException     if {@code x} holds NaN, infinity, or a value whose square overflows its type
     */
    public static INDArray require(String name, INDArray x, VelocityField field) {
        Checks.notNull("field", field);
        return require(name, x, field.dim(), dtype(field).orElse(null));
    }

    /**
     * @param name  the argument's name in the caller's signature
     * @param x     the batch, [batch, dim]
     * @param dim   the model's dimension
     * @param dtype the model's data type, or null to accept any floating-point type
     * @return {@code x}
     * @throws io.github.flows4j.core.InvalidConfigException if {@code x} is null
     * @throws ShapeMismatchException if {@code x} is not {@code [batch, dim]} with batch &ge; 1
     * @throws DTypeMismatchException if {@code x}'s data type is not {@code dtype} (or not floating point)
     * @throws NonFiniteException     if {@code x} holds NaN, infinity, or a value whose square overflows its type
     */
    public static INDArray require(String name, INDArray x, int dim, DataType dtype) {
        Checks.matrix(name, x);
        if (x.size(0) < 1 || x.size(1) != dim) {
            throw ShapeMismatchException.of(name, "[batch >= 1, " + dim + "]", x.shape());
        }
        DataType found = x.dataType();
        if (dtype != null && found != dtype) {
            throw new DTypeMismatchException(name + " is " + found.name() + ", the model is " + dtype.name()
                    + "; convert it with " + name + ".castTo(DataType." + dtype.name() + ")");
        }
        if (!found.isFPType()) {
            throw new DTypeMismatchException(name + " is " + found.name() + "; expected a floating-point type");
        }
        Checks.finite(name, x);
        double limit = Math.sqrt(found == DataType.DOUBLE ? Double.MAX_VALUE : Float.MAX_VALUE);
        double max = x.amaxNumber().doubleValue();
        if (max > limit) {
            throw new NonFiniteException(name + " is out of range: it holds |" + name + "| = " + max
                    + ", whose square overflows " + found.name() + " (|" + name + "| must be <= "
                    + String.format(java.util.Locale.ROOT, "%.3g", limit) + "); rescale the data");
        }
        return x;
    }
}
