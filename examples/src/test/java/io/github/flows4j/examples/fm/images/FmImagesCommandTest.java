package io.github.flows4j.examples.fm.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmImagesCommandTest {

    static double value(String out, String key) {
        for (String token : out.split("\\s+")) {
            if (token.startsWith(key + "=")) {
                return Double.parseDouble(token.substring(key.length() + 1));
            }
        }
        throw new AssertionError(key + " not in " + out);
    }

    private static void idx(Path file, int[] shape, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        b.put(new byte[] {0, 0, 0x08, (byte) shape.length});
        for (int d : shape) {
            b.putInt(d);
        }
        b.put(data);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(b.array());
        }
    }

    /** Writes the four IDX files of {@code n} h×w images per split: a white bar at a row that moves with i. */
    static Path tinyIdx(Path dir, int n, int h, int w) throws IOException {
        byte[] pixels = new byte[n * h * w];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int c = 0; c < w; c++) {
                pixels[i * h * w + (i % h) * w + c] = (byte) 255;
            }
        }
        for (String split : new String[] {"train", "t10k"}) {
            idx(dir.resolve(split + "-images-idx3-ubyte.gz"), new int[] {n, h, w}, pixels);
            idx(dir.resolve(split + "-labels-idx1-ubyte.gz"), new int[] {n}, labels);
        }
        return dir;
    }

    private static String[] tiny(Path data, Path out, String... more) {
        String[] base = {"fm-images", "--data", data.toString(), "--batch", "4", "--base", "4", "--multipliers",
            "1,2", "--groups", "2", "--test-size", "6", "--eval-batch", "3", "--samples", "4", "--tol", "1e-3",
            "--out", out.toString(), "--no-progress"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void trainsOnTinyIdxImagesPrintsBitsPerDimAndNfeWritesTheGridAndResumes(@TempDir Path dir) throws IOException {
        Path data = tinyIdx(Files.createDirectories(dir.resolve("idx")), 16, 8, 8);
        Path out = dir.resolve("o");
        CliRun r = CliRun.of(tiny(data, out, "--steps", "3", "--limit", "12", "--checkpoint-every", "1"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("fm-images path=condot pixels=centered image=1x8x8 train=12 test=6 base=4 "
                + "seed=0 steps=3 "), r.out());
        double bpd = value(r.out(), "bpd");
        assertTrue(bpd > 0 && bpd < 20, "a finite bound near the untrained model's ~9 bits/dim: " + r.out());
        assertTrue(value(r.out(), "bpd_se") >= 0, r.out());
        assertTrue(value(r.out(), "sample_nfe") >= 6, "dopri5 takes at least one step of 6 evaluations: " + r.out());
        assertTrue(value(r.out(), "nll_nfe") >= 6, r.out());
        assertTrue(r.out().contains("# bpd: bits/dim of the 8-bit test images"), r.out());
        BufferedImage grid = ImageIO.read(out.resolve("samples.png").toFile());
        assertEquals(2 + 2 * (8 * 7 + 2), grid.getWidth(), "two columns of 8-pixel images scaled 7x");
        assertTrue(Files.isRegularFile(out.resolve("fm-images.ckpt")));

        CliRun resumed = CliRun.of(tiny(data, out, "--steps", "4", "--limit", "12", "--resume",
                out.resolve("fm-images.ckpt").toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(4.0, value(resumed.out(), "steps"), 0.0, resumed.out());
    }

    @Test
    void theDiffusionPathAndTheLogitMapRunToo(@TempDir Path dir) throws IOException {
        Path data = tinyIdx(Files.createDirectories(dir.resolve("idx")), 8, 4, 4);
        CliRun r = CliRun.of(tiny(data, dir.resolve("o"), "--steps", "2", "--path", "diffusion", "--pixels",
                "logit"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("fm-images path=vp pixels=logit image=1x4x4 train=8 test=6 "), r.out());
        assertTrue(Double.isFinite(value(r.out(), "bpd")), r.out());
    }

    @Test
    void aMissingDataFolderSaysHowToInstallTheDataSet(@TempDir Path dir) {
        Path none = dir.resolve("nothing-here");
        CliRun r = CliRun.of("fm-images", "--data", none.toString(), "--out", dir.resolve("o").toString(),
                "--no-progress");
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
        assertTrue(r.err().contains(none.toString()) && r.err().contains("train-images-idx3-ubyte"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void imagesOfTheWrongSizeAndBadOptionsAreErrorsNamingTheValue(@TempDir Path dir) throws IOException {
        Path six = tinyIdx(Files.createDirectories(dir.resolve("six")), 4, 6, 6);
        CliRun odd = CliRun.of(tiny(six, dir.resolve("o"), "--steps", "1", "--multipliers", "1,2,2"));
        assertEquals(2, odd.exitCode(), odd.out());
        assertTrue(odd.err().contains("image height") && odd.err().contains("6"), odd.err());
        Path oblong = tinyIdx(Files.createDirectories(dir.resolve("oblong")), 4, 4, 8);
        CliRun notSquare = CliRun.of(tiny(oblong, dir.resolve("o"), "--steps", "1"));
        assertEquals(1, notSquare.exitCode(), notSquare.out());
        assertTrue(notSquare.err().contains("square"), notSquare.err());
        Path data = tinyIdx(Files.createDirectories(dir.resolve("idx")), 4, 4, 4);
        CliRun groups = CliRun.of(tiny(data, dir.resolve("o"), "--steps", "1", "--groups", "3"));
        assertEquals(2, groups.exitCode(), groups.out());
        assertTrue(groups.err().contains("groups"), groups.err());
        CliRun path = CliRun.of("fm-images", "--path", "cosine", "--no-progress");
        assertEquals(2, path.exitCode());
        assertTrue(path.err().contains("expected one of [condot, vp]"), path.err());
    }

    /**
     * Reproduces the rows fm/fashion_mnist_condot and fm/fashion_mnist_vp (bpd and sampler NFE; seed 0, one native
     * thread): the same UNet (base 16, multipliers 1,2,2) and budget for both paths — 200 steps of batch 32 on the
     * first 10,000 training images, bits/dim of the first 20 test images, NFE of dopri5 (rtol = atol = 1e-5) drawing
     * 16 images. Needs Debian's {@code dataset-fashion-mnist}; skipped where it is not installed. The default test of
     * the same code path is {@link #trainsOnTinyIdxImagesPrintsBitsPerDimAndNfeWritesTheGridAndResumes}.
     */
    @Test
    @Tag("slow")
    void fashionMnistRowsAsMeasured(@TempDir Path dir) {
        Path data = Path.of(FmImagesCommand.DEBIAN_DIR);
        Assumptions.assumeTrue(Files.isDirectory(data), "apt-get install dataset-fashion-mnist");
        String[] paths = {"condot", "vp"};
        double[][] measured = {{5.3963, 410}, {5.2785, 566}};
        for (int i = 0; i < paths.length; i++) {
            CliRun r = CliRun.of("fm-images", "--path", paths[i], "--steps", "200", "--batch", "32", "--limit", "10000",
                    "--test-size", "20", "--eval-batch", "20", "--samples", "16", "--tol", "1e-5", "--seed", "0",
                    "--out", dir.resolve(paths[i]).toString(), "--no-progress");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(measured[i][0], value(r.out(), "bpd"), 0.02, r.out());
            assertEquals(measured[i][1], value(r.out(), "sample_nfe"), 0.05 * measured[i][1], r.out());
        }
    }
}
