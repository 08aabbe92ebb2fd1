package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.train.CsvMetricLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The shared --checkpoint-every / --resume / --metrics options and the diverged-run exit of the training commands. */
class TrainingCheckpointsTest {
    private static final Pattern TRAIN_S = Pattern.compile(" (train_s|wall_s)=[0-9.]+");

    private static String[] fm(Path out, int steps, String... more) {
        List<String> args = new ArrayList<>(List.of("fm", "--dataset", "8gaussians", "--steps", String.valueOf(steps),
                "--batch", "32", "--hidden", "8,8", "--test-size", "64", "--tol", "1e-3", "--no-plots",
                "--no-progress", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The result line without its timings and output folder. */
    private static String numbers(CliRun r) {
        assertEquals(0, r.exitCode(), r.err());
        return TRAIN_S.matcher(r.out().trim()).replaceAll("").replaceAll(" out=\\S*", "");
    }

    private static void assertSameWeights(Path expected, Path actual) throws Exception {
        Map<String, INDArray> a = Checkpoint.read(expected).parameters();
        Map<String, INDArray> b = Checkpoint.read(actual).parameters();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).dup().data().asDouble(), b.get(k).dup().data().asDouble(), 0.0, k);
        }
    }

    @Test
    void fmResumedFromStep100EqualsAnUninterruptedRunAndMetricsHaveOneRowPerStep(@TempDir Path dir)
            throws Exception {
        // a wall-time budget that is never reached keeps the rate constant, so a 100-step run is the first half
        // of a 200-step one
        String budget = "100000";
        Path whole = dir.resolve("whole");
        CliRun full = CliRun.of(fm(whole, 200, "--time-budget", budget, "--checkpoint-every", "50"));
        Path first = dir.resolve("first");
        Path rows = dir.resolve("metrics.csv");
        CliRun half = CliRun.of(fm(first, 100, "--time-budget", budget, "--metrics", rows.toString()));
        assertEquals(0, half.exitCode(), half.err());
        List<String> lines = Files.readAllLines(rows);
        assertEquals(CsvMetricLog.HEADER, lines.get(0));
        assertEquals(101, lines.size(), "a header and one row per step");
        assertTrue(lines.get(100).startsWith("100,"), lines.get(100));
        Path second = dir.resolve("second");
        CliRun resumed = CliRun.of(fm(second, 200, "--time-budget", budget, "--metrics", rows.toString(), "--resume",
                first.resolve("fm.ckpt").toString()));
        assertEquals(numbers(full), numbers(resumed), "same printed steps, train loss and test NLL");
        assertSameWeights(whole.resolve("fm.ckpt"), second.resolve("fm.ckpt"));
        lines = Files.readAllLines(rows);
        assertEquals(201, lines.size(), "the resumed run appends steps 101..200");
        assertTrue(lines.get(101).startsWith("101,") && lines.get(200).startsWith("200,"), lines.get(101));
    }

    @Test
    void everyTrainingCommandTakesTheCheckpointOptions() {
        for (String command : List.of("fm", "rfm", "rfm-torus", "rfm-mesh", "rfm-maze", "ppd", "cpflow-toy",
                "cpflow-ot", "ncl-hodge", "ncl-ot", "ncl-fluid")) {
            CliRun help = CliRun.of(command, "--help");
            assertEquals(0, help.exitCode(), command);
            for (String option : List.of("--checkpoint-every", "--resume", "--metrics")) {
                assertTrue(help.out().contains(option), command + " lacks " + option);
            }
        }
        CliRun noOut = CliRun.of("cpflow-ot", "--checkpoint-every", "5");
        assertEquals(2, noOut.exitCode(), "cpflow-ot writes its checkpoint beside --out");
        assertTrue(noOut.err().contains("--checkpoint-every needs --out"), noOut.err());
    }

