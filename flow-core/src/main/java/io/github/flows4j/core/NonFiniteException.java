package io.github.flows4j.core;

/**
 * An input or an intermediate value holds NaN or infinity where a finite value is required.
 * The message names the argument and where the first non-finite value sits.
 *
 * <pre>{@code
 * Checks.finite("x1", x1);   // throws NonFiniteException("x1 must be finite; found NaN at flat index 17")
 * }</pre>
 */
public class NonFiniteException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the argument and the offending value
     */
    public NonFiniteException(String message) {
        super(message);
    }
}
