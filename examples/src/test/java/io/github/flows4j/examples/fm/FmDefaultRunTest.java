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
 * Reproduces the row {@code fm/checkerboard_default,test_nll} of docs/results.md: the README's main job, {@code fm}
 * with its defaults (10,000 steps, seed 0), reaches a test NLL of at most 3.75 nats (measured 3.7151). Its code path
 * runs in the default suite through {@code FmCommandTest}'s short runs.
 */
class FmDefaultRunTest {
    private static final Pattern NLL = Pattern.compile("fm dataset=checkerboard .* steps=10000 .* test_nll=(\\S+) .*");

    @Test
    @Tag("slow")
    void theMainJobsDefaultsReachTheTargetNll(@TempDir Path dir) {
        CliRun r = CliRun.of("fm", "--no-plots", "--no-progress", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = NLL.matcher(r.out().lines().findFirst().orElse(""));
        assertTrue(m.matches(), r.out());
        double nll = Double.parseDouble(m.group(1));
        assertTrue(nll <= 3.75, "test NLL " + nll);
        assertEquals(3.7151, nll, 0.02);
    }
}
