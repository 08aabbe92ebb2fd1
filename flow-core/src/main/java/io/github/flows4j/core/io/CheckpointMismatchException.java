package io.github.flows4j.core.io;

import java.util.List;

/**
 * A sound checkpoint does not fit the model or optimizer it is loaded into: parameters are missing or unexpected,
 * or have another shape or data type, or the optimizer state is absent or of another kind. Nothing was changed. The
 * message lists every difference; {@link #differences()} returns them one by one.
 *
 * <pre>{@code
 * try {
 *     Checkpoint.load(path, model, null);
 * } catch (CheckpointMismatchException e) {
 *     e.differences().forEach(System.err::println);   // e.g. "'layers.0.weight' has shape [64, 3] in the ..."
 * }
 * }</pre>
 */
public class CheckpointMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> differences;

    /**
     * @param file        the checkpoint, for the message
     * @param differences each difference, in words
     */
    public CheckpointMismatchException(String file, List<String> differences) {
        super("checkpoint " + file + " does not fit: " + String.join("; ", differences));
        this.differences = List.copyOf(differences);
    }

    /** @return each difference, in words */
    public List<String> differences() {
        return differences;
    }
}
