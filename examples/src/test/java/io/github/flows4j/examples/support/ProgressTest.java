package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void disabledOrWithoutATerminalDrawsNothing() {
        try (Progress p = Progress.start("train", 10, false)) {
            assertFalse(p.isActive());
            p.step(1.0);
        }
        // surefire's forked JVM has no console, so even an allowed bar stays silent
        try (Progress p = Progress.start("train", 10, true)) {
            assertFalse(p.isActive());
        }
    }

    @Test
    void barShowsTaskLossAndSpeed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (Progress p = Progress.to(ps, "fm2d", 3)) {
                assertTrue(p.isActive());
                p.step(0.5);
                p.step(0.25);
                p.step(0.125);
            }
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("fm2d"), s);
        assertTrue(s.contains("loss=0.1250"), s);
        assertTrue(s.contains("3/3"), s);
        assertTrue(s.contains("it/s"), s);
    }

    @Test
    void aLabelledValueIsShownUnderItsOwnName() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (Progress p = Progress.to(ps, "cpflow", 2)) {
                p.step("surrogate", 4.5);
                p.step("surrogate", 4.25);
            }
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("surrogate=4.2500"), s);
        assertFalse(s.contains("loss="), "a surrogate must not be shown as the loss: " + s);
    }
}
