package io.github.flows4j.core.data;

import java.nio.file.Path;

/**
 * An IDX file (the format of MNIST and Fashion-MNIST) is corrupt or truncated: a bad magic number, an unknown
 * element type, a negative dimension, or fewer bytes than its header promises. The message names the file and what
 * was expected and found.
 *
 * <pre>{@code
 * try {
 *     IdxFile labels = IdxFile.read(Path.of("train-labels-idx1-ubyte.gz"));
 * } catch (IdxFormatException e) {
 *     System.err.println(e.path() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class IdxFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path    the file
     * @param problem what is wrong, e.g. {@code "truncated: expected 784 data bytes; got 100"}
     */
    public IdxFormatException(Path path, String problem) {
        super("IDX file " + path + ": " + problem);
        this.path = path;
    }

    /** @return the file at fault */
    public Path path() {
        return path;
    }
}
