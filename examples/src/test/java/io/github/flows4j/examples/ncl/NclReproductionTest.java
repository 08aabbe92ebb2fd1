package io.github.flows4j.examples.ncl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproduces the ncl rows of the results table (minutes each on one core); the short runs of the same code paths
 * are in {@link NclCommandsTest}.
 */
@Tag("slow")
class NclReproductionTest {
    private static double value(String out, String key) {
        Matcher m = Pattern.compile("(?:^| )" + Pattern.quote(key) + "=(\\S+)").matcher(out);
        assertTrue(m.find(), key + " missing in " + out);
        return Double.parseDouble(m.group(1));
    }

    private static String run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        return r.out();
    }

    @Test
    void hodgeD2(@TempDir Path dir) {
        String out = run("ncl-hodge", "--dim", "2", "--steps", "400", "--seed", "0", "--out", dir.toString(),
                "--no-progress");
        assertTrue(value(out, "rel_l2") < 0.08, out);          // row: 0.0605
        assertTrue(value(out, "max_abs_div") < 1e-5, out);
    }

    @Test
    void hodgeD5(@TempDir Path dir) {
        String out = run("ncl-hodge", "--dim", "5", "--steps", "300", "--seed", "0", "--out", dir.toString(),
                "--no-progress");
        assertTrue(value(out, "rel_l2") < 0.05, out);          // row: 0.0372
        assertTrue(value(out, "max_abs_div") < 1e-5, out);
    }

    @Test
    void hodgeD10(@TempDir Path dir) {
        String out = run("ncl-hodge", "--dim", "10", "--steps", "300", "--seed", "0", "--out", dir.toString(),
                "--no-progress");
        assertTrue(value(out, "rel_l2") < 0.06, out);          // row: 0.0425
        assertTrue(value(out, "max_abs_div") < 1e-5, out);
    }

    @Test
    void gaussianOtKineticEnergyWithinTwoPercentOfW2(@TempDir Path dir) {
        String out = run("ncl-ot", "--problem", "gaussian", "--steps", "100", "--seed", "0", "--out", dir.toString(),
                "--no-progress");
        assertTrue(Math.abs(value(out, "rel_gap")) < 0.02, out);   // row: 17.6180 vs 17.7400
        assertTrue(Math.abs(value(out, "kl0")) < 0.02 && Math.abs(value(out, "kl1")) < 0.03, out);
    }

    @Test
    void pinwheelToEightGaussiansKineticEnergyNearTheDiscreteOtCost(@TempDir Path dir) {
        String out = run("ncl-ot", "--problem", "pinwheel", "--steps", "400", "--kinetic-weight", "0.1", "--seed",
                "0", "--out", dir.toString(), "--no-progress");
        assertTrue(Math.abs(value(out, "rel_gap")) < 0.10, out);   // row: 1.0968 vs 1.0516
        assertTrue(Math.abs(value(out, "transported_nll1") - value(out, "nll1")) < 0.1, out);
    }

    @Test
    void taylorGreenDivergenceFreeModelBeatsThePinn(@TempDir Path dir) {
        String out = run("ncl-fluid", "--steps", "200", "--seed", "0", "--out", dir.toString(), "--no-progress");
        assertTrue(value(out, "ncl_rel_l2") < 0.06, out);      // row: 0.0357
        assertTrue(value(out, "ncl_rel_l2") < value(out, "pinn_rel_l2"), out);   // row: PINN 0.1723
        assertTrue(value(out, "ncl_max_abs_div") < 1e-5, out);
        assertTrue(value(out, "pinn_max_abs_div") > 1e-2, out);
    }

    @Test
    void ethierSteinmanDivergenceFreeModelBeatsThePinn(@TempDir Path dir) {
        String out = run("ncl-fluid", "--problem", "ethier-steinman", "--steps", "1000", "--batch", "64", "--lr",
                "1e-2", "--seed", "0", "--out", dir.toString(), "--no-progress");
        assertTrue(value(out, "ncl_rel_l2") < 0.07, out);      // row: 0.0508
        assertTrue(value(out, "ncl_rel_l2") < value(out, "pinn_rel_l2"), out);   // row: PINN 0.0733
        assertTrue(value(out, "ncl_max_abs_div") < 1e-5, out);  // row: 5.4e-07
        assertTrue(value(out, "pinn_max_abs_div") > 1e-2, out); // row: 0.499
    }
}
