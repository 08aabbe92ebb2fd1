package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    /** The exact line torch_ref.py prints, with impl=flows4j. */
    private static final Pattern LINE = Pattern.compile(
            "bench=(\\w+) impl=flows4j threads=(\\d+) median_ms=(\\d+\\.\\d{3}) min_ms=(\\d+\\.\\d{3}) repeats=(\\d+)");

    @Test
    void hvpPrintsOneLineInTheReferenceFormat() {
        CliRun r = CliRun.of("bench", "--threads", "1", "--repeats", "3", "--warmup", "3", "hvp");
        assertEquals(0, r.exitCode(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length, r.out());
        Matcher m = LINE.matcher(lines[0]);
        assertTrue(m.matches(), "line does not match the format: " + lines[0]);
        assertEquals("hvp", m.group(1));
        assertEquals("1", m.group(2));
        assertEquals("3", m.group(5));
        double median = Double.parseDouble(m.group(3));
        double min = Double.parseDouble(m.group(4));
        assertTrue(min > 0 && min <= median, "min " + min + " median " + median);
    }

    @Test
    void unknownWorkloadNamesTheKnownOnes() {
        CliRun r = CliRun.of("bench", "hvp", "mlp_stepp");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("unknown workload 'mlp_stepp'; known workloads: cpflow_step, hvp\n"),
                r.err());
        assertEquals("", r.out(), "nothing runs when a name is wrong");
    }

    @Test
    void tooFewWarmupRepetitionsAreRejected() {
        CliRun r = CliRun.of("bench", "--warmup", "2", "hvp");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("--warmup must be >= 3; got 2"), r.err());
    }
}
