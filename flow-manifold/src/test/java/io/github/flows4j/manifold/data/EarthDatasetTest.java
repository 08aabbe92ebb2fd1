package io.github.flows4j.manifold.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.data.CsvFormatException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.Sphere;
import java.io.StringReader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The earth datasets parse every row despite their different headers, and convert to unit vectors. */
class EarthDatasetTest {
    @ParameterizedTest
    @EnumSource(EarthDataset.class)
    void everyRowParsesToAUnitVector(EarthDataset d) {
        double[][] ll = d.latLon();
        assertEquals(d.rows(), ll.length);
        INDArray x = d.points(DataType.DOUBLE);
        assertArrayEquals(new long[] {d.rows(), 3}, x.shape());
        new Sphere(3).checkPoints(d.name(), x);
        assertTrue(d.source().startsWith("http"), d.source());
    }

    @Test
    void theFirstRowOfEachFileIsItsFirstDataLine() {
        assertArrayEquals(new double[] {-30.2, -178.47}, EarthDataset.VOLCANO.latLon()[0]);
        assertArrayEquals(new double[] {31.1, 35.5}, EarthDataset.EARTHQUAKE.latLon()[0]);
        assertArrayEquals(new double[] {35.8142, 5.23026}, EarthDataset.FLOOD.latLon()[0]);
        // fire.csv has no header: the first line after the comment is data
        assertArrayEquals(new double[] {-25.088, 152.358}, EarthDataset.FIRE.latLon()[0]);
        double[][] fire = EarthDataset.FIRE.latLon();
        assertArrayEquals(new double[] {-7.428, 22.986}, fire[fire.length - 1]);
        assertEquals(List.of(), EarthDataset.FIRE.header());
    }

    @Test
    void latitudeAndLongitudeMapToTheDocumentedAxes() {
        double[] v = HostArrays.toDoubles(EarthDataset.toUnitVectors(new double[][] {{0, 0}, {90, 123}, {0, 90},
            {-45, 180}}, DataType.DOUBLE));
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 1, 0, -Math.sqrt(0.5), 0, -Math.sqrt(0.5)}, v, 1e-15);
    }

    @Test
    void headerQuirksAndBadRowsAreTypedErrors() throws java.io.IOException {
        assertThrows(CsvFormatException.class, () -> EarthDataset.readLatLon(new StringReader(
                "# src\nlat,lon\n1,2\n"), List.of("lat", "long")));
        // a header read as data
        assertThrows(CsvFormatException.class, () -> EarthDataset.readLatLon(new StringReader(
                "# src\nlat,long\n1,2\n"), List.of()));
        assertThrows(CsvFormatException.class, () -> EarthDataset.readLatLon(new StringReader(
                "1,2\n3\n"), List.of()));
        assertThrows(CsvFormatException.class, () -> EarthDataset.readLatLon(new StringReader(
                "95,2\n"), List.of()));
        assertThrows(CsvFormatException.class, () -> EarthDataset.readLatLon(new StringReader(
                "1,2,3\n"), List.of()));
        double[][] ok = EarthDataset.readLatLon(new StringReader("# a\n# b\n\nLatitude,Longitude\n1.5,-2\n"),
                List.of("Latitude", "Longitude"));
        assertArrayEquals(new double[] {1.5, -2}, ok[0]);
    }

    @Test
    void splitsAreEightyTenTenDisjointCoveringAndSeeded() {
        DataSplits s = EarthDataset.VOLCANO.splits(Rng.seeded(0), DataType.FLOAT);
        assertEquals(661, s.train().size(0));
        assertEquals(83, s.val().size(0));
        assertEquals(83, s.test().size(0));
        assertEquals(DataType.FLOAT, s.train().dataType());
        Set<Integer> all = new HashSet<>();
        for (int[] rows : new int[][] {s.trainRows(), s.valRows(), s.testRows()}) {
            for (int r : rows) {
                assertTrue(all.add(r), "row " + r + " in two splits");
            }
        }
        assertEquals(827, all.size());
        DataSplits again = EarthDataset.VOLCANO.splits(Rng.seeded(0), DataType.FLOAT);
        assertArrayEquals(s.testRows(), again.testRows());
        assertArrayEquals(HostArrays.toDoubles(s.test()), HostArrays.toDoubles(again.test()));
        assertFalse(Arrays.equals(s.testRows(), EarthDataset.VOLCANO.splits(Rng.seeded(1), DataType.FLOAT)
                .testRows()));
        // rows are the points they index
        INDArray all3 = EarthDataset.VOLCANO.points(DataType.FLOAT);
        assertArrayEquals(HostArrays.toDoubles(all3.getRow(s.valRows()[5])), HostArrays.toDoubles(s.val().getRow(5)));
    }
}
