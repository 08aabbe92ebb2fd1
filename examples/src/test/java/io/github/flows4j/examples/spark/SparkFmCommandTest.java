package io.github.flows4j.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkFmCommandTest {
    @Test
    void tinyRunOnLocal2MatchesSingleJvmTrainingAndReportsTheNll(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("spark-fm", "--master", "local[2]", "--steps", "15", "--batch", "64", "--hidden", "16",
                "--test-size", "40", "--compare-local", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        String line = r.out().trim();
        assertTrue(line.startsWith("spark-fm master=local[2] partitions=2 steps=15 "), line);
        Matcher diff = Pattern.compile("max_param_diff=(\\S+)").matcher(line);
        assertTrue(diff.find(), line);
        assertTrue(Double.parseDouble(diff.group(1)) < 1e-5, line);
        Matcher nll = Pattern.compile(" nll=(\\S+) divergence=exact eval_points=40 ").matcher(line);
        assertTrue(nll.find(), line);
        double v = Double.parseDouble(nll.group(1));
        assertTrue(Double.isFinite(v) && v > 0 && v < 20, line);
        Matcher fd = Pattern.compile(" fd=(\\S+)").matcher(line);
        assertTrue(fd.find(), line);
        double f = Double.parseDouble(fd.group(1));
        assertTrue(Double.isFinite(f) && f >= -1e-9, "Fréchet distance of samples to test points: " + line);
        List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(16, metrics.size(), "header and one row per step");
    }

    @Test
    void hutchinsonTestNllEstimatesTheExactOneOfTheSameRun(@TempDir Path dir) throws Exception {
        String[] common = {"spark-fm", "--master", "local[2]", "--steps", "10", "--batch", "64", "--hidden", "16",
            "--test-size", "200"};
        CliRun exact = CliRun.of(concat(common, "--out", dir.resolve("exact").toString()));
        CliRun estimate = CliRun.of(concat(common, "--hutchinson", "8", "--out", dir.resolve("h").toString()));
        assertEquals(0, exact.exitCode(), exact.err());
        assertEquals(0, estimate.exitCode(), estimate.err());
        Matcher a = Pattern.compile(" nll=(\\S+) divergence=exact ").matcher(exact.out());
        Matcher b = Pattern.compile(" nll=(\\S+) divergence=hutchinson8 ").matcher(estimate.out());
        assertTrue(a.find(), exact.out());
        assertTrue(b.find(), estimate.out());
        double e = Double.parseDouble(a.group(1));
        double h = Double.parseDouble(b.group(1));
        assertTrue(h != e && Math.abs(h - e) < 0.05 * e, "Hutchinson " + h + " vs exact " + e);
        CliRun bad = CliRun.of("spark-fm", "--hutchinson", "-2");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--hutchinson"), bad.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The docs/spark.md row: the defaults (200 steps, MLP 2-64-64-2, batch 256, seed 0) with --compare-local. */
    @Test
    @Tag("slow")
    void defaultRunMatchesSingleJvmTraining(@TempDir Path dir) {
        CliRun r = CliRun.of("spark-fm", "--master", "local[2]", "--compare-local", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        String line = r.out().trim();
        assertTrue(line.contains(" steps=200 final_loss=8.0443"), line);
        Matcher diff = Pattern.compile("max_param_diff=(\\S+)").matcher(line);
        assertTrue(diff.find(), line);
        assertTrue(Double.parseDouble(diff.group(1)) < 1e-6, line);
        assertTrue(line.contains(" nll=4.53") && line.contains(" fd=0.32"), line);
    }

    @Test
    void trainsOnACsvFileReadBySpark(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 300; i++) {
            csv.append(Math.sin(i)).append(',').append(Math.cos(3 * i)).append('\n');
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);
        CliRun r = CliRun.of("spark-fm", "--train-data", file.toString(), "--steps", "5", "--batch", "32",
                "--hidden", "8", "--test-size", "50", "--out", dir.resolve("out").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(" steps=5 ") && r.out().contains(" eval_points=50 "), r.out());
    }

    @Test
    void badSettingsAreUsageErrors() {
        CliRun c = CliRun.of("spark-fm", "--columns", "x,y,z");
        assertEquals(2, c.exitCode());
        assertTrue(c.err().contains("--columns must name 2 columns"), c.err());
        CliRun r = CliRun.of("spark-fm", "--partitions", "-1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--partitions"), r.err());
        CliRun s = CliRun.of("spark-fm", "--steps", "0");
        assertEquals(2, s.exitCode());
    }
}