    private static String[] nclFluid(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("ncl-fluid", "--steps", "4", "--batch", "16", "--hidden", "8",
                "--test-size", "64", "--no-progress", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void nclFluidResumesEachOfItsTwoModelsFromItsOwnCheckpoint(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        CliRun full = CliRun.of(nclFluid(whole));
        // a run stopped while training the PINN, before its first checkpoint: only ncl.f4j is on disk
        Path stopped = Files.createDirectories(dir.resolve("stopped"));
        Files.copy(whole.resolve("ncl.f4j"), stopped.resolve("ncl.f4j"));
        Path rows = dir.resolve("m.csv");
        CliRun resumed = CliRun.of(nclFluid(dir.resolve("second"), "--resume", stopped.toString(), "--metrics",
                rows.toString()));
        assertEquals(numbers(full).replace("whole", "x"), numbers(resumed).replace("second", "x"),
                "the finished model is taken as it was, the missing one trains as in the uninterrupted run");
        assertSameWeights(whole.resolve("ncl.f4j"), dir.resolve("second/ncl.f4j"));
        assertSameWeights(whole.resolve("pinn.f4j"), dir.resolve("second/pinn.f4j"));
        assertEquals(1, Files.readAllLines(dir.resolve("m-ncl.csv")).size(), "no steps were left for the NCL model");
        assertEquals(5, Files.readAllLines(dir.resolve("m-pinn.csv")).size(), "a header and the PINN's 4 steps");
        // a checkpoint file in the folder names the folder too
        CliRun byFile = CliRun.of(nclFluid(dir.resolve("third"), "--resume", stopped.resolve("ncl.f4j").toString()));
        assertEquals(numbers(full).replace("whole", "x"), numbers(byFile).replace("third", "x"));
        CliRun empty = CliRun.of(nclFluid(dir.resolve("fourth"), "--resume", dir.resolve("second/m").toString()));
        assertEquals(1, empty.exitCode());
        assertTrue(empty.err().contains("--resume"), empty.err());
        Files.createDirectories(dir.resolve("nothing"));
        CliRun neither = CliRun.of(nclFluid(dir.resolve("fifth"), "--resume", dir.resolve("nothing").toString()));
        assertEquals(1, neither.exitCode());
        assertTrue(neither.err().contains("holds neither"), neither.err());
    }

    @Test
    void fmTrainLossIsTheMeanOfTheLastCompleteBlockOf100Steps(@TempDir Path dir) throws Exception {
        Path rows = dir.resolve("m.csv");
        CliRun r = CliRun.of(fm(dir.resolve("out"), 130, "--metrics", rows.toString()));
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(rows);
        assertEquals(131, lines.size());
        double sum = 0;
        for (int step = 1; step <= 100; step++) {
            sum += Double.parseDouble(lines.get(step).split(",")[1]);
        }
        Matcher m = Pattern.compile("train_loss=([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", sum / 100), m.group(1), "steps 1..100, not 31..130");
    }

    @Test
    void cpflowToyResumedEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        // the rate halves every 2000 iterations, so 6 iterations are the start of a 12-iteration run
        String[] common = {"--depth", "2", "--width", "8", "--batch", "32", "--test-size", "200", "--samples", "0",
            "--grid", "0", "--seed", "3", "--no-progress"};
        CliRun full = CliRun.of(cpflow(dir.resolve("whole"), 12, common));
        CliRun half = CliRun.of(cpflow(dir.resolve("first"), 6, common));
        assertEquals(0, half.exitCode(), half.err());
        assertTrue(Files.exists(dir.resolve("first/cpflow-toy.ckpt")), "the trainer writes the checkpoint at the end");
        List<String> resume = new ArrayList<>(List.of(cpflow(dir.resolve("second"), 12, common)));
        resume.addAll(List.of("--resume", dir.resolve("first/cpflow-toy.ckpt").toString()));
        CliRun resumed = CliRun.of(resume.toArray(String[]::new));
        assertEquals(numbers(full).replace("whole", "x"), numbers(resumed).replace("second", "x"));
        assertSameWeights(dir.resolve("whole/cpflow-toy.ckpt"), dir.resolve("second/cpflow-toy.ckpt"));
    }

    private static String[] cpflow(Path out, int iterations, String... common) {
        List<String> args = new ArrayList<>(List.of("cpflow-toy", "--iterations", String.valueOf(iterations),
                "--out", out.toString()));
        args.addAll(List.of(common));
        return args.toArray(String[]::new);
    }

    @Test
    void aDivergedRunExitsWithOneNamesStepAndLrAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun good = CliRun.of(fm(out, 30));
        assertEquals(0, good.exitCode(), good.err());
        byte[] before = Files.readAllBytes(out.resolve("fm.ckpt"));
        CliRun bad = CliRun.of(fm(out, 30, "--lr", "1e8"));
        assertEquals(1, bad.exitCode(), bad.out() + bad.err());
        Matcher m = Pattern.compile("training diverged at step (\\d+): loss ").matcher(bad.err());
        assertTrue(m.find(), bad.err());
        assertTrue(Long.parseLong(m.group(1)) >= 1, bad.err());
        assertTrue(bad.err().contains("(--lr 1.0E8)") && bad.err().contains("Lower --lr"), bad.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve("fm.ckpt")), "the good checkpoint is kept");
    }
}
