package io.github.flows4j.cnf.compression;

import java.io.IOException;

/**
 * A compressed sequence ({@code .bin}) or a sequence file ({@code .seq}) cannot be read: wrong magic number or
 * format version, truncated, checksum mismatch, a damaged entropy-coded stream, or written by another model. The
 * message says which.
 *
 * <pre>{@code
 * try {
 *     Transmission t = codec.read(bytes);
 * } catch (CompressedFormatException e) {
 *     System.err.println("cannot decode: " + e.getMessage());
 * }
 * }</pre>
 */
public class CompressedFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong */
    public CompressedFormatException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause   the lower-level error
     */
    public CompressedFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
