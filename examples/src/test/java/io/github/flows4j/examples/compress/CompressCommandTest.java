package io.github.flows4j.examples.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.examples.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressCommandTest {
    private static final Pattern TRAIN = Pattern.compile("compress train data=bouncing-balls mode=learned "
            + "lambda=\\S+ fps=5\\.0 seed=0 steps=4 train_s=\\S+ train_loss=\\S+ bits_per_sec=(\\S+) "
            + "ideal_bits_per_sec=(\\S+) time_bits_per_sec=\\S+ psnr=(\\S+) psnr_4x=(\\S+) transmits=(\\S+) "
            + "out=.+\n");
    private static final Pattern ENCODE = Pattern.compile("compress encode in=\\S+ out=\\S+ bytes=(\\d+) "
            + "stream_bits=(\\d+) ideal_time_bits=(\\S+) ideal_value_bits=(\\S+) transmits=(\\d+) "
            + "bits_per_sec=\\S+\n");

    @Test
    void trainEncodeDecodeOnATinyBudget(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model");
        CliRun train = CliRun.of("compress", "train", "--size", "8", "--fps", "5", "--duration", "1", "--steps", "4",
                "--batch", "2", "--hidden", "8", "--latent", "2", "--eval-every", "2", "--eval-sequences", "2",
                "--no-progress", "--out", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        Matcher m = TRAIN.matcher(train.out());
        assertTrue(m.matches(), train.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0);
        assertTrue(Double.parseDouble(m.group(5)) >= 1, "the start is always sent");
        List<String> csv = Files.readAllLines(model.resolve("rd.csv"));
        assertEquals("step,bits_per_sec,ideal_bits_per_sec,time_bits_per_sec,psnr,psnr_4x,transmits", csv.get(0));
        assertTrue(csv.size() >= 3, csv.toString());
        for (String f : new String[] {"rd.png", "frames.png", "sample.seq", "model.properties"}) {
            assertTrue(Files.size(model.resolve(f)) > 0, f);
        }
        assertTrue(Checkpoint.read(model.resolve("compress.ckpt")).parameters().containsKey("logTheta"));

        Path bin = dir.resolve("sample.bin");
        CliRun enc = CliRun.of("compress", "encode", model.resolve("sample.seq").toString(), bin.toString(),
                "--model", model.toString());
        assertEquals(0, enc.exitCode(), enc.err());
        Matcher e = ENCODE.matcher(enc.out());
        assertTrue(e.matches(), enc.out());
        assertEquals(Files.size(bin), Long.parseLong(e.group(1)));
        double ideal = Double.parseDouble(e.group(3)) + Double.parseDouble(e.group(4));
        assertTrue(Math.abs(Long.parseLong(e.group(2)) - ideal) <= 41, enc.out());

        Path dec = dir.resolve("dec");
        CliRun d = CliRun.of("compress", "decode", bin.toString(), "--model", model.toString(), "--fps", "20",
                "--out", dec.toString());
        assertEquals(0, d.exitCode(), d.err());
        assertTrue(d.out().startsWith("compress decode in=" + bin + " fps=20.0 frames=21 transmits="
                + e.group(5) + " "), d.out());
        assertTrue(Files.size(dec.resolve("decoded.seq")) > 0);
        assertTrue(Files.size(dec.resolve("frames.png")) > 0);
        CliRun ref = CliRun.of("compress", "decode", bin.toString(), "--model", model.toString(), "--fps", "5",
                "--reference", model.resolve("sample.seq").toString(), "--out", dec.toString(), "--no-plots");
        assertEquals(0, ref.exitCode(), ref.err());
        assertTrue(ref.out().contains(" frames=6 ") && ref.out().contains(" psnr="), ref.out());

        // bad input: truncated bitstream, fps <= 0, no sub-command
        Path cut = dir.resolve("cut.bin");
        byte[] all = Files.readAllBytes(bin);
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        CliRun bad = CliRun.of("compress", "decode", cut.toString(), "--model", model.toString(), "--fps", "10",
                "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("cannot decode") && bad.err().contains("checksum"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad").resolve("decoded.seq")));
        CliRun zero = CliRun.of("compress", "decode", bin.toString(), "--model", model.toString(), "--fps", "0");
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("'--fps'") && zero.err().contains("must be > 0"), zero.err());
        CliRun none = CliRun.of("compress");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("missing sub-command; choose one of: train, encode, decode"), none.err());
    }

    private static final Pattern CURVE = Pattern.compile("compress curves data=bouncing-balls codec=(\\S+) "
            + "(lambda|levels)=(\\S+) fps=(\\S+) seed=0 steps=(\\d+) bits_per_sec=(\\S+) ideal_bits_per_sec=\\S+ "
            + "time_bits_per_sec=(\\S+) psnr=(\\S+) psnr_4x=\\S+ transmits=(\\S+)( grid_every=\\d+)?");

    @Test
    void curvesMeasuresTheThreeCodecsOnATinyBudget(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("curves");
        CliRun run = CliRun.of("compress", "curves", "--size", "8", "--fps", "5", "--duration", "1", "--steps", "3",
                "--batch", "2", "--hidden", "8", "--latent", "2", "--lambdas", "1000,4000", "--levels", "2,4",
                "--eval-sequences", "2", "--fit-sequences", "2", "--eval-fps", "5,10", "--psnr-at", "12",
                "--no-progress", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(13, lines.size(), run.out());
        double[][] perFrameBits = new double[2][2];
        for (int i = 0; i < 12; i++) {
            Matcher m = CURVE.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            String codec = m.group(1);
            assertEquals(i < 4 ? "learned" : i < 8 ? "grid" : "per-frame", codec, lines.get(i));
            assertEquals(codec.equals("per-frame") ? "0" : "3", m.group(5));
            assertTrue(Double.parseDouble(m.group(6)) > 0 && Double.isFinite(Double.parseDouble(m.group(8))));
            if (codec.equals("per-frame")) {
                assertEquals(0.0, Double.parseDouble(m.group(7)));
                double fps = Double.parseDouble(m.group(4));
                assertEquals(fps + 1, Double.parseDouble(m.group(9)), 1e-9, "every frame of 1 s is coded");
                perFrameBits[(i - 8) / 2][(i - 8) % 2] = Double.parseDouble(m.group(6));
            }
        }
        for (double[] twoRates : perFrameBits) {
            assertTrue(twoRates[1] > 1.5 * twoRates[0], "per-frame bits grow with the frame rate");
        }
        assertTrue(lines.get(12).startsWith("compress curves psnr=12.00 learned_bits_per_sec="), lines.get(12));
        assertTrue(lines.get(12).contains(" per-frame_bits_per_sec=") && lines.get(12).contains(
                " learned_saving_vs_grid="), lines.get(12));
        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals("codec,setting,fps,steps,bits_per_sec,ideal_bits_per_sec,time_bits_per_sec,psnr,psnr_4x,"
                + "transmits,grid_every", csv.get(0));
        assertEquals(13, csv.size());
        assertTrue(csv.get(9).startsWith("per-frame,2,5.0,0,"), csv.get(9));
        assertTrue(Files.size(out.resolve("curves.png")) > 0);

        CliRun badLevels = CliRun.of("compress", "curves", "--codecs", "per-frame", "--levels", "1", "--out",
                dir.resolve("bad").toString());
        assertEquals(2, badLevels.exitCode());
        assertTrue(badLevels.err().contains("--levels must each be in [2, 256]; got 1"), badLevels.err());
        CliRun badCodec = CliRun.of("compress", "curves", "--codecs", "per-pixel");
        assertEquals(2, badCodec.exitCode());
        assertTrue(badCodec.err().contains("per-frame"), badCodec.err());
    }

    @Test
    void curvesOnJumpDataWithTheLocalGradientAndSeveralGridSpacings(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("jump");
        CliRun run = CliRun.of("compress", "curves", "--data", "jump", "--size", "4", "--fps", "5", "--duration", "1",
                "--steps", "3", "--batch", "2", "--hidden", "8", "--latent", "2", "--lambdas", "1000",
                "--grid-every", "2,4", "--local-gradient", "--codecs", "learned,grid", "--eval-sequences", "2",
                "--psnr-at", "10", "--no-progress", "--no-plots", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("compress curves data=jump codec=learned lambda=1000.0 fps=5.0 seed=0 "
                + "steps=3 ") && !lines.get(0).contains("grid_every"), lines.get(0));
        assertTrue(lines.get(1).startsWith("compress curves data=jump codec=grid lambda=1000.0 ")
                && lines.get(1).endsWith(" grid_every=2"), lines.get(1));
        assertTrue(lines.get(2).endsWith(" grid_every=4"), lines.get(2));
        assertTrue(lines.get(3).startsWith("compress curves psnr=10.00 learned_bits_per_sec="), lines.get(3));
        List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
        assertEquals(4, csv.size());
        assertTrue(csv.get(2).startsWith("grid,1000.0,5.0,3,") && csv.get(2).endsWith(",2"), csv.get(2));
        assertTrue(csv.get(1).endsWith(",0"), csv.get(1));
    }
}
