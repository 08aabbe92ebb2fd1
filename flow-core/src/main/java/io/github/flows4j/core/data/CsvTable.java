package io.github.flows4j.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A numeric table read from comma-separated text: an optional header row, then one row of numbers per line.
 * Blank lines and lines whose first non-blank character is {@code #} are skipped; cells are trimmed; header cells
 * may be double-quoted. Every row must have as many cells as the first, every cell must parse as a finite number.
 *
 * <pre>{@code
 * CsvTable table = CsvTable.read(Path.of("power.csv"), true);
 * double[][] rows = table.rows();          // a copy, [rows][columns]
 * }</pre>
 */
public final class CsvTable {
    private final List<String> columns;
    private final double[][] rows;

    private CsvTable(List<String> columns, double[][] rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * @param path   a UTF-8 text file
     * @param header whether the first non-comment line names the columns
     * @return the table
     * @throws IOException        if the file cannot be read
     * @throws CsvFormatException naming the line and column of a ragged row, a non-numeric or a non-finite cell,
     *                            or if there are no data rows
     */
    public static CsvTable read(Path path, boolean header) throws IOException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(reader, header);
        }
    }

    /**
     * @param reader the text; read to the end, not closed
     * @param header whether the first non-comment line names the columns
     * @return the table
     * @throws IOException        if reading fails
     * @throws CsvFormatException as for {@link #read(Path, boolean)}
     */
    public static CsvTable read(Reader reader, boolean header) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<String> names = null;
        List<double[]> data = new ArrayList<>();
        int width = -1;
        int lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
                continue;
            }
            String[] cells = trimmed.split(",", -1);
            if (width >= 0 && cells.length != width) {
                int column = cells.length < width ? cells.length + 1 : width + 1;
                throw new CsvFormatException(lineNo, column, "expected " + width + " cells; got " + cells.length);
            }
            width = cells.length;
            if (header && names == null) {
                names = new ArrayList<>(width);
                for (String c : cells) {
                    names.add(unquote(c.strip()));
                }
                continue;
            }
            data.add(parseRow(cells, lineNo));
        }
        if (data.isEmpty()) {
            throw new CsvFormatException(Math.max(lineNo, 1), 0, "the table has no data rows");
        }
        if (names == null) {
            names = new ArrayList<>(width);
            for (int j = 1; j <= width; j++) {
                names.add("x" + j);
            }
        }
        return new CsvTable(Collections.unmodifiableList(names), data.toArray(new double[0][]));
    }

    private static double[] parseRow(String[] cells, int lineNo) {
        double[] row = new double[cells.length];
        for (int j = 0; j < cells.length; j++) {
            String cell = cells[j].strip();
            if (cell.isEmpty()) {
                throw new CsvFormatException(lineNo, j + 1, "empty cell");
            }
            double v;
            try {
                v = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new CsvFormatException(lineNo, j + 1, "not a number: '" + cell + "'");
            }
            if (!Double.isFinite(v)) {
                throw new CsvFormatException(lineNo, j + 1, "cells must be finite; got '" + cell + "'");
            }
            row[j] = v;
        }
        return row;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** @return the column names: the header's, or {@code x1 .. xd} without one */
    public List<String> columns() {
        return columns;
    }

    /** @return the number of data rows */
    public int rowCount() {
        return rows.length;
    }

    /** @return the number of columns */
    public int columnCount() {
        return columns.size();
    }

    /** @return a copy of the data, [rows][columns] */
    public double[][] rows() {
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
