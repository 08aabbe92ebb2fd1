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
}
