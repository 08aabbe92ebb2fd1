package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {

    /** Runs {@code body} with System.err captured and returns what it printed. */
    private static String stderrOf(Runnable body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsEachValidationScoreWithTheLabelAndStepWhenProgressIsOn() {
        String printed = stderrOf(() -> {
            try (ProgressListener l = ProgressListener.start("rfm volcano", 40, true)) {
                l.onStep(20, 2.5, 1e-3);
                l.onValidation(20, 1.23456, true);
            }
        });
        // surefire's forked JVM has no console: whole lines, no leading break, the loss in scientific notation
        String[] lines = printed.split(System.lineSeparator(), -1);
        assertEquals("rfm volcano step 20: validation 1.2346e+00", lines[0]);
        assertTrue(lines[1].startsWith("rfm volcano: step 1/40 (2%) | loss 2.500e+00"), printed);
        assertEquals("", lines[2]);
        assertEquals(3, lines.length, printed);
    }

    @Test
    void staysSilentWithNoProgress() {
        String printed = stderrOf(() -> {
            try (ProgressListener l = ProgressListener.start("cpflow-toy", 40, false, "surrogate")) {
                l.onStep(1, 2.5, 1e-3);
                l.onValidation(1, 1.0, true);
            }
        });
        assertEquals("", printed);
    }
}
