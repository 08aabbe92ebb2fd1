package io.github.flows4j.core.coding;

/**
 * An entropy-coded stream cannot be decoded: it ends before the symbols asked for, or its final coder state or
 * length shows that it was damaged or read with other frequency tables than it was written with. The message says
 * which and where.
 *
 * <pre>{@code
 * try {
 *     int s = decoder.get(table);
 * } catch (CorruptStreamException e) {
 *     System.err.println("damaged stream: " + e.getMessage());
 * }
 * }</pre>
 */
public class CorruptStreamException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and at which byte or symbol
     */
    public CorruptStreamException(String message) {
        super(message);
    }
}
