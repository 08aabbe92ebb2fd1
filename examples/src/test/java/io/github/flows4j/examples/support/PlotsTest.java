package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class PlotsTest {

    @Test
    void heatMapOfAGaussianDensity(@TempDir Path dir) throws IOException {
        int m = 40;
        double[] xs = new double[m];
        double[] ys = new double[m];
        double[][] p = new double[m][m];
        for (int i = 0; i < m; i++) {
            xs[i] = -3 + 6.0 * i / (m - 1);
            ys[i] = xs[i];
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                p[i][j] = Math.exp(-0.5 * (xs[j] * xs[j] + ys[i] * ys[i])) / (2 * Math.PI);
            }
        }
        Path out = dir.resolve("density.png");
        Plots.heatMap(out, "N(0, I)", xs, ys, p);
        assertTrue(Files.size(out) > 1000);
        p[3][4] = Double.NaN;
        assertThrows(InvalidConfigException.class, () -> Plots.heatMap(dir.resolve("x.png"), "nan", xs, ys, p));
        assertThrows(ShapeMismatchException.class,
                () -> Plots.heatMap(dir.resolve("y.png"), "bad", xs, new double[3], p));
    }

    @Test
    void linePlotAndScatter(@TempDir Path dir) throws IOException {
        double[] step = {0, 1, 2, 3, 4};
        Path out = dir.resolve("sub/loss.png");
        List<Plots.Series> series = List.of(new Plots.Series("train", step, new double[] {5, 3, 2, 1.5, 1}),
                new Plots.Series("val", step, new double[] {5, 3.5, 2.5, 2, 1.8}));
        Plots.lines(out, "loss", "step", "loss", series);
        assertTrue(Files.size(out) > 1000);
        Path sc = dir.resolve("s.png");
        Plots.scatter(sc, "pts", Nd4j.rand(DataType.FLOAT, 100, 2));
        assertTrue(Files.size(sc) > 1000);
        assertThrows(ShapeMismatchException.class, () -> Plots.scatter(sc, "bad", Nd4j.rand(DataType.FLOAT, 10, 3)));
        assertThrows(ShapeMismatchException.class, () -> new Plots.Series("s", step, new double[2]));
    }
}
