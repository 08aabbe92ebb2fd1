package io.github.flows4j.examples.support;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PNG charts for the examples, drawn with XChart in headless mode (no display needed): scatter plots of 2-D
 * samples, heat maps of a density on a grid, and line plots of training curves. Each method writes one file,
 * creating its parent directories.
 *
 * <pre>{@code
 * Plots.scatter(Path.of("out/checkerboard.png"), "checkerboard", points);          // points [n, 2]
 * Plots.lines(Path.of("out/loss.png"), "training", "step", "loss",
 *         List.of(new Plots.Series("loss", steps, losses)));
 * }</pre>
 */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int SIZE = 600;
    private static final Color[] VIRIDIS = {new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
        new Color(94, 201, 98), new Color(253, 231, 37)};

    private Plots() {
    }

    /**
     * A line series: y against x.
     *
     * @param name the legend label
     * @param x    abscissae
     * @param y    ordinates, as many as x
     */
    public record Series(String name, double[] x, double[] y) {
        /**
         * @throws ShapeMismatchException if x and y differ in length
         */
        public Series {
            Checks.notNull("name", name);
            if (x.length != y.length) {
                throw new ShapeMismatchException("series " + name + ": x has " + x.length + " values but y has "
                        + y.length);
            }
            x = x.clone();
            y = y.clone();
        }
    }

    /**
     * @param out    the PNG file
     * @param title  the chart title
     * @param points the points, [n, 2]
     * @throws IOException            if the file cannot be written
     * @throws ShapeMismatchException if points is not [n, 2]
     */
    public static void scatter(Path out, String title, INDArray points) throws IOException {
        if (points.rank() != 2 || points.size(1) != 2) {
            throw ShapeMismatchException.of("points", "[n, 2]", points.shape());
        }
        double[] v = HostArrays.toDoubles(points);
        int n = v.length / 2;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = v[2 * i];
            y[i] = v[2 * i + 1];
        }
        scatter(out, title, x, y);
    }

    /**
     * @param out   the PNG file
     * @param title the chart title
     * @param x     abscissae
     * @param y     ordinates, as many as x
     * @throws IOException            if the file cannot be written
     * @throws ShapeMismatchException if x and y differ in length
     */
    public static void scatter(Path out, String title, double[] x, double[] y) throws IOException {
        if (x.length != y.length) {
            throw new ShapeMismatchException("x has " + x.length + " values but y has " + y.length);
        }
        XYChart chart = new XYChartBuilder().width(SIZE).height(SIZE).title(title).xAxisTitle("x1").yAxisTitle("x2")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(2);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        XYSeries s = chart.addSeries("points", x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(31, 119, 180, 140));
        write(chart, out);
    }

    /**
     * A heat map of values on a regular grid, e.g. a model density exp(log p) evaluated at grid points.
     *
     * @param out    the PNG file
     * @param title  the chart title
     * @param xs     the grid's x coordinates (columns), ascending
     * @param ys     the grid's y coordinates (rows), ascending
     * @param values {@code values[i][j]} at (xs[j], ys[i]), [ys.length][xs.length], finite
     * @throws IOException            if the file cannot be written
     * @throws ShapeMismatchException if the grid sizes disagree
     * @throws InvalidConfigException if a value is not finite
     */
    public static void heatMap(Path out, String title, double[] xs, double[] ys, double[][] values)
            throws IOException {
        if (values.length != ys.length) {
            throw new ShapeMismatchException("values must have " + ys.length + " rows (one per y); got "
                    + values.length);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        List<Number[]> cells = new ArrayList<>(xs.length * ys.length);
        for (int i = 0; i < ys.length; i++) {
            if (values[i].length != xs.length) {
                throw new ShapeMismatchException("values row " + i + " must have " + xs.length
                        + " columns (one per x); got " + values[i].length);
            }
            for (int j = 0; j < xs.length; j++) {
                double v = values[i][j];
                if (!Double.isFinite(v)) {
                    throw InvalidConfigException.of("values[" + i + "][" + j + "]", "finite", v);
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                cells.add(new Number[] {j, i, v});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(SIZE + 100).height(SIZE).title(title).build();
        chart.getStyler().setRangeColors(VIRIDIS);
        chart.getStyler().setMin(min);
        chart.getStyler().setMax(max > min ? max : min + 1);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDrawBorder(false);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setPlotBorderVisible(false);
        chart.getStyler().setPlotBackgroundColor(VIRIDIS[0]);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.setXAxisTitle(String.format(Locale.ROOT, "x1 in [%.3g, %.3g]", xs[0], xs[xs.length - 1]));
        chart.setYAxisTitle(String.format(Locale.ROOT, "x2 in [%.3g, %.3g]", ys[0], ys[ys.length - 1]));
        chart.addSeries("density", labels(xs), labels(ys), cells);
        write(chart, out);
    }

    /**
     * @param out    the PNG file
     * @param title  the chart title
     * @param xLabel the x-axis title
     * @param yLabel the y-axis title
     * @param series one or more curves
     * @throws IOException            if the file cannot be written
     * @throws InvalidConfigException if there is no series
     */
    public static void lines(Path out, String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        if (series.isEmpty()) {
            throw InvalidConfigException.of("series", "non-empty", "[]");
        }
        XYChart chart = new XYChartBuilder().width(SIZE + 200).height(SIZE - 100).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Series s : series) {
            chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.NONE);
        }
        write(chart, out);
    }

    private static List<String> labels(double[] v) {
        List<String> out = new ArrayList<>(v.length);
        for (int i = 0; i < v.length; i++) {
            out.add(String.format(Locale.ROOT, "%d:%.4g", i, v[i]));
        }
        return out;
    }

    private static void write(Chart<?, ?> chart, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            BitmapEncoder.saveBitmap(chart, os, BitmapFormat.PNG);
        }
    }
}
