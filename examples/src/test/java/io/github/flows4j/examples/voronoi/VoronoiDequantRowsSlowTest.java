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
 * Reproduces the rows of docs/voronoi.md: each run was measured with {@code --time-budget 240} (120 for
 * cluster10-shuffled; seed 0); a
 * constant learning rate makes the budgeted run identical to {@code --steps} at the step count it reached, which
 * is what this test runs. The short default test of the same code path is
 * {@link VoronoiDequantCommandTest#voronoiTrainsAndPrintsBitsAboveTheEntropy}.
 */
@Tag("slow")
class VoronoiDequantRowsSlowTest {
    private static final Pattern IWAE = Pattern.compile("entropy_bits=(\\S+) elbo_bits=(\\S+) iwae100_bits=(\\S+) "
            + "gap_bits=\\S+ test_xent_bits=(\\S+) ");

    @ParameterizedTest
    @CsvSource({
        "8gaussians, voronoi, 2298, 10.6751",
        "8gaussians, uniform, 7723, 9.8095",
        "8gaussians, argmax, 1477, 11.8186",
        "pinwheel, voronoi, 2485, 11.6130",
        "pinwheel, uniform, 8955, 10.1161",
        "pinwheel, argmax, 1705, 14.7404",
        "cluster10-shuffled, voronoi, 3200, 4.1533",
        "cluster10-shuffled, argmax, 5388, 3.9912",
        "cluster10-shuffled, simplex, 4999, 4.0254",
        "cluster10-shuffled, uniform, 15450, 4.2024"
    })
    void reproducesTheRow(String dataset, String dequant, int steps, double iwaeBits, @TempDir Path dir) {
        CliRun r = CliRun.of("voronoi-dequant", "--dataset", dataset, "--dequant", dequant, "--steps",
                Integer.toString(steps), "--iwae-samples", "100", "--test-size", "1000", "--no-progress", "--no-plots",
                "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = IWAE.matcher(r.out());
        assertTrue(m.find(), r.out());
        double xent = Double.parseDouble(m.group(4));
        double iwae = Double.parseDouble(m.group(3));
        assertTrue(iwae > xent, "IWAE bits below the test draws' cross-entropy: " + r.out());
        assertEquals(iwaeBits, iwae, 0.1, r.out());
    }

    /**
     * The longer rows of session 8 (8000 steps, seed 0, about 10 minutes each on the shared machine). The short
     * default test of the same code path is
     * {@link VoronoiDequantCommandTest#boxSupportRunsForVoronoiAndUniformAndIsAUsageErrorForArgmax}.
     */
    @ParameterizedTest
    @CsvSource({
        "voronoi, true, 10.0871",
        "voronoi, false, 10.0506",
        "uniform, false, 9.6363"
    })
    void reproducesTheLongerRow(String dequant, boolean boxSupport, double iwaeBits, @TempDir Path dir) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("voronoi-dequant", "--dataset",
                "8gaussians", "--dequant", dequant, "--steps", "8000", "--iwae-samples", "100", "--test-size", "1000",
                "--no-progress", "--no-plots", "--out", dir.toString()));
        if (boxSupport) {
            args.add("--box-support");
        }
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = IWAE.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(iwaeBits, Double.parseDouble(m.group(3)), 0.1, r.out());
    }
}
