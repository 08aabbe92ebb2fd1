package io.github.flows4j.examples.sdebnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.sdebnn.KlEstimator;
import io.github.flows4j.cnf.sdebnn.KlGradientVariance;
import io.github.flows4j.cnf.sdebnn.RegressionToy;
import io.github.flows4j.cnf.sdebnn.Toy1dExperiment;
import io.github.flows4j.examples.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdeBnnCommandTest {

    private static double value(String out, String key) {
        for (String token : out.split("\\s+")) {
            if (token.startsWith(key + "=")) {
                return Double.parseDouble(token.substring(key.length() + 1));
            }
        }
        throw new AssertionError(key + " not in " + out);
    }

    @Test
    void toy1dOnATinyBudgetPrintsTheStatisticsWritesThePlotAndResumes(@TempDir Path dir) {
        Path ckpt = dir.resolve("toy1d.ckpt");
        CliRun r = CliRun.of("sde-bnn", "--steps", "2", "--samples", "60", "--out", dir.toString(),
                "--checkpoint-every", "1", "--metrics", dir.resolve("m.csv").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("task=toy1d seed=0 steps=2 "), r.out());
        double frac = value(r.out(), "frac_pos");
        assertTrue(frac >= 0 && frac <= 1, r.out());
        assertTrue(Files.isRegularFile(dir.resolve("toy1d-posterior.png")));
        assertTrue(Files.isRegularFile(ckpt));
        assertTrue(Files.isRegularFile(dir.resolve("m.csv")));
        Toy1dExperiment.Result lib = Toy1dExperiment.run(0, 2, 60).result();
        assertEquals(lib.medianPos(), value(r.out(), "median_pos"), 5e-4, "the CLI runs Toy1dExperiment.run's path");
        assertEquals(lib.medianNeg(), value(r.out(), "median_neg"), 5e-4, r.out());
        assertEquals(lib.fracPos(), frac, 5e-4, r.out());
        CliRun resumed = CliRun.of("sde-bnn", "--steps", "3", "--samples", "60", "--out", dir.toString(), "--resume",
                ckpt.toString(), "--no-progress");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(3.0, value(resumed.out(), "steps"), 0.0);
    }

    @Test
    void unknownTaskIsAUsageErrorListingTheTasks() {
        CliRun r = CliRun.of("sde-bnn", "--task", "cifar", "--no-progress");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("toy1d, regression, stl, fashion-mnist"), r.err());
    }

    @Test
    void fashionMnistWithoutTheFilesSaysHowToGetThem(@TempDir Path dir) {
        CliRun r = CliRun.of("sde-bnn", "--task", "fashion-mnist", "--data", dir.toString(), "--out",
                dir.resolve("o").toString(), "--no-progress");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
        assertTrue(r.err().contains("train-images-idx3-ubyte"), r.err());
        assertTrue(r.err().contains(dir.toString()), r.err());
        CliRun none = CliRun.of("sde-bnn", "--task", "fashion-mnist", "--no-progress");
        assertEquals(1, none.exitCode());
        assertTrue(none.err().contains("--data"), none.err());
    }

    private static void idx(Path file, int type, int[] shape, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + data.length);
        b.put(new byte[] {0, 0, (byte) type, (byte) shape.length});
        for (int d : shape) {
            b.putInt(d);
        }
        b.put(data);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(b.array());
        }
    }

    @Test
    void fashionMnistOnTinyIdxFilesTrainsTheThreeModels(@TempDir Path dir) throws IOException {
        int n = 12;
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int p = 0; p < 28 * 28; p++) {
                pixels[i * 784 + p] = (byte) ((p * 7 + i * 31) % 256);
            }
        }
        for (String split : new String[] {"train", "t10k"}) {
            idx(dir.resolve(split + "-images-idx3-ubyte.gz"), 0x08, new int[] {n, 28, 28}, pixels);
            idx(dir.resolve(split + "-labels-idx1-ubyte.gz"), 0x08, new int[] {n}, labels);
        }
        CliRun r = CliRun.of("sde-bnn", "--task", "fashion-mnist", "--data", dir.toString(), "--steps", "2",
                "--batch", "4", "--samples", "80", "--train-size", "8", "--test-size", "6", "--out",
                dir.resolve("o").toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        for (String model : new String[] {"sde-bnn", "mean-field-bnn", "ode-net"}) {
            assertTrue(r.out().contains("model=" + model + " seed=0 steps=2 train=8 test=6 accuracy="), r.out());
        }
        String sde = r.out().lines().filter(l -> l.contains("model=sde-bnn")).findFirst().orElseThrow();
        assertEquals(ImageExperiment.config(784).steps(), value(sde, "solver_steps"), 0.0, sde);
        assertTrue(value(sde, "nfe") >= value(sde, "solver_steps"), sde);
        assertTrue(Files.isRegularFile(dir.resolve("o").resolve("fashion-mnist-reliability.png")));
    }

    @Test
    void stlTaskPrintsZeroStlVarianceAtThePrior() {
        CliRun r = CliRun.of("sde-bnn", "--task", "stl", "--samples", "80", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        String atPrior = r.out().lines().filter(l -> l.contains("scale=0.00")).findFirst().orElseThrow();
        assertEquals(0.0, value(atPrior, "grad_var_stl"), 0.0);
        assertTrue(value(atPrior, "grad_var_plain") > 0, atPrior);
        String far = r.out().lines().filter(l -> l.contains("scale=1.00")).findFirst().orElseThrow();
        double lib = KlGradientVariance.measure(RegressionToy.sdeBnnConfig().toBuilder().estimator(KlEstimator.STL)
                .build(), 1.0, 2, 0);
        assertEquals(lib, value(far, "grad_var_stl"), 1e-3 * lib, "the CLI runs KlGradientVariance.measure");
    }

    @Test
    void regressionTaskPrintsTheLibraryRunsMetricsAndSolveCosts() {
        CliRun r = CliRun.of("sde-bnn", "--task", "regression", "--steps", "2", "--samples", "80", "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        List<RegressionToy.Row> rows = RegressionToy.run(0, 2, 2);
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        for (int i = 0; i < 3; i++) {
            RegressionToy.Row row = rows.get(i);
            String line = lines.get(i);
            assertTrue(line.startsWith("task=regression model=" + row.model() + " seed=0 steps=2 "), line);
            assertEquals(row.heldOut().nll(), value(line, "heldout_nll"), 5e-5 + 1e-4 * Math.abs(row.heldOut().nll()),
                    line);
            assertEquals(row.heldOut().coverage(), value(line, "heldout_coverage95"), 5e-4, line);
            assertEquals(row.cost().steps(), value(line, "solver_steps"), 0.0, line);
            assertEquals(row.cost().functionEvaluations(), value(line, "nfe"), 0.0, line);
        }
        assertEquals(RegressionToy.sdeBnnConfig().steps(), value(lines.get(0), "solver_steps"), 0.0);
    }

    /**
     * Reproduces the rows sdebnn/fashion_mnist of docs/results.md (seed 0, 2,000 training and 1,000 test images,
     * 500 steps). Needs Debian's {@code dataset-fashion-mnist} package; skipped where it is not installed.
     */
    @Test
    @Tag("slow")
    void fashionMnistRowsAsMeasured(@TempDir Path dir) {
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isDirectory(data), "apt-get install dataset-fashion-mnist");
        CliRun r = CliRun.of("sde-bnn", "--task", "fashion-mnist", "--data", data.toString(), "--train-size", "2000",
                "--test-size", "1000", "--steps", "500", "--seed", "0", "--no-progress", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("task=")).toList();
        double[][] measured = {{0.7960, 0.5683, 0.0570}, {0.7720, 0.6559, 0.0721}, {0.7870, 0.6104, 0.0252}};
        String[] models = {"sde-bnn", "mean-field-bnn", "ode-net"};
        for (int i = 0; i < models.length; i++) {
            String line = lines.get(i);
            assertTrue(line.contains("model=" + models[i] + " "), line);
            assertEquals(measured[i][0], value(line, "accuracy"), 0.01, line);
            assertEquals(measured[i][1], value(line, "nll"), 0.02, line);
            assertEquals(measured[i][2], value(line, "ece"), 0.01, line);
        }
    }
}
