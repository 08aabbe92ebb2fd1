package io.github.flows4j.examples.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short runs of the code path behind the {@code rfm-torus} rows ({@link RfmTorusReproductionTest} has the rows). */
class RfmTorusCommandTest {

    @Test
    void aShortRunLearnsBelowTheUniformFloorWithExactAndHutchinsonLikelihoods(@TempDir Path dir) {
        for (String probes : new String[] {"0", "4"}) {
            CliRun r = CliRun.of("rfm-torus", "--dim", "3", "--components", "4", "--scale", "0.3", "--steps", "600",
                    "--lr", "5e-3",
                    "--batch", "128", "--hidden", "32,32", "--test-size", "200", "--hutchinson", probes, "--no-plots",
                    "--no-progress", "--out", dir.resolve("p" + probes).toString());
            assertEquals(0, r.exitCode(), r.err());
            double test = PpdCommandTest.field(r.out(), "test_nll");
            double truth = PpdCommandTest.field(r.out(), "true_nll");
            double floor = PpdCommandTest.field(r.out(), "uniform_nll");
            assertEquals(3 * Math.log(2 * Math.PI), floor, 1e-3, r.out());
            assertTrue(test < floor - 0.5, "learned below the uniform floor: " + r.out());
            assertTrue(test > truth - 0.3, "not (much) below the true density: " + r.out());
        }
    }
}
