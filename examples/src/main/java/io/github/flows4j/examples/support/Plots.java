package io.github.flows4j.examples.support;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
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
        double lim = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                lim = Math.max(lim, Math.max(Math.abs(x[i]), Math.abs(y[i])));
            }
        }
        square(chart, lim);
        XYSeries s = chart.addSeries("points", x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(new Color(31, 119, 180, 140));
        write(chart, out);
    }

    /**
     * A heat map of values on a regular grid, e.g. a model density exp(log p) evaluated at grid points: drawn as one
     * smoothly interpolated image (no cell borders), with ticks on both axes, equal aspect (one unit is as long on
     * x as on y) and a colour bar with its own ticks. The grid's cells are centred on xs and ys.
     *
     * @param out    the PNG file
     * @param title  the chart title
     * @param xs     the grid's x coordinates (columns), ascending and evenly spaced
     * @param ys     the grid's y coordinates (rows), ascending and evenly spaced
     * @param values {@code values[i][j]} at (xs[j], ys[i]), [ys.length][xs.length], finite
     * @throws IOException            if the file cannot be written
     * @throws ShapeMismatchException if the grid sizes disagree
     * @throws InvalidConfigException if a value is not finite or a grid has fewer than two points
     */
    public static void heatMap(Path out, String title, double[] xs, double[] ys, double[][] values)
            throws IOException {
        heatMap(out, title, xs, ys, values, "x1", "x2");
    }

    /**
     * {@link #heatMap(Path, String, double[], double[], double[][])} with axis titles.
     *
     * @param out    the PNG file
     * @param title  the chart title
     * @param xs     the grid's x coordinates (columns), ascending and evenly spaced
     * @param ys     the grid's y coordinates (rows), ascending and evenly spaced
     * @param values {@code values[i][j]} at (xs[j], ys[i]), [ys.length][xs.length], finite
     * @param xLabel the x-axis title
     * @param yLabel the y-axis title
     * @throws IOException            if the file cannot be written
     * @throws ShapeMismatchException if the grid sizes disagree
     * @throws InvalidConfigException if a value is not finite or a grid has fewer than two points
     */
    public static void heatMap(Path out, String title, double[] xs, double[] ys, double[][] values, String xLabel,
            String yLabel) throws IOException {
        if (xs.length < 2 || ys.length < 2) {
            throw InvalidConfigException.of("grid", "at least 2 x 2 points", xs.length + " x " + ys.length);
        }
        if (values.length != ys.length) {
            throw new ShapeMismatchException("values must have " + ys.length + " rows (one per y); got "
                    + values.length);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
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
            }
        }
        if (!(max > min)) {
            max = min + 1;
        }
        BufferedImage cells = new BufferedImage(xs.length, ys.length, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < ys.length; i++) {
            for (int j = 0; j < xs.length; j++) {
                cells.setRGB(j, ys.length - 1 - i, viridis((values[i][j] - min) / (max - min)).getRGB());
            }
        }
        double dx = (xs[xs.length - 1] - xs[0]) / (xs.length - 1);
        double dy = (ys[ys.length - 1] - ys[0]) / (ys.length - 1);
        double x0 = xs[0] - dx / 2;
        double x1 = xs[xs.length - 1] + dx / 2;
        double y0 = ys[0] - dy / 2;
        double y1 = ys[ys.length - 1] + dy / 2;
        int box = SIZE - 80;
        double scale = Math.min(box / (x1 - x0), box / (y1 - y0));
        int w = (int) Math.round((x1 - x0) * scale);
        int h = (int) Math.round((y1 - y0) * scale);
        int left = 80;
        int top = 50;
        BufferedImage img = new BufferedImage(left + w + 130, top + h + 70, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(cells, left, top, w, h, null);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(left, top, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, left + (w - fm.stringWidth(title)) / 2, top - 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            fm = g.getFontMetrics();
            for (double t : ticks(x0, x1)) {
                int px = left + (int) Math.round((t - x0) * scale);
                g.drawLine(px, top + h, px, top + h + 5);
                String l = tickLabel(t);
                g.drawString(l, px - fm.stringWidth(l) / 2, top + h + 19);
            }
            for (double t : ticks(y0, y1)) {
                int py = top + h - (int) Math.round((t - y0) * scale);
                g.drawLine(left - 5, py, left, py);
                String l = tickLabel(t);
                g.drawString(l, left - 8 - fm.stringWidth(l), py + fm.getAscent() / 2 - 1);
            }
            g.drawString(xLabel, left + (w - fm.stringWidth(xLabel)) / 2, top + h + 40);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(top + (h + fm.stringWidth(yLabel)) / 2), left - 50);
            g.setTransform(saved);
            int bx = left + w + 25;
            for (int py = 0; py < h; py++) {
                g.setColor(viridis(1.0 - (double) py / (h - 1)));
                g.drawLine(bx, top + py, bx + 18, top + py);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(bx, top, 18, h);
            for (double t : ticks(min, max)) {
                int py = top + h - (int) Math.round((t - min) / (max - min) * h);
                g.drawLine(bx + 18, py, bx + 23, py);
                g.drawString(tickLabel(t), bx + 27, py + fm.getAscent() / 2 - 1);
            }
        } finally {
            g.dispose();
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(img, "png", out.toFile());
    }

    /** @return the viridis colour at u in [0, 1], interpolated between five anchors */
    static Color viridis(double u) {
        double p = Math.max(0, Math.min(1, u)) * (VIRIDIS.length - 1);
        int k = Math.min((int) p, VIRIDIS.length - 2);
        double f = p - k;
        Color a = VIRIDIS[k];
        Color b = VIRIDIS[k + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** @return 3 to 10 "nice" tick values (1, 2 or 5 times a power of ten apart) within [lo, hi] */
    static List<Double> ticks(double lo, double hi) {
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        List<Double> out = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9);
        for (long k = first; k * step <= hi + 1e-9 * step; k++) {
            out.add(k == 0 ? 0.0 : Double.parseDouble(String.format(Locale.ROOT, "%.12g", k * step)));
        }
        return out;
    }

    private static String tickLabel(double t) {
        double a = Math.abs(t);
        if (a != 0 && (a < 1e-3 || a >= 1e4)) {
            return String.format(Locale.ROOT, "%.1e", t);
        }
        String s = String.format(Locale.ROOT, "%.4f", t);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /**
     * Trajectories of a flow in the plane: each path a thin line, its start marked by a dark dot and its end by an
     * orange dot, with one legend entry for each kind (not one per path), and equal aspect.
     *
     * @param out   the PNG file
     * @param title the chart title
     * @param xs    {@code xs[i][k]}: the x of path i at time k
     * @param ys    {@code ys[i][k]}: the y of path i at time k, the shape of xs
     * @throws IOException            if the file cannot be written
     * @throws ShapeMismatchException if xs and ys differ in shape
     * @throws InvalidConfigException if there is no path
     */
    public static void trajectories(Path out, String title, double[][] xs, double[][] ys) throws IOException {
        if (xs.length == 0) {
            throw InvalidConfigException.of("xs", "at least one path", "none");
        }
        if (ys.length != xs.length) {
            throw new ShapeMismatchException("xs has " + xs.length + " paths but ys has " + ys.length);
        }
        XYChart chart = new XYChartBuilder().width(SIZE + 40).height(SIZE).title(title).xAxisTitle("x1")
                .yAxisTitle("x2").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(5);
        double[] starts0 = new double[xs.length];
        double[] starts1 = new double[xs.length];
        double[] ends0 = new double[xs.length];
        double[] ends1 = new double[xs.length];
        double lim = 0;
        for (int i = 0; i < xs.length; i++) {
            if (ys[i].length != xs[i].length || xs[i].length == 0) {
                throw new ShapeMismatchException("path " + i + ": xs has " + xs[i].length + " points but ys has "
                        + ys[i].length);
            }
            XYSeries s = chart.addSeries("path " + i, xs[i], ys[i]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(90, 90, 90, 110));
            s.setLineStyle(new BasicStroke(1.0f));
            s.setShowInLegend(false);
            int last = xs[i].length - 1;
            starts0[i] = xs[i][0];
            starts1[i] = ys[i][0];
            ends0[i] = xs[i][last];
            ends1[i] = ys[i][last];
            for (int k = 0; k <= last; k++) {
                lim = Math.max(lim, Math.max(Math.abs(xs[i][k]), Math.abs(ys[i][k])));
            }
        }
        XYSeries start = chart.addSeries("start (t = 0)", starts0, starts1);
        start.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        start.setMarker(SeriesMarkers.CIRCLE);
        start.setMarkerColor(new Color(31, 119, 180));
        XYSeries end = chart.addSeries("end (t = 1)", ends0, ends1);
        end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        end.setMarker(SeriesMarkers.CIRCLE);
        end.setMarkerColor(new Color(255, 127, 14));
        square(chart, lim);
        write(chart, out);
    }

    /** Gives both axes the range [−lim, lim] (padded), so that a square chart has equal aspect. */
    private static void square(XYChart chart, double lim) {
        double r = lim > 0 && Double.isFinite(lim) ? lim * 1.05 : 1;
        chart.getStyler().setXAxisMin(-r);
        chart.getStyler().setXAxisMax(r);
        chart.getStyler().setYAxisMin(-r);
        chart.getStyler().setYAxisMax(r);
    }

    /**
     * @param out    the PNG file
     * @param title  the chart title
     * @param xLabel the x-axis title
     * @param yLabel the y-axis title
     * @param series one or more curves; curves without points are left out (a run resumed from a finished
     *               checkpoint has no new steps), and when all are empty no file is written
     * @return whether the file was written
     * @throws IOException            if the file cannot be written
     * @throws InvalidConfigException if there is no series
     */
    public static boolean lines(Path out, String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        if (series.isEmpty()) {
            throw InvalidConfigException.of("series", "non-empty", "[]");
        }
        series = series.stream().filter(s -> s.x().length > 0).toList();
        if (series.isEmpty()) {
            return false;
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
        return true;
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
