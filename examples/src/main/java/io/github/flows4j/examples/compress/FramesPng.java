package io.github.flows4j.examples.compress;

import io.github.flows4j.cnf.compression.Sequence;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes sequences as one PNG: a row per sequence (e.g. original, decoded), a column per shown frame (at most
 * {@code columns}, evenly spaced), grey levels from the values in {@code [0, 1]}, each pixel scaled up.
 *
 * <pre>{@code
 * FramesPng.write(Path.of("frames.png"), List.of(original, decoded), 12);
 * }</pre>
 */
final class FramesPng {
    private static final int GAP = 2;

    private FramesPng() {
    }

    static void write(Path file, List<Sequence> rows, int columns) throws IOException {
        Sequence first = rows.get(0);
        int h = first.frameShape()[0];
        int w = first.frameShape()[1];
        int scale = Math.max(1, 64 / Math.max(h, w));
        int sh = Math.max(h * scale, 8);
        int cols = Math.min(columns, first.length());
        BufferedImage img = new BufferedImage(cols * (w * scale + GAP), rows.size() * (sh + GAP),
                BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < rows.size(); r++) {
            Sequence s = rows.get(r);
            for (int c = 0; c < cols; c++) {
                int j = cols == 1 ? 0 : (int) Math.round(c * (s.length() - 1) / (double) (cols - 1));
                double[] f = s.frames()[j];
                for (int y = 0; y < sh; y++) {
                    for (int x = 0; x < w * scale; x++) {
                        double v = f[Math.min(h - 1, y / scale) * w + x / scale];
                        int g = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                        img.setRGB(c * (w * scale + GAP) + x, r * (sh + GAP) + y, (g << 16) | (g << 8) | g);
                    }
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
