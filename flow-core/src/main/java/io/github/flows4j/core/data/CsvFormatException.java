package io.github.flows4j.core.data;

/**
 * A CSV file breaks the table rules: a row with the wrong number of cells, a cell that is not a number, or a cell
 * that is NaN or infinite. The message names the line (1-based, counting every physical line including comments
 * and the header), the column (1-based) and the offending text.
 *
 * <pre>{@code
 * try {
 *     TabularData data = TabularData.fromCsv(path, true, SplitFractions.of(0.8, 0.1, 0.1), rng, DataType.FLOAT);
 * } catch (CsvFormatException e) {
 *     System.err.println("bad cell at line " + e.line() + ", column " + e.column());
 * }
 * }</pre>
 */
public class CsvFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * @param line    the 1-based line number
     * @param column  the 1-based column number, or 0 when the whole row is at fault
     * @param problem what is wrong, e.g. {@code "expected 3 cells; got 2"}
     */
    public CsvFormatException(int line, int column, String problem) {
        super("line " + line + (column > 0 ? ", column " + column : "") + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** @return the 1-based line number */
    public int line() {
        return line;
    }

    /** @return the 1-based column number, or 0 when the whole row is at fault */
    public int column() {
        return column;
    }
}
