package io.github.flows4j.examples.voronoi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.examples.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoronoiMixtureCommandTest {
    private static final Pattern LINE = Pattern.compile("voronoi-mixture dataset=(\\S+) components=(\\d+) seed=\\d+ "
            + "steps=(\\d+) train_s=\\S+ train_loss=\\S+ test_nll=(\\S+) out=(.+)\n");

    private static double nll(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.matches(), "unexpected line: " + r.out());
        return Double.parseDouble(m.group(4));
    }

    /** With and without the mixture layer on the same flow: both print a finite test NLL; a checkpoint is written. */
    @Test
    void mixtureAndPlainFlowPrintTheirTestNll(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("mix");
        double mix = nll("voronoi-mixture", "--dataset", "8gaussians", "--components", "8", "--steps", "20",
                "--batch", "64", "--hidden", "16,16", "--layers", "2", "--train-size", "2000", "--test-size", "500",
                "--no-progress", "--out", out.toString());
        double flow = nll("voronoi-mixture", "--dataset", "8gaussians", "--components", "0", "--steps", "20",
                "--batch", "64", "--hidden", "16,16", "--layers", "2", "--train-size", "2000", "--test-size", "500",
                "--no-progress", "--out", dir.resolve("flow").toString());
        assertTrue(Double.isFinite(mix) && Double.isFinite(flow), mix + " " + flow);
        // a 2-D density's NLL is bounded below by the data's entropy (about 2.9 nats for 8gaussians)
        assertTrue(mix > 2.0 && flow > 2.0, mix + " " + flow);
        assertTrue(Checkpoint.read(out.resolve("voronoi-mixture.ckpt")).parameters().keySet().stream()
                .anyMatch(k -> k.contains("anchor_logits")));
    }

    @Test
    void tooManyComponentsIsAUsageError() {
        CliRun r = CliRun.of("voronoi-mixture", "--components", "50", "--train-size", "10", "--steps", "1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("k"), r.err());
    }

    /** The 8-D synthetic mixture: the mixture and the plain flow print their test NLL beside the exact one. */
    @Test
    void gmmDimTrainsInEightDimensionsAndPrintsTheTrueNll(@TempDir Path dir) {
        Pattern gmm = Pattern.compile("voronoi-mixture dataset=gmm8 components=(\\d+) seed=0 steps=10 train_s=\\S+ "
                + "train_loss=\\S+ test_nll=(\\S+) true_nll=(\\S+) out=.+\n");
        for (String k : new String[] {"8", "0"}) {
            CliRun r = CliRun.of("voronoi-mixture", "--gmm-dim", "8", "--components", k, "--steps", "10", "--batch",
                    "64", "--hidden", "16,16", "--layers", "2", "--train-size", "2000", "--test-size", "500",
                    "--no-progress", "--out", dir.resolve("k" + k).toString());
            assertEquals(0, r.exitCode(), r.err());
            Matcher m = gmm.matcher(r.out());
            assertTrue(m.matches(), "unexpected line: " + r.out());
            double test = Double.parseDouble(m.group(2));
            double truth = Double.parseDouble(m.group(3));
            // the exact NLL of 500 draws is near the entropy log 8 + 4 log(2πe/4) = 7.886 nats; 10 steps are far
            // from it
            assertEquals(7.886, truth, 0.3, r.out());
            assertTrue(test > truth, r.out());
        }
    }

    @Test
    void gmmDimOneIsAUsageError() {
        CliRun r = CliRun.of("voronoi-mixture", "--gmm-dim", "1", "--steps", "1", "--no-progress");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--gmm-dim"), r.err());
    }
}
