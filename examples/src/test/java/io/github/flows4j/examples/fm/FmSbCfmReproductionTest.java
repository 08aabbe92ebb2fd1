package io.github.flows4j.examples.fm;

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
 * Reproduces the rows {@code fm/8gaussians_to_moons_sbcfm} (seed 0, {@code --variant sb-cfm --sigma 1.0}, 1000 steps,
 * batch 256, hidden 128,128,128; about 2 minutes on two shared cores): the probability-flow ODE and the bridge SDE
 * (Euler–Maruyama, 100 steps) sample the moons about equally well, both within 30 % of the finite-sample floor of
 * W₂ between two held-out sets. The default-suite test of the same code path is
 * {@link FmVariantCommandTest#sbCfmTrainsAScoreAndSamplesTheBridgeSde}.
 */
class FmSbCfmReproductionTest {
    private static final Pattern LINE = Pattern.compile(".* kinetic=(\\S+) displacement=(\\S+) ode_w2=(\\S+) "
            + "sde_w2=(\\S+) floor_w2=(\\S+) sde_steps=100 out=.*\n(?s).*");

    @Test
    @Tag("slow")
    void sbCfmSamplesTheMoonsByOdeAndBySde(@TempDir Path dir) {
        CliRun r = CliRun.of("fm", "--steps", "1000", "--batch", "256", "--variant", "sb-cfm", "--sigma", "1.0",
                "--source", "8gaussians", "--dataset", "moons", "--no-plots", "--no-progress", "--out",
                dir.resolve("sb").toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.matches(), r.out());
        System.out.print(r.out());
        double ode = Double.parseDouble(m.group(3));
        double sde = Double.parseDouble(m.group(4));
        double floor = Double.parseDouble(m.group(5));
        // measured: ode_w2 0.3948, sde_w2 0.4078, floor_w2 0.3265, kinetic 1.7627, displacement 1.7243
        assertEquals(0.3948, ode, 0.1 * 0.3948, r.out());
        assertEquals(0.4078, sde, 0.1 * 0.4078, r.out());
        assertEquals(0.3265, floor, 1e-4, r.out());
        assertTrue(ode < 1.3 * floor && sde < 1.3 * floor, r.out());
        assertEquals(1.7627, Double.parseDouble(m.group(1)), 0.15 * 1.7627, r.out());
        assertEquals(1.7243, Double.parseDouble(m.group(2)), 0.15 * 1.7243, r.out());
    }
}
