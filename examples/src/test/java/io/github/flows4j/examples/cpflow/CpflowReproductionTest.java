package io.github.flows4j.examples.cpflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import io.github.flows4j.examples.CliRun;
import org.junit.jupiter.api.Test;

/**
 * The two CP-Flow reproductions of docs/results.md (Convex Potential Flows), end to end through the command line. Long (minutes to
 * an hour on two cores), so tagged slow: {@code OMP_NUM_THREADS=1 mvn -B -o -pl examples -am test
 * -Dtest=CpflowReproductionTest -DexcludedTestGroups=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class CpflowReproductionTest {

    private static double field(String out, String name) {
        Matcher m = Pattern.compile(name + "=([-+]?\\d+\\.\\d+)").matcher(out);
        assertTrue(m.find(), name + " missing from: " + out);
        return Double.parseDouble(m.group(1));
    }

    /** The learned map's transport cost is within 0.05 of the closed-form W₂² = 3.7064. */
    @Test
    void gaussianOptimalTransport() {
        CliRun r = CliRun.of("cpflow-ot", "--iterations", "2000", "--ema", "0.99", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        double cost = field(r.out(), "transport_cost");
        assertEquals(3.7064, field(r.out(), "closed_form_w2sq"), 1e-4);
        assertEquals(3.7064, cost, 0.05, r.out());
    }

    /** The exact test NLL on 8 Gaussians reaches 2.90 nats or less (data entropy ≈ 2.83). */
    @Test
    void eightGaussiansExactNll() {
        CliRun r = CliRun.of("cpflow-toy", "--iterations", "4000", "--samples", "0", "--grid", "0", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        double nll = field(r.out(), "test_nll");
        assertTrue(nll <= 2.90, r.out());
    }
}
