package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    }

    @Test
    void withoutATerminalItPrintsWholeLinesEveryTenthAndNoBlankOnes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (Progress p = Progress.lines(ps, "fm checkerboard", 20, () -> now[0])) {
                assertTrue(p.isActive());
                for (int i = 0; i < 20; i++) {
                    now[0] += 100_000_000L;            // 0.1 s per step: 10 it/s
                    p.step(0.5 / (i + 1));
                }
            }
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(s.contains("\r"), s);
        String[] lines = s.split(System.lineSeparator());
        assertEquals(10, lines.length, s);
        for (String line : lines) {
            assertFalse(line.isBlank(), s);
        }
        assertEquals("fm checkerboard: step 2/20 (10%) | loss 2.500e-01", lines[0]);
        assertEquals("fm checkerboard: step 10/20 (50%) | loss 5.000e-02 | 10.0 it/s | 0:00:01 left", lines[4]);
        assertEquals("fm checkerboard: step 20/20 (100%) | loss 2.500e-02 | 10.0 it/s | 0:00:02 total", lines[9]);
    }

    @Test
    void theRateIsSmoothedOverRecentSteps() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (Progress p = Progress.lines(ps, "t", 100, () -> now[0])) {
                for (int i = 0; i < 100; i++) {
                    now[0] += i < 50 ? 10_000_000L : 100_000_000L;   // 100 it/s, then 10 it/s
                    p.step(1.0);
                }
            }
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertTrue(lines[3].contains("| 100.0 it/s"), lines[3]);
        // ten steps after the slowdown the rate is well below the start's, and close to 10 at the last tenth
        double late = Double.parseDouble(lines[8].replaceAll(".*\\| ([0-9.]+) it/s.*", "$1"));
        assertTrue(late < 20, lines[8]);
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
        assertTrue(s.contains("| loss 1.250e-01"), s);
        assertTrue(s.contains("3/3"), s);
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
        assertTrue(s.contains("surrogate 4.250e+00"), s);
        assertFalse(s.contains("loss"), "a surrogate must not be shown as the loss: " + s);
    }
}
