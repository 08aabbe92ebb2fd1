package io.github.flows4j.core;

/**
 * Two arrays that must share a data type do not (flows4j never converts silently: mixing float32 and float64
 * is almost always a bug). The message names both arguments and their types.
 *
 * <pre>{@code
 * throw new DTypeMismatchException("add: a is FLOAT, b is DOUBLE; convert one with Tensor.cast");
 * }</pre>
 */
public class DTypeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the arguments and their data types
     */
    public DTypeMismatchException(String message) {
        super(message);
    }
}
