package io.github.flows4j.examples.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproduces the rate–distortion and frame-rate numbers of docs/compression.md ("Rate–distortion curves of the
 * three codecs"; bouncing balls, seed 0; 527 s on a loaded 2-core machine) and "Rate–distortion on the jump process"
 * (seed 0; 846 s on a 2-core machine at load 8 to 10). The default tests of the same code paths are
 * {@code CompressCommandTest#curvesMeasuresTheThreeCodecsOnATinyBudget} and
 * {@code CompressCommandTest#curvesOnJumpDataWithTheLocalGradientAndSeveralGridSpacings}.
 */
@Tag("slow")
class CompressCurvesSlowTest {
    private static final Pattern POINT = Pattern.compile("compress curves data=bouncing-balls codec=(\\S+) "
            + "(?:lambda|levels)=(\\S+) fps=(\\S+) seed=0 steps=\\d+ bits_per_sec=(\\S+) .* psnr=(\\S+) psnr_4x=.*");
    private static final Pattern AT = Pattern.compile("compress curves psnr=(\\S+) learned_bits_per_sec=(\\S+) "
            + "grid_bits_per_sec=(\\S+) per-frame_bits_per_sec=(\\S+) learned_saving_vs_grid=(\\S+)");

    @Test
    void ratesAtEqualPsnrAndAcrossFrameRatesOnBouncingBalls(@TempDir Path dir) {
        CliRun run = CliRun.of("compress", "curves", "--data", "bouncing-balls", "--lambdas", "5000,20000,80000",
                "--levels", "2,3,4,6,8,16", "--eval-fps", "10,20,40", "--psnr-at", "24,26", "--seed", "0",
                "--no-progress", "--out", dir.resolve("curves").toString());
        assertEquals(0, run.exitCode(), run.err());
        System.out.print(run.out());
        Map<String, Double> bits = new HashMap<>();
        Map<Double, double[]> at = new HashMap<>();
        for (String line : run.out().lines().toList()) {
            Matcher m = POINT.matcher(line);
            if (m.matches()) {
                bits.put(m.group(1) + "/" + m.group(2) + "/" + m.group(3), Double.parseDouble(m.group(4)));
            }
            Matcher a = AT.matcher(line);
            if (a.matches()) {
                at.put(Double.parseDouble(a.group(1)), new double[] {Double.parseDouble(a.group(2)),
                    Double.parseDouble(a.group(3)), Double.parseDouble(a.group(4))});
            }
        }
        // bits per second at equal PSNR (10 fps): learned, grid, per-frame
        assertRate(115.4, at.get(24.0)[0], "learned at 24 dB");
        assertRate(55.4, at.get(24.0)[1], "grid at 24 dB");
        assertRate(406.8, at.get(24.0)[2], "per-frame at 24 dB");
        assertRate(167.2, at.get(26.0)[0], "learned at 26 dB");
        assertRate(94.9, at.get(26.0)[1], "grid at 26 dB");
        assertRate(462.2, at.get(26.0)[2], "per-frame at 26 dB");
        // frame-rate rows
        assertRate(117.0, bits.get("learned/20000.0/10.0"), "learned, lambda 20000, 10 fps");
        assertRate(120.0, bits.get("learned/20000.0/40.0"), "learned, lambda 20000, 40 fps");
        assertRate(78.3, bits.get("grid/20000.0/10.0"), "grid, lambda 20000, 10 fps");
        assertRate(79.8, bits.get("grid/20000.0/40.0"), "grid, lambda 20000, 40 fps");
        assertRate(544.8, bits.get("per-frame/3/10.0"), "per-frame, 3 levels, 10 fps");
        assertRate(2066.8, bits.get("per-frame/3/40.0"), "per-frame, 3 levels, 40 fps");
        for (String codec : new String[] {"learned/20000.0", "grid/20000.0"}) {
            assertTrue(bits.get(codec + "/40.0") <= 1.10 * bits.get(codec + "/10.0"), codec + " within 10 %");
        }
        assertTrue(bits.get("per-frame/3/40.0") > 3.5 * bits.get("per-frame/3/10.0"), "per-frame grows with fps");
    }

    @Test
    void ratesAtEqualPsnrOnTheJumpProcessWithTheLocalGradient(@TempDir Path dir) {
        CliRun run = CliRun.of("compress", "curves", "--data", "jump", "--size", "4", "--lambdas", "20000,80000,320000",
                "--grid-every", "2,4", "--levels", "2,3,4,6,8,16", "--local-gradient", "--steps", "600", "--psnr-at",
                "24,26", "--seed", "0", "--no-progress", "--out", dir.resolve("jump").toString());
        assertEquals(0, run.exitCode(), run.err());
        System.out.print(run.out());
        Map<Double, double[]> at = new HashMap<>();
        for (String line : run.out().lines().toList()) {
            Matcher a = AT.matcher(line);
            if (a.matches()) {
                at.put(Double.parseDouble(a.group(1)), new double[] {Double.parseDouble(a.group(2)),
                    Double.parseDouble(a.group(3)), Double.parseDouble(a.group(4))});
            }
        }
        // learned (local-expectation gradient), grid (Pareto front of every 2nd and every 4th bin), per-frame
        assertRate(126.2, at.get(24.0)[0], "learned at 24 dB");
        assertRate(83.7, at.get(24.0)[1], "grid at 24 dB");
        assertRate(118.2, at.get(24.0)[2], "per-frame at 24 dB");
        assertRate(153.0, at.get(26.0)[0], "learned at 26 dB");
        assertRate(106.3, at.get(26.0)[1], "grid at 26 dB");
        assertRate(131.3, at.get(26.0)[2], "per-frame at 26 dB");
        for (double psnr : new double[] {24, 26}) {
            assertTrue(at.get(psnr)[0] > at.get(psnr)[1], "learned needs more bits than the grid at " + psnr);
        }
    }

    private static void assertRate(double expected, double actual, String what) {
        assertEquals(expected, actual, 0.02 * expected, what);
    }
}
