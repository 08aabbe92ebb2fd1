package io.github.flows4j.core.io;

import java.io.IOException;

/**
 * A checkpoint file cannot be trusted: it is not a flows4j checkpoint, has an unsupported format version, is
 * truncated, or its checksum does not match its contents. The message names the file and what is wrong.
 *
 * <pre>{@code
 * try {
 *     Checkpoint.load(path, model, optimizer);
 * } catch (CorruptCheckpointException e) {
 *     Checkpoint.load(previousPath, model, optimizer);   // fall back to the one before
 * }
 * }</pre>
 */
public class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the file and the defect
     */
    public CorruptCheckpointException(String message) {
        super(message);
    }

    /**
     * @param message names the file and the defect
     * @param cause   the parse error behind it
     */
    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
