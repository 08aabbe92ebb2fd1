package io.github.flows4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Toy2dTest {

    @ParameterizedTest
    @EnumSource(Toy2d.class)
    void sameSeedGivesIdenticalPointsAndShape(Toy2d toy) {
        INDArray a = toy.sample(500, Rng.seeded(7), DataType.DOUBLE);
        INDArray b = toy.sample(500, Rng.seeded(7), DataType.DOUBLE);
        INDArray c = toy.sample(500, Rng.seeded(8), DataType.DOUBLE);
        assertArrayEquals(new long[] {500, 2}, a.shape());
        assertArrayEquals(HostArrays.toDoubles(a), HostArrays.toDoubles(b));
        assertFalse(java.util.Arrays.equals(HostArrays.toDoubles(a), HostArrays.toDoubles(c)));
        for (double v : HostArrays.toDoubles(a)) {
            assertTrue(Double.isFinite(v), toy + " produced a non-finite value");
        }
    }

    @Test
    void floatSampleMatchesDoubleSampleRounded() {
        double[] d = HostArrays.toDoubles(Toy2d.PINWHEEL.sample(100, Rng.seeded(3), DataType.DOUBLE));
        INDArray f = Toy2d.PINWHEEL.sample(100, Rng.seeded(3), DataType.FLOAT);
        assertEquals(DataType.FLOAT, f.dataType());
        double[] fd = HostArrays.toDoubles(f);
        for (int i = 0; i < d.length; i++) {
            assertEquals((float) d[i], fd[i], 0.0);
        }
    }

    @Test
    void checkerboardFillsOnlyEvenSquaresWithZeroMean() {
        int n = 20_000;
        double[] v = HostArrays.toDoubles(Toy2d.CHECKERBOARD.sample(n, Rng.seeded(1), DataType.DOUBLE));
        double mx = 0;
        double my = 0;
        int[] perCell = new int[16];
        for (int i = 0; i < n; i++) {
            double x = v[2 * i];
            double y = v[2 * i + 1];
            assertTrue(x >= -4 && x < 4 && y >= -4 && y < 4, "point " + i + " outside [-4, 4)^2: " + x + ", " + y);
            int cx = (int) Math.floor(x / 2);
            int cy = (int) Math.floor(y / 2);
            assertEquals(0, Math.floorMod(cx + cy, 2), "point " + i + " in an empty square: " + x + ", " + y);
            perCell[(cx + 2) * 4 + (cy + 2)]++;
            mx += x;
            my += y;
        }
        assertEquals(0, mx / n, 0.05);
        assertEquals(0, my / n, 0.05);
        // 8 filled squares, each with about n/8 points
        int filled = 0;
        for (int c : perCell) {
            if (c > 0) {
                filled++;
                assertEquals(n / 8.0, c, 5 * Math.sqrt(n / 8.0));
            }
        }
        assertEquals(8, filled);
    }

    @Test
    void checkerboardDensityIsUniformOnSupportAndEntropyIsLog32() {
        INDArray x = Toy2d.CHECKERBOARD.sample(1000, Rng.seeded(2), DataType.DOUBLE);
        for (double lp : HostArrays.toDoubles(Toy2d.CHECKERBOARD.logDensity(x))) {
            assertEquals(-Math.log(32), lp, 1e-12);
        }
        INDArray off = Nd4j.createFromArray(new double[][] {{1, -1}, {5, 0}});
        double[] lp = HostArrays.toDoubles(Toy2d.CHECKERBOARD.logDensity(off));
        assertEquals(Double.NEGATIVE_INFINITY, lp[0]);
        assertEquals(Double.NEGATIVE_INFINITY, lp[1]);
        assertEquals(3.4657, Toy2d.CHECKERBOARD.entropy().orElseThrow(), 1e-4);
        assertTrue(Toy2d.EIGHT_GAUSSIANS.entropy().isEmpty());
    }

    @Test
    void eightGaussiansMomentsMatchTheMixture() {
        int n = 40_000;
        double[] v = HostArrays.toDoubles(Toy2d.EIGHT_GAUSSIANS.sample(n, Rng.seeded(4), DataType.DOUBLE));
        double mx = 0;
        double my = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            mx += v[2 * i];
            my += v[2 * i + 1];
            sxx += v[2 * i] * v[2 * i];
            syy += v[2 * i + 1] * v[2 * i + 1];
            sxy += v[2 * i] * v[2 * i + 1];
        }
        mx /= n;
        my /= n;
        // each coordinate: s² + E[μ²] = (0.25 + 16 · ½) / 1.414²
        double variance = (0.25 + 8) / (1.414 * 1.414);
        assertEquals(0, mx, 0.05);
        assertEquals(0, my, 0.05);
        assertEquals(variance, sxx / n - mx * mx, 0.1);
        assertEquals(variance, syy / n - my * my, 0.1);
        assertEquals(0, sxy / n - mx * my, 0.1);
    }

    @Test
    void eightGaussiansDensityIntegratesToOneAndPeaksAtCentres() {
        // Riemann sum of p over [-5, 5]^2
        int m = 400;
        double h = 10.0 / m;
        double[] grid = new double[2 * m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                grid[2 * (i * m + j)] = -5 + (i + 0.5) * h;
                grid[2 * (i * m + j) + 1] = -5 + (j + 0.5) * h;
            }
        }
        INDArray pts = HostArrays.fromDoubles(grid, DataType.DOUBLE, (long) m * m, 2);
        double mass = 0;
        for (double lp : HostArrays.toDoubles(Toy2d.EIGHT_GAUSSIANS.logDensity(pts))) {
            mass += Math.exp(lp) * h * h;
        }
        assertEquals(1.0, mass, 1e-3);
        INDArray centre = Nd4j.createFromArray(new double[][] {{4 / 1.414, 0}, {0, 0}});
        double[] lp = HostArrays.toDoubles(Toy2d.EIGHT_GAUSSIANS.logDensity(centre));
        double s = 0.5 / 1.414;
        assertEquals(-Math.log(8 * 2 * Math.PI * s * s), lp[0], 1e-6);
        assertTrue(lp[1] < lp[0] - 10);
    }

    @Test
    void namesRoundTripAndUnknownNameListsTheKnownOnes() {
        for (Toy2d t : Toy2d.values()) {
            assertEquals(t, Toy2d.byName(t.id()));
            assertEquals(t, Toy2d.byName(t.name()));
        }
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Toy2d.byName("spiral"));
        assertTrue(e.getMessage().contains("checkerboard") && e.getMessage().contains("'spiral'"), e.getMessage());
    }

    @Test
    void badArgumentsAreTypedErrors() {
        Rng rng = Rng.seeded(0);
        assertThrows(InvalidConfigException.class, () -> Toy2d.RINGS.sample(0, rng, DataType.FLOAT));
        assertThrows(InvalidConfigException.class, () -> Toy2d.RINGS.sample(5, rng, DataType.INT32));
        assertThrows(UnsupportedOperationException.class,
                () -> Toy2d.RINGS.logDensity(Nd4j.zeros(DataType.DOUBLE, 3, 2)));
        assertThrows(ShapeMismatchException.class,
                () -> Toy2d.CHECKERBOARD.logDensity(Nd4j.zeros(DataType.DOUBLE, 3, 3)));
    }
}
