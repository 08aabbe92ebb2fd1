package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #24's CLI edge cases, one test each: the exit code (2 usage, 1 failure) and a message naming the option. */
class CliEdgeCasesTest {
    private static CliRun run(int exit, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(exit, r.exitCode(), () -> String.join(" ", args) + "\nerr: " + r.err() + "\nout: " + r.out());
        return r;
    }

    private static void says(CliRun r, String... parts) {
        for (String p : parts) {
            assertTrue(r.err().contains(p), "expected '" + p + "' in: " + r.err());
        }
    }

    @Test
    void aToleranceBelowWhatDoublesResolveIsAUsageError() {
        for (String command : new String[] {"fm", "rfm", "rfm-torus"}) {
            says(run(2, command, "--tol", "1e-30", "--no-progress"), "'--tol'", "1e-30");
        }
    }

    @Test
    void aNegativeGridIsAUsageError() {
        says(run(2, "cpflow-toy", "--grid", "-3"), "'--grid'", "-3");
    }

    @Test
    void anEmptyOutputNameIsAUsageError() {
        says(run(2, "fm", "-o", ""), "'--out'", "empty");
        says(run(2, "cpflow-ot", "-o", ""), "'--out'", "empty");
        says(run(2, "datasets", "checkerboard", "-o", ""), "'--out'", "empty");
    }

    @Test
    void anOutputWhoseExtensionIsNotTheFormatsIsAUsageError(@TempDir Path dir) {
        says(run(2, "datasets", "checkerboard", "-o", dir.resolve("points.jpg").toString()), "'--out'", ".png");
        says(run(2, "cpflow-ot", "-o", dir.resolve("map.txt").toString()), "'--out'", ".png");
        assertFalse(Files.exists(dir.resolve("points.jpg")));
    }

    @Test
    void anOutputFileThatIsADirectoryIsAUsageError(@TempDir Path dir) {
        says(run(2, "datasets", "checkerboard", "-o", dir.toString()), "'--out'", "directory");
    }

    @Test
    void optionsWithoutEffectUnderFfjordAreUsageErrors() {
        CliRun ot = run(2, "fm", "--objective", "ffjord", "--ot");
        says(ot, "--ot", "ffjord");
        assertEquals("", ot.out());
        says(run(2, "fm", "--objective", "ffjord", "--path", "vp"), "--path", "ffjord");
    }

    @Test
    void aMazeTooSmallForItsModesNamesModesAndTheMesh() {
        CliRun r = run(2, "rfm-maze", "--width", "1", "--height", "1", "--no-progress", "--no-plots");
        says(r, "--modes", "vertices");
    }

    @Test
    void anExplodingOtRunPointsAtLr(@TempDir Path dir) {
        CliRun r = run(1, "cpflow-ot", "--lr", "1e6", "--iterations", "30", "--batch", "16", "--depth", "2",
                "--width", "8", "--test-size", "100", "--no-progress");
        says(r, "diverged", "--lr");
    }

    @Test
    void anFmLossThatExplodesButStaysFiniteStopsAtItsStepNamingLr(@TempDir Path dir) {
        CliRun r = run(1, "fm", "--lr", "1e3", "--steps", "40", "--batch", "64", "--test-size", "64", "--no-plots",
                "--no-progress", "-o", dir.resolve("run").toString());
        says(r, "training diverged at step ", "exploded past", "(--lr 1000.0)", "Lower --lr");
        assertFalse(r.err().contains("SolverFailedException"), "it stops in training, not in the NLL solve after it");
        assertFalse(Files.exists(dir.resolve("run").resolve("fm.ckpt")), "no checkpoint of diverged weights");
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsAUsageError(@TempDir Path dir) throws java.io.IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        says(run(2, "fm", "-o", file.resolve("sub").toString()), "'--out'", "is a file");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        if (locked.toFile().setWritable(false) && !Files.isWritable(locked)) {
            says(run(2, "fm", "-o", locked.resolve("sub").toString()), "'--out'", "not writable");
        }
    }
}
