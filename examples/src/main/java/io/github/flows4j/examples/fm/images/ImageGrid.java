package io.github.flows4j.examples.fm.images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a batch of images as one PNG grid: {@code columns} images per row, a 2-pixel white gap, each pixel scaled
 * up so that an image is at least 56 pixels wide; one channel is drawn in grey, three as RGB.
 *
 * <pre>{@code
 * ImageGrid.write(Path.of("samples.png"), images, 1, 28, 28, 8);   // images: [64, 784] in [0, 1]
 * }</pre>
 */
final class ImageGrid {
    private static final int GAP = 2;

    private ImageGrid() {
    }

    /**
     * @param file     the PNG to write (its folder is created)
     * @param images   {@code [n, c·h·w]} in NCHW order, values in [0, 1] (clamped)
     * @param channels c, 1 or 3
     * @param height   h
     * @param width    w
     * @param columns  images per row, &ge; 1
     * @throws IOException if the file cannot be written
     */
    static void write(Path file, INDArray images, int channels, int height, int width, int columns)
            throws IOException {
        int n = (int) images.size(0);
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int scale = Math.max(1, 56 / Math.max(height, width));
        int cellW = width * scale + GAP;
        int cellH = height * scale + GAP;
        BufferedImage img = new BufferedImage(cols * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, 0xFFFFFF);
            }
        }
        double[] v = images.dup('c').data().asDouble();
        int plane = height * width;
        for (int k = 0; k < n; k++) {
            int ox = GAP + (k % cols) * cellW;
            int oy = GAP + (k / cols) * cellH;
            for (int i = 0; i < height * scale; i++) {
                for (int j = 0; j < width * scale; j++) {
                    int p = (i / scale) * width + j / scale;
                    int base = k * channels * plane;
                    int r = level(v[base + p]);
                    int g = channels == 3 ? level(v[base + plane + p]) : r;
                    int b = channels == 3 ? level(v[base + 2 * plane + p]) : r;
                    img.setRGB(ox + j, oy + i, (r << 16) | (g << 8) | b);
                }
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static int level(double v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }
}
