package io.github.flows4j.examples.rfm;

import io.github.flows4j.core.ShapeMismatchException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The pictures of the mesh and maze RFM examples, drawn with Java2D (XChart has no 3-D scatter and no segment
 * plots): point sets on a surface as orthographic views with points coloured by depth over the mesh's vertices,
 * and a maze's walls with flow trajectories.
 *
 * <pre>{@code
 * SurfaceFigures.surfaceViews(out.resolve("bunny.png"), "bunny k=10", bunny.vertices(),
 *         List.of("data", "samples"), List.of(data, samples));      // x, y, z per point
 * SurfaceFigures.maze(out.resolve("maze.png"), "maze", maze.wallSegments(), paths, maze.width(), maze.height());
 * }</pre>
 */
final class SurfaceFigures {
    private static final int PANEL = 420;
    private static final Color[] VIRIDIS = {new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
        new Color(94, 201, 98), new Color(253, 231, 37)};

    private SurfaceFigures() {
    }

    /**
     * One row per point set, two orthographic views per row: front (x right, y up, coloured by z) and side (z right,
     * y up, coloured by x); near points are yellow and drawn last.
     *
     * @param out      the PNG file
     * @param title    the title
     * @param vertices the mesh's vertices, x, y, z each, drawn faintly as the silhouette
     * @param labels   a label per point set
     * @param sets     point sets, x, y, z each
     * @throws IOException            if the file cannot be written
     * @throws ShapeMismatchException if a set is not a multiple of 3 or labels and sets differ in number
     */
    static void surfaceViews(Path out, String title, double[] vertices, List<String> labels, List<double[]> sets)
            throws IOException {
        if (labels.size() != sets.size()) {
            throw new ShapeMismatchException("labels has " + labels.size() + " entries but sets has " + sets.size());
        }
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < vertices.length; i++) {
            lo[i % 3] = Math.min(lo[i % 3], vertices[i]);
            hi[i % 3] = Math.max(hi[i % 3], vertices[i]);
        }
        double span = Math.max(hi[0] - lo[0], Math.max(hi[1] - lo[1], hi[2] - lo[2]));
        int top = 40;
        BufferedImage img = new BufferedImage(2 * PANEL, top + sets.size() * PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img, title);
        int[][] views = {{0, 1, 2}, {2, 1, 0}};
        for (int row = 0; row < sets.size(); row++) {
            double[] p = sets.get(row);
            if (p.length % 3 != 0) {
                throw ShapeMismatchException.of("sets[" + row + "]", "x, y, z per point", new long[] {p.length});
            }
            for (int col = 0; col < 2; col++) {
                int[] ax = views[col];
                int ox = col * PANEL;
                int oy = top + row * PANEL;
                g.setColor(new Color(215, 215, 215));
                for (int i = 0; i < vertices.length; i += 3) {
                    int[] xy = pixel(vertices, i, ax, lo, span, ox, oy);
                    g.fillRect(xy[0], xy[1], 1, 1);
                }
                Integer[] order = new Integer[p.length / 3];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> Double.compare(p[3 * a + ax[2]], p[3 * b + ax[2]]));
                for (int i : order) {
                    double depth = (p[3 * i + ax[2]] - lo[ax[2]]) / Math.max(hi[ax[2]] - lo[ax[2]], 1e-12);
                    g.setColor(viridis(depth));
                    int[] xy = pixel(p, 3 * i, ax, lo, span, ox, oy);
                    g.fillOval(xy[0] - 1, xy[1] - 1, 3, 3);
                }
                g.setColor(Color.BLACK);
                g.drawString(labels.get(row)
                        + (col == 0 ? " — front (x, y), colour = z" : " — side (z, y), colour = x"),
                        ox + 8, oy + 16);
            }
        }
        write(img, g, out);
    }

    private static int[] pixel(double[] p, int i, int[] ax, double[] lo, double span, int ox, int oy) {
        double margin = 24;
        double s = (PANEL - 2 * margin) / span;
        int x = (int) Math.round(ox + margin + (p[i + ax[0]] - lo[ax[0]]) * s);
        int y = (int) Math.round(oy + PANEL - margin - (p[i + ax[1]] - lo[ax[1]]) * s);
        return new int[] {x, y};
    }

    /**
     * A maze in maze units: walls in black, trajectories in translucent blue (red where a segment crosses a wall),
     * starts as green dots and ends as orange dots.
     *
     * @param out      the PNG file
     * @param title    the title
     * @param walls    wall segments x₀, y₀, x₁, y₁ each
     * @param paths    trajectories, x, y per point each
     * @param crossing per trajectory, whether it crosses a wall
     * @param width    the maze's width in cells
     * @param height   the maze's height in cells
     * @throws IOException if the file cannot be written
     */
    static void maze(Path out, String title, double[] walls, List<double[]> paths, boolean[] crossing, int width,
            int height) throws IOException {
        int top = 40;
        double s = (2 * PANEL - 60.0) / Math.max(width, height);
        int w = (int) (width * s + 60);
        int h = (int) (height * s + 60) + top;
        BufferedImage img = new BufferedImage(Math.max(w, 400), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img, title);
        double ox = 30;
        double oy = h - 30;
        g.setStroke(new BasicStroke(1.2f));
        for (int k = 0; k < paths.size(); k++) {
            double[] p = paths.get(k);
            g.setColor(crossing[k] ? new Color(220, 30, 30, 200) : new Color(31, 119, 180, 90));
            for (int i = 0; i + 3 < p.length; i += 2) {
                g.draw(new Line2D.Double(ox + p[i] * s, oy - p[i + 1] * s, ox + p[i + 2] * s, oy - p[i + 3] * s));
            }
        }
        for (double[] p : paths) {
            g.setColor(new Color(44, 160, 44));
            g.fillOval((int) (ox + p[0] * s) - 2, (int) (oy - p[1] * s) - 2, 5, 5);
            g.setColor(new Color(255, 127, 14));
            g.fillOval((int) (ox + p[p.length - 2] * s) - 2, (int) (oy - p[p.length - 1] * s) - 2, 5, 5);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3f));
        for (int e = 0; e + 3 < walls.length; e += 4) {
            g.draw(new Line2D.Double(ox + walls[e] * s, oy - walls[e + 1] * s, ox + walls[e + 2] * s,
                    oy - walls[e + 3] * s));
        }
        write(img, g, out);
    }

    private static Graphics2D start(BufferedImage img, String title) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 10, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void write(BufferedImage img, Graphics2D g, Path out) throws IOException {
        g.dispose();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(img, "png", out.toFile());
    }

    private static Color viridis(double u) {
        double x = Math.max(0, Math.min(1, u)) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        double f = x - i;
        Color a = VIRIDIS[i];
        Color b = VIRIDIS[i + 1];
        return new Color((int) (a.getRed() + f * (b.getRed() - a.getRed())),
                (int) (a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) (a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
