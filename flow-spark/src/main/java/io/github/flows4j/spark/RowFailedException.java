package io.github.flows4j.spark;

/**
 * One input row is bad: a non-finite value, a value a loss or point function rejects, or a wrong width. The
 * message, {@link #row()} and {@link #column()} name it. Row indices are global (0-based): for training, the row of
 * the step's global batch; for evaluation, the row of the input RDD or Dataset. A loss or point function may throw
 * it with a row index local to the rows it was given; the distributed code re-throws it with the global index.
 *
 * <pre>{@code
 * if (!Double.isFinite(v)) {
 *     throw new RowFailedException(row, "x1", "is NaN");   // "row 17, column x1: is NaN"
 * }
 * }</pre>
 */
public class RowFailedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long row;
    private final String column;
    private final String reason;

    /**
     * @param row    the row's 0-based index
     * @param column the column's name, or {@code null} when the whole row is meant
     * @param reason what is wrong, e.g. {@code "is NaN"}
     */
    public RowFailedException(long row, String column, String reason) {
        super("row " + row + (column == null ? "" : ", column " + column) + ": " + reason);
        this.row = row;
        this.column = column;
        this.reason = reason;
    }

    /** @return the row's 0-based index */
    public long row() {
        return row;
    }

    /** @return the column's name, or {@code null} */
    public String column() {
        return column;
    }

    /** @return what is wrong with the row */
    public String reason() {
        return reason;
    }

    /**
     * @param offset added to the row index
     * @return the same failure with the row index shifted (from a partition's local rows to global rows)
     */
    public RowFailedException shifted(long offset) {
        RowFailedException e = new RowFailedException(row + offset, column, reason);
        e.initCause(getCause());
        return e;
    }
}
