package io.github.flows4j.core;

import java.util.Arrays;

/**
 * An argument has the wrong shape. The message names the argument, the expected and the actual shape, e.g.
 * {@code "y0 must have shape [batch, dim]; got [3]"}.
 *
 * <pre>{@code
 * throw ShapeMismatchException.of("x", "[batch, 2]", x.shape());
 * }</pre>
 */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the full message: argument, expected and actual shape
     */
    public ShapeMismatchException(String message) {
        super(message);
    }

    /**
     * Builds the standard message {@code "<argument> must have shape <expected>; got <actual>"}.
     *
     * @param argument the argument's name
     * @param expected the expected shape, in words or brackets
     * @param actual   the shape found
     * @return the exception
     */
    public static ShapeMismatchException of(String argument, String expected, long[] actual) {
        return new ShapeMismatchException(argument + " must have shape " + expected + "; got "
                + Arrays.toString(actual));
    }
}
