package io.github.flows4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TabularDataTest {

    /** 100 rows of three columns: i, 2i + 5, and a constant. */
    private static String table(boolean header) {
        StringBuilder sb = new StringBuilder();
        sb.append("# generated for the test\n");
        if (header) {
            sb.append("\"a\", b ,c\n");
        }
        for (int i = 0; i < 100; i++) {
            sb.append(i).append(", ").append(2 * i + 5).append(",7.5\n");
            if (i == 50) {
                sb.append("\n   # a comment in the middle\n");
            }
        }
        return sb.toString();
    }

    private static CsvTable read(String text, boolean header) throws IOException {
        return CsvTable.read(new StringReader(text), header);
    }

    @Test
    void readsHeaderCommentsAndBlankLines() throws IOException {
        CsvTable t = read(table(true), true);
        assertEquals(List.of("a", "b", "c"), t.columns());
        assertEquals(100, t.rowCount());
        assertArrayEquals(new double[] {51, 107, 7.5}, t.rows()[51]);
        CsvTable noHeader = read(table(false), false);
        assertEquals(List.of("x1", "x2", "x3"), noHeader.columns());
        assertEquals(100, noHeader.rowCount());
    }

    @Test
    void splitSizesCoverEveryRowOnceWithoutOverlap() throws IOException {
        TabularData d = TabularData.of(read(table(true), true), new SplitFractions(0.7, 0.2, 0.1), Rng.seeded(5),
                DataType.DOUBLE);
        assertEquals(70, d.trainRows().length);
        assertEquals(20, d.valRows().length);
        assertEquals(10, d.testRows().length);
        assertArrayEquals(new long[] {70, 3}, d.train().shape());
        assertArrayEquals(new long[] {20, 3}, d.val().shape());
        assertArrayEquals(new long[] {10, 3}, d.test().shape());
        Set<Integer> seen = new HashSet<>();
        for (int[] split : new int[][] {d.trainRows(), d.valRows(), d.testRows()}) {
            for (int r : split) {
                assertTrue(seen.add(r), "row " + r + " is in two splits");
            }
        }
        assertEquals(100, seen.size());
    }

    @Test
    void sameSeedSameSplitDifferentSeedDifferentSplit() throws IOException {
        CsvTable t = read(table(true), true);
        SplitFractions f = new SplitFractions(0.8, 0.1, 0.1);
        TabularData a = TabularData.of(t, f, Rng.seeded(9), DataType.FLOAT);
        TabularData b = TabularData.of(t, f, Rng.seeded(9), DataType.FLOAT);
        TabularData c = TabularData.of(t, f, Rng.seeded(10), DataType.FLOAT);
        assertArrayEquals(a.trainRows(), b.trainRows());
        assertArrayEquals(HostArrays.toDoubles(a.test()), HostArrays.toDoubles(b.test()));
        assertTrue(!java.util.Arrays.equals(a.trainRows(), c.trainRows()));
    }

    @Test
    void trainIsStandardisedWithTrainStatisticsOnly() throws IOException {
        TabularData d = TabularData.of(read(table(true), true), new SplitFractions(0.6, 0.2, 0.2), Rng.seeded(1),
                DataType.DOUBLE);
        double[] z = HostArrays.toDoubles(d.train());
        int n = z.length / 3;
        for (int j = 0; j < 2; j++) {
            double m = 0;
            double s = 0;
            for (int i = 0; i < n; i++) {
                m += z[3 * i + j];
            }
            m /= n;
            for (int i = 0; i < n; i++) {
                s += (z[3 * i + j] - m) * (z[3 * i + j] - m);
            }
            assertEquals(0, m, 1e-12, "column " + j + " mean");
            assertEquals(1, Math.sqrt(s / n), 1e-12, "column " + j + " std");
        }
        // the constant column keeps scale 1 and becomes 0
        assertEquals(1.0, d.std()[2]);
        assertEquals(0.0, z[2]);
        // statistics come from the train rows: recompute column 0's mean from the train row indices
        double m0 = 0;
        for (int r : d.trainRows()) {
            m0 += r;
        }
        assertEquals(m0 / d.trainRows().length, d.mean()[0], 1e-12);
        // round trip
        INDArray raw = d.unstandardise(d.test());
        double[] back = HostArrays.toDoubles(d.standardise(raw));
        assertArrayEquals(HostArrays.toDoubles(d.test()), back, 1e-12);
        assertEquals(d.testRows()[0], HostArrays.toDoubles(raw)[0], 1e-9);
    }

    @Test
    void readsFromAFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("t.csv");
        Files.writeString(p, "\uFEFFx,y\r\n1,2\r\n3,4\r\n5,6\r\n7,8\r\n");
        TabularData d = TabularData.fromCsv(p, true, new SplitFractions(0.5, 0.25, 0.25), Rng.seeded(0),
                DataType.FLOAT);
        assertEquals(List.of("x", "y"), d.columns());
        assertEquals(2, d.trainRows().length);
        assertEquals(DataType.FLOAT, d.train().dataType());
    }

    @Test
    void raggedRowNamesLineAndColumn() {
        CsvFormatException shortRow = assertThrows(CsvFormatException.class,
                () -> read("a,b,c\n1,2,3\n4,5\n", true));
        assertEquals(3, shortRow.line());
        assertEquals(3, shortRow.column());
        assertTrue(shortRow.getMessage().contains("expected 3 cells; got 2"), shortRow.getMessage());
        CsvFormatException longRow = assertThrows(CsvFormatException.class,
                () -> read("# c\n1,2\n3,4,5\n", false));
        assertEquals(3, longRow.line());
        assertEquals(3, longRow.column());
    }

    @Test
    void nonNumericEmptyAndNonFiniteCellsNameLineAndColumn() {
        CsvFormatException word = assertThrows(CsvFormatException.class, () -> read("1,2\n3,abc\n", false));
        assertEquals("line 2, column 2: not a number: 'abc'", word.getMessage());
        CsvFormatException nan = assertThrows(CsvFormatException.class, () -> read("a,b\n1,2\nNaN,4\n", true));
        assertEquals(3, nan.line());
        assertEquals(1, nan.column());
        CsvFormatException inf = assertThrows(CsvFormatException.class, () -> read("1,Infinity\n", false));
        assertEquals(2, inf.column());
        CsvFormatException empty = assertThrows(CsvFormatException.class, () -> read("1,,3\n", false));
        assertEquals(2, empty.column());
        assertThrows(CsvFormatException.class, () -> read("a,b\n# only a header\n", true));
    }

    @Test
    void invalidFractionsAndShapesAreTypedErrors() throws IOException {
        assertThrows(InvalidConfigException.class, () -> new SplitFractions(0.5, 0.2, 0.2));
        assertThrows(InvalidConfigException.class, () -> new SplitFractions(0, 0.5, 0.5));
        assertThrows(InvalidConfigException.class, () -> new SplitFractions(1.1, -0.1, 0));
        CsvTable tiny = read("1\n2\n", false);
        assertThrows(InvalidConfigException.class,
                () -> TabularData.of(tiny, new SplitFractions(0.1, 0.45, 0.45), Rng.seeded(0), DataType.FLOAT));
        TabularData d = TabularData.of(read(table(false), false), new SplitFractions(1, 0, 0), Rng.seeded(0),
                DataType.FLOAT);
        assertArrayEquals(new long[] {0, 3}, d.val().shape());
        assertThrows(ShapeMismatchException.class, () -> d.standardise(d.train().getColumns(0, 1)));
    }
}
