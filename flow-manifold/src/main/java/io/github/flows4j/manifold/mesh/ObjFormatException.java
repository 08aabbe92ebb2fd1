package io.github.flows4j.manifold.mesh;

/**
 * A Wavefront OBJ file is malformed: the message names the 1-based line, what was expected and what was found.
 *
 * <pre>{@code
 * ObjReader.read(path);   // throws "line 12: face vertex index must be in [1, 2502] or [-2502, -1]; got 2503"
 * }</pre>
 */
public class ObjFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;

    /**
     * @param line    the 1-based line number
     * @param problem what was expected and what was found
     */
    public ObjFormatException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    /** @return the 1-based line number */
    public int line() {
        return line;
    }
}
