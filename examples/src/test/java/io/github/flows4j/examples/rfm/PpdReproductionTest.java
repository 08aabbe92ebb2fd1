package io.github.flows4j.examples.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproduces the ppd rows proposed in docs/ppd.md (a minute or more each on one core; the steps done under a time
 * budget depend on the machine, so the bounds are loose); the short runs of the same code paths are in
 * {@link PpdCommandTest}.
 */
@Tag("slow")
class PpdReproductionTest {
    private static String run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        return r.out();
    }

    @Test
    void torus2FourComponents(@TempDir Path dir) {
        String out = run("ppd", "--dataset", "torus", "--dim", "2", "--components", "4", "--scale", "0.3",
                "--steps", "100000", "--time-budget", "60", "--ema", "0.995", "--sigma-min", "0.1", "--no-plots",
                "--no-progress", "--out", dir.toString());
        assertEquals(1.8425, PpdCommandTest.field(out, "true_nll"), 1e-3, out);
        assertTrue(PpdCommandTest.field(out, "test_nll") < 2.1, out);            // row: 1.9109
    }

    @Test
    void torus10FourComponents(@TempDir Path dir) {
        String out = run("ppd", "--dataset", "torus", "--dim", "10", "--components", "4", "--scale", "0.3",
                "--steps", "100000", "--time-budget", "60", "--ema", "0.995", "--sigma-min", "0.3", "--no-plots",
                "--no-progress", "--out", dir.toString());
        assertEquals(3.5553, PpdCommandTest.field(out, "true_nll"), 1e-3, out);
        assertTrue(PpdCommandTest.field(out, "test_nll") < 8, out);              // row: 6.4219 (sigma-min 0.1: 13.2527)
    }
    @Test
    void torus100FourComponentsWithHutchinson(@TempDir Path dir) {
        String out = run("ppd", "--dataset", "torus", "--dim", "100", "--components", "4", "--scale", "0.3",
                "--steps", "100000", "--time-budget", "120", "--ema", "0.995", "--sigma-min", "0.3",
                "--train-hutchinson", "1", "--hutchinson", "8", "--test-size", "1000", "--no-plots", "--no-progress",
                "--out", dir.toString());
        assertEquals(23.1190, PpdCommandTest.field(out, "true_nll"), 1e-3, out);
        assertTrue(PpdCommandTest.field(out, "test_nll") < 182, out);            // row: 177.6810 (floor 183.7877)
    }

    @Test
    void volcanoSeed0(@TempDir Path dir) {
        String out = run("ppd", "--dataset", "volcano", "--steps", "100000", "--time-budget", "300", "--hidden",
                "128,128,128,128", "--batch", "256", "--lr", "3e-3", "--ema", "0.999", "--lr-schedule", "cosine",
                "--warmup", "200", "--fourier", "64", "--fourier-scale", "8", "--select-every", "1000",
                "--sigma-min", "0.05", "--no-plots", "--no-progress", "--seed", "0", "--out", dir.toString());
        assertTrue(PpdCommandTest.field(out, "test_nll") < 0, out);              // row: -0.7209
    }
}
