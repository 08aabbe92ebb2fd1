package io.github.flows4j.voronoi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VoronoiCellsTest {

    private static double[][] bruteForce(double[] p, double[] s, int n, int k, int d) {
        double[][] d2 = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double acc = 0;
                for (int c = 0; c < d; c++) {
                    double diff = p[i * d + c] - s[j * d + c];
                    acc += diff * diff;
                }
                d2[i][j] = acc;
            }
        }
        return d2;
    }

    private static int argmin(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] < row[best]) {
                best = j;
            }
        }
        return best;
    }

    @Test
    void assignmentMatchesBruteForceInFloat64() {
        Rng rng = Rng.seeded(1);
        int n = 2000;
        int k = 37;
        int d = 5;
        INDArray sites = rng.normal(DataType.DOUBLE, k, d);
        INDArray points = rng.normal(DataType.DOUBLE, n, d).muli(1.5);
        VoronoiCells cells = new VoronoiCells(sites);
        double[][] d2 = bruteForce(HostArrays.toDoubles(points), HostArrays.toDoubles(sites), n, k, d);
        int[] cell = cells.assign(points);
        double[] dist = HostArrays.toDoubles(cells.squaredDistances(points));
        assertEquals(n, cell.length);
        for (int i = 0; i < n; i++) {
            assertEquals(argmin(d2[i]), cell[i], "point " + i);
            for (int j = 0; j < k; j++) {
                assertEquals(d2[i][j], dist[i * k + j], 1e-10, "d2[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void float32AssignmentIsNearestUpToRoundOff() {
        Rng rng = Rng.seeded(2);
        int n = 1000;
        int k = 20;
        INDArray sites = rng.uniform(-3, 3, DataType.FLOAT, k, 2);
        INDArray points = rng.uniform(-3, 3, DataType.FLOAT, n, 2);
        int[] cell = new VoronoiCells(sites).assign(points);
        double[][] d2 = bruteForce(HostArrays.toDoubles(points), HostArrays.toDoubles(sites), n, k, 2);
        for (int i = 0; i < n; i++) {
            double best = d2[i][argmin(d2[i])];
            assertTrue(d2[i][cell[i]] <= best + 1e-4, "point " + i + " assigned to a site farther than the nearest");
        }
    }

    @Test
    void sitesAreTheirOwnCellsAndAStridedViewWorks() {
        INDArray sites = Nd4j.createFromArray(new double[][] {{0, 0}, {10, 0}, {0, 10}});
        VoronoiCells cells = new VoronoiCells(sites);
        assertArrayEquals(new int[] {0, 1, 2}, cells.assign(sites));
        INDArray wide = Nd4j.createFromArray(new double[][] {{9, 1, 7}, {1, 8, 7}, {-1, -1, 7}});
        INDArray view = wide.getColumns(0, 1);
        assertArrayEquals(new int[] {1, 2, 0}, cells.assign(view));
        // equidistant from sites 0 and 1: the lower index wins
        assertArrayEquals(new int[] {0}, cells.assign(Nd4j.createFromArray(new double[][] {{5, -3}})));
        sites.putScalar(0, 0, 100.0);
        assertEquals(0.0, cells.sites().getDouble(0, 0), "sites are copied");
    }

    @Test
    void badInputsAreTypedErrors() {
        VoronoiCells cells = new VoronoiCells(Nd4j.zeros(DataType.FLOAT, 4, 3));
        assertThrows(ShapeMismatchException.class, () -> cells.assign(Nd4j.zeros(DataType.FLOAT, 5, 2)));
        assertThrows(DTypeMismatchException.class, () -> cells.assign(Nd4j.zeros(DataType.DOUBLE, 5, 3)));
        assertThrows(ShapeMismatchException.class, () -> new VoronoiCells(Nd4j.zeros(DataType.FLOAT, 4)));
    }
}
