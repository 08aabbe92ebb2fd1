package io.github.flows4j.examples.voronoi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.examples.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoronoiDequantCommandTest {
    private static final Pattern LINE = Pattern.compile("voronoi-dequant dataset=(\\S+) dequant=(\\S+) classes=(\\d+) "
            + "dim=(\\d+) seed=\\d+ steps=(\\d+) train_s=\\S+ train_loss=\\S+ entropy_bits=(\\S+) elbo_bits=(\\S+) "
            + "iwae(\\d+)_bits=(\\S+) gap_bits=(\\S+) test_xent_bits=(\\S+) out=(.+)\n");

    private static Matcher run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.matches(), "unexpected line: " + r.out());
        return m;
    }

    /** The code path of the results rows on a small toy: bits above the exact entropy, checkpoint and cells PNG. */
    @Test
    void voronoiTrainsAndPrintsBitsAboveTheEntropy(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Matcher m = run("voronoi-dequant", "--dataset", "cluster10", "--dequant", "voronoi", "--steps", "30",
                "--batch", "32", "--hidden", "16,16", "--layers", "2", "--dequant-layers", "1", "--iwae-samples", "8",
                "--test-size", "200", "--no-progress", "--out", out.toString());
        assertEquals("cluster10", m.group(1));
        assertEquals("10", m.group(3));
        assertEquals("4", m.group(4));
        assertEquals("30", m.group(5));
        double entropy = Double.parseDouble(m.group(6));
        double elbo = Double.parseDouble(m.group(7));
        double iwae = Double.parseDouble(m.group(9));
        assertEquals(4.0, entropy, 1e-4);
        double xent = Double.parseDouble(m.group(11));
        assertEquals(entropy, xent, 0.3, "the test draws' cross-entropy is near the entropy: " + m.group());
        assertTrue(iwae > xent && elbo > xent, "bounds below the test draws' cross-entropy: " + m.group());
        assertTrue(iwae < elbo + 0.05, "IWAE-8 looser than the ELBO: " + m.group());
        assertTrue(Checkpoint.read(out.resolve("voronoi-dequant.ckpt")).parameters().keySet().stream()
                .anyMatch(k -> k.contains("anchor_logits")));
        assertTrue(Files.size(out.resolve("cells.png")) > 0);
    }

    @Test
    void baselinesRunInTheSameCodePath(@TempDir Path dir) {
        for (String d : new String[] {"uniform", "argmax", "simplex"}) {
            Matcher m = run("voronoi-dequant", "--dataset", "cross10", "--dequant", d, "--steps", "5", "--batch", "16",
                    "--hidden", "8", "--layers", "1", "--dequant-layers", "1", "--iwae-samples", "2", "--test-size",
                    "50", "--no-progress", "--out", dir.resolve(d).toString());
            int dim = Integer.parseInt(m.group(4));
            assertEquals(d.equals("uniform") ? 2 : d.equals("argmax") ? 20 : 18, dim, d);
            assertTrue(Double.parseDouble(m.group(9)) > Double.parseDouble(m.group(11)), m.group());
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun ds = CliRun.of("voronoi-dequant", "--dataset", "mnist");
        assertEquals(2, ds.exitCode());
        assertTrue(ds.err().contains("8gaussians, pinwheel, cluster10, cluster10-shuffled, cross10, diagonal28"),
                ds.err());
        CliRun dq = CliRun.of("voronoi-dequant", "--dequant", "dirichlet");
        assertEquals(2, dq.exitCode());
        assertTrue(dq.err().contains("voronoi, uniform, argmax, simplex"), dq.err());
        CliRun e = CliRun.of("voronoi-dequant", "--embedding-dim", "0");
        assertEquals(2, e.exitCode());
        assertTrue(e.err().contains("--embedding-dim"), e.err());
    }

    /** {@code --box-support} (the code path of the box rows): Voronoi and uniform run and stay above the floor. */
    @Test
    void boxSupportRunsForVoronoiAndUniformAndIsAUsageErrorForArgmax(@TempDir Path dir) {
        for (String d : new String[] {"voronoi", "uniform"}) {
            Matcher m = run("voronoi-dequant", "--dataset", "cluster10", "--dequant", d, "--box-support", "--steps",
                    "20", "--batch", "32", "--hidden", "16,16", "--layers", "2", "--dequant-layers", "1",
                    "--iwae-samples", "4", "--test-size", "100", "--no-progress", "--no-plots", "--out",
                    dir.resolve(d).toString());
            double elbo = Double.parseDouble(m.group(7));
            double iwae = Double.parseDouble(m.group(9));
            double xent = Double.parseDouble(m.group(11));
            assertTrue(Double.isFinite(elbo) && iwae > xent && elbo > xent, m.group());
        }
        CliRun r = CliRun.of("voronoi-dequant", "--dequant", "argmax", "--box-support", "--steps", "1",
                "--no-progress", "--out", dir.resolve("argmax").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--box-support") && r.err().contains("argmax"), r.err());
    }
}
