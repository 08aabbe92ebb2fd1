package io.github.flows4j.examples.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PpdCommandTest {
    static double field(String out, String name) {
        Matcher m = Pattern.compile(" " + name + "=(-?[0-9.]+|NaN)").matcher(out);
        assertTrue(m.find(), name + " in " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void tinyTorusRunPrintsTheExactTestNllBesideTheFloorsAndCheckpoints(@TempDir Path dir) {
        CliRun r = CliRun.of("ppd", "--dataset", "torus", "--dim", "2", "--steps", "30", "--batch", "64", "--hidden",
                "16,16", "--test-size", "64", "--tol", "1e-3", "--no-progress", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("ppd dataset=T2 manifold=FlatTorus(T^2)"), r.out());
        assertEquals(30, field(r.out(), "steps"), 0);
        double nll = field(r.out(), "test_nll");
        double uniform = field(r.out(), "uniform_nll");
        assertEquals(2 * Math.log(2 * Math.PI), uniform, 1e-4);
        assertTrue(Double.isFinite(nll) && Math.abs(nll - uniform) < 2, "30 steps stay near the floor: " + r.out());
        assertTrue(field(r.out(), "true_nll") < uniform, r.out());
        assertTrue(field(r.out(), "ms_per_step") > 0, r.out());
        assertTrue(Files.exists(dir.resolve("ppd-T2.ckpt")), "checkpoint written");
        assertTrue(Files.exists(dir.resolve("ppd-T2-samples.png")) && Files.exists(dir.resolve("ppd-T2-data.png")),
                "plots written");
    }

    @Test
    void sphereMixtureOfAnyDimensionRunsWithHutchinsonTraining(@TempDir Path dir) {
        CliRun r = CliRun.of("ppd", "--dataset", "sphere", "--dim", "4", "--steps", "10", "--batch", "32", "--hidden",
                "16", "--test-size", "32", "--train-hutchinson", "1", "--tol", "1e-3", "--no-plots", "--no-progress",
                "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("manifold=Sphere") && r.out().contains("divergence=hutchinson1"), r.out());
        assertTrue(field(r.out(), "true_nll") < field(r.out(), "uniform_nll"), r.out());
    }

    @Test
    void tinyEarthRunUsesTheRfmSplitAndSelection(@TempDir Path dir) {
        CliRun r = CliRun.of("ppd", "--dataset", "volcano", "--steps", "6", "--batch", "32", "--hidden", "16",
                "--sigma-min", "0.05", "--fourier", "8", "--fourier-scale", "8", "--select-every", "3",
                "--select-tol", "1e-2", "--tol", "1e-3", "--no-plots", "--no-progress", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("ppd dataset=volcano manifold=Sphere"), r.out());
        assertEquals(Math.log(4 * Math.PI), field(r.out(), "uniform_nll"), 1e-4);
        assertTrue(Double.isFinite(field(r.out(), "test_nll")), r.out());
        double kept = field(r.out(), "kept_step");
        assertTrue(kept == 3 || kept == 6, "selection on validation keeps step 3 or 6: " + r.out());
        assertTrue(Files.exists(dir.resolve("ppd-volcano.ckpt")), "checkpoint written");
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        CliRun ell = CliRun.of("ppd", "--ell", "3", "--no-plots", "--no-progress");
        assertEquals(2, ell.exitCode(), ell.err());
        assertTrue(ell.err().contains("ell"), ell.err());
        CliRun width = CliRun.of("ppd", "--sigma-min", "1.5", "--no-plots", "--no-progress");
        assertEquals(2, width.exitCode(), width.err());
        assertTrue(width.err().contains("sigmaMin"), width.err());
        CliRun scale = CliRun.of("ppd", "--dataset", "sphere", "--scale", "1.2", "--no-plots", "--no-progress");
        assertEquals(2, scale.exitCode(), scale.err());
        assertTrue(scale.err().contains("--scale"), scale.err());
        CliRun data = CliRun.of("ppd", "--dataset", "mars", "--no-plots", "--no-progress");
        assertEquals(2, data.exitCode(), data.err());
    }
}
