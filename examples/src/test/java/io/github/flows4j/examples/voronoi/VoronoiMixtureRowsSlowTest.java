package io.github.flows4j.examples.voronoi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reproduces the Voronoi-mixture rows of docs/voronoi.md (8gaussians, 2000 steps, seed 0, with and without the
 * mixture layer on the same flow). The short default test of the same code path is
 * {@link VoronoiMixtureCommandTest#mixtureAndPlainFlowPrintTheirTestNll}.
 */
@Tag("slow")
class VoronoiMixtureRowsSlowTest {
    private static final Pattern NLL = Pattern.compile("test_nll=(\\S+) ");

    @ParameterizedTest
    @CsvSource({"16, 3.4965", "8, 3.7318", "0, 3.1665"})
    void reproducesTheRow(int components, double testNll, @TempDir Path dir) {
        CliRun r = CliRun.of("voronoi-mixture", "--dataset", "8gaussians", "--components", Integer.toString(components),
                "--steps", "2000", "--no-progress", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = NLL.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(testNll, Double.parseDouble(m.group(1)), 0.05, r.out());
    }
}
