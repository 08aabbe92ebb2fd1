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
        CliRun r = CliRun.of("bench", "--threads", "1", "--repeats", "3", "--warmup", "3", "--warmup-seconds", "0",
                "hvp");
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
    void allocPrintsTheBytesPerStepUnderTheTimingLine() {
        CliRun r = CliRun.of("bench", "--threads", "1", "--repeats", "3", "--warmup-seconds", "0", "--alloc", "hvp");
        assertEquals(0, r.exitCode(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(LINE.matcher(lines[0]).matches(), lines[0]);
        Matcher m = Pattern.compile("alloc=hvp impl=flows4j heap_bytes_per_step=(\\d+)"
                + " fresh_offheap_bytes_per_step=(\\d+) steps=3").matcher(lines[1]);
        assertTrue(m.matches(), lines[1]);
        assertTrue(Long.parseLong(m.group(1)) > 0, "a step allocates some Java objects (the tape)");
        CliRun bad = CliRun.of("bench", "--warmup-seconds", "-1", "hvp");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("--warmup-seconds must be >= 0; got -1.0"), bad.err());
    }

    @Test
    void unknownWorkloadNamesTheKnownOnes() {
        CliRun r = CliRun.of("bench", "hvp", "mlp_stepp");
        assertEquals(2, r.exitCode());
        String known = String.join(", ", io.github.flows4j.examples.bench.BenchRegistry.standard().names());
        assertTrue(r.err().startsWith("unknown workload 'mlp_stepp'; known workloads: " + known + "\n"), r.err());
        assertEquals("", r.out(), "nothing runs when a name is wrong");
    }

    @Test
    void tooFewWarmupRepetitionsAreRejected() {
        CliRun r = CliRun.of("bench", "--warmup", "2", "hvp");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("--warmup must be >= 3; got 2"), r.err());
    }
}
