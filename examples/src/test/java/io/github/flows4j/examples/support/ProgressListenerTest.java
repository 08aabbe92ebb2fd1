package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        String nl = System.lineSeparator();
        assertEquals(nl + "rfm volcano step 20: validation 1.2346" + nl, printed);
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
