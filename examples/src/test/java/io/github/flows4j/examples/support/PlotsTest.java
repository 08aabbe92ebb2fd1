package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
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
    void aHeatMapIsOneSmoothImageWithAColourBar(@TempDir Path dir) throws IOException {
        int m = 30;
        double[] xs = new double[m];
        double[][] p = new double[m][m];
        for (int i = 0; i < m; i++) {
            xs[i] = -3 + 6.0 * i / (m - 1);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                p[i][j] = Math.exp(-0.5 * (xs[j] * xs[j] + xs[i] * xs[i]));
            }
        }
        Path out = dir.resolve("smooth.png");
        Plots.heatMap(out, "N(0, I)", xs, xs, p);
        BufferedImage img = ImageIO.read(out.toFile());
        // the plot area starts at (80, 50); equal aspect: a square grid gives a square image area
        int size = 0;
        while (img.getRGB(81 + size, 51) != Color.DARK_GRAY.getRGB() && 81 + size < img.getWidth() - 1) {
            size++;
        }
        int height = 0;
        while (img.getRGB(81, 51 + height) != Color.DARK_GRAY.getRGB() && 51 + height < img.getHeight() - 1) {
            height++;
        }
        assertTrue(Math.abs(size - height) <= 1, "equal aspect: " + size + " x " + height);
        // no grid artefacts: along the middle row, neighbouring pixels differ by little (a cell border would jump)
        int row = 51 + height / 2;
        int worst = 0;
        for (int x = 82; x < 80 + size - 2; x++) {
            worst = Math.max(worst, distance(img.getRGB(x, row), img.getRGB(x + 1, row)));
        }
        assertTrue(worst < 40, "largest jump between neighbouring pixels " + worst);
        // a colour bar right of the plot: its top is the brightest viridis colour, its bottom the darkest
        int bar = 80 + size + 30;
        assertTrue(distance(img.getRGB(bar, 53), Plots.viridis(1).getRGB()) < 30);
        assertTrue(distance(img.getRGB(bar, 49 + height), Plots.viridis(0).getRGB()) < 30);
    }

    private static int distance(int a, int b) {
        Color x = new Color(a);
        Color y = new Color(b);
        return Math.abs(x.getRed() - y.getRed()) + Math.abs(x.getGreen() - y.getGreen())
                + Math.abs(x.getBlue() - y.getBlue());
    }

    @Test
    void ticksAreRoundNumbersInsideTheRange() {
        assertEquals(List.of(-4.0, -2.0, 0.0, 2.0, 4.0), Plots.ticks(-4.5, 4.5));
        assertEquals(List.of(0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16), Plots.ticks(0, 0.16));
    }

    @Test
    void trajectoriesNeedPathsOfMatchingShape(@TempDir Path dir) throws IOException {
        double[][] xs = new double[60][5];
        double[][] ys = new double[60][5];
        for (int i = 0; i < 60; i++) {
            for (int k = 0; k < 5; k++) {
                xs[i][k] = Math.cos(i) * (1 + k);
                ys[i][k] = Math.sin(i) * (1 + k);
            }
        }
        Path out = dir.resolve("paths.png");
        Plots.trajectories(out, "paths", xs, ys);
        BufferedImage img = ImageIO.read(out.toFile());
        assertTrue(img.getWidth() < 700, "no 60-entry legend widening the chart: " + img.getWidth());
        assertThrows(ShapeMismatchException.class, () -> Plots.trajectories(out, "bad", xs, new double[59][5]));
        assertThrows(InvalidConfigException.class, () -> Plots.trajectories(out, "none", new double[0][],
                new double[0][]));
    }

    @Test
    void linePlotAndScatter(@TempDir Path dir) throws IOException {
        double[] step = {0, 1, 2, 3, 4};
        Path out = dir.resolve("sub/loss.png");
        List<Plots.Series> series = List.of(new Plots.Series("train", step, new double[] {5, 3, 2, 1.5, 1}),
                new Plots.Series("val", step, new double[] {5, 3.5, 2.5, 2, 1.8}));
        assertTrue(Plots.lines(out, "loss", "step", "loss", series));
        assertTrue(Files.size(out) > 1000);
        // a curve without points (a model resumed from a finished checkpoint) is left out; all empty: no file
        Plots.Series none = new Plots.Series("done", new double[0], new double[0]);
        Path some = dir.resolve("some.png");
        assertTrue(Plots.lines(some, "loss", "step", "loss", List.of(none, series.get(0))));
        assertTrue(Files.size(some) > 1000);
        Path empty = dir.resolve("empty.png");
        assertFalse(Plots.lines(empty, "loss", "step", "loss", List.of(none)));
        assertFalse(Files.exists(empty));
        Path sc = dir.resolve("s.png");
        Plots.scatter(sc, "pts", Nd4j.rand(DataType.FLOAT, 100, 2));
        assertTrue(Files.size(sc) > 1000);
        assertThrows(ShapeMismatchException.class, () -> Plots.scatter(sc, "bad", Nd4j.rand(DataType.FLOAT, 10, 3)));
        assertThrows(ShapeMismatchException.class, () -> new Plots.Series("s", step, new double[2]));
    }
}
