package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsCommandTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "dataset=checkerboard n=3000 seed=7 mean=(-?\\d+\\.\\d{4}),(-?\\d+\\.\\d{4}) "
                    + "std=(\\d+\\.\\d{4}),(\\d+\\.\\d{4}) out=(.+)\n");

    @Test
    void writesANonEmptyPngAndPrintsOneSummaryLine(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("plots/cb.png");
        CliRun r = CliRun.of("datasets", "checkerboard", "--samples", "3000", "--seed", "7", "--out", png.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = SUMMARY.matcher(r.out());
        assertTrue(m.matches(), "unexpected summary: " + r.out());
        // checkerboard: mean 0, std per coordinate sqrt(16/3) ≈ 2.309
        assertEquals(0, Double.parseDouble(m.group(1)), 0.15);
        assertEquals(0, Double.parseDouble(m.group(2)), 0.15);
        assertEquals(Math.sqrt(16.0 / 3), Double.parseDouble(m.group(3)), 0.1);
        assertEquals(png.toString(), m.group(5));
        assertTrue(Files.size(png) > 1000, "PNG too small: " + Files.size(png));
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        assertEquals("", r.err());
        CliRun again = CliRun.of("datasets", "checkerboard", "--samples", "3000", "--seed", "7", "--out",
                png.toString());
        assertEquals(r.out(), again.out(), "same seed, same summary");
    }

    @Test
    void unknownDatasetListsTheKnownOnes() {
        CliRun r = CliRun.of("datasets", "spiral");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("expected one of [checkerboard, 8gaussians")
                && r.err().contains("but was 'spiral'"), r.err());
        assertEquals("", r.out());
    }
}
