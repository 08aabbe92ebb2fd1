package io.github.flows4j.examples.ncl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.train.CsvMetricLog;
import io.github.flows4j.examples.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny runs of ncl-hodge and ncl-ot: the result line, the files, the seeds, and usage errors. */
class NclCommandsTest {
    private static final Pattern HODGE = Pattern.compile("ncl-hodge dim=3 modes=2 steps=3 .*rel_l2=(\\d+\\.\\d{4}) "
            + "field_rel_l2=(\\d+\\.\\d{4}) max_abs_div=(\\S+) final_loss=(\\S+) .* seed=4 out=\\S+\n");
    private static final Pattern OT = Pattern.compile("ncl-ot problem=gaussian components=1 steps=3 .*"
            + "kinetic_energy=(\\d+\\.\\d{4}) closed_form_w2sq=17\\.7400 rel_gap=(\\S+) nll0=(\\S+) nll1=(\\S+) "
            + "kl0=(\\S+) kl1=(\\S+) transported_nll1=(\\S+) .*\n");

    @Test
    void hodgeTrainsEvaluatesAndWritesItsFiles(@TempDir Path dir) {
        String[] args = {"ncl-hodge", "--dim", "3", "--modes", "2", "--steps", "3", "--batch", "16", "--hidden",
            "8", "--test-size", "64", "--seed", "4", "--out", dir.toString(), "--no-progress"};
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = match(HODGE, r.out());
        assertTrue(Double.parseDouble(m.group(3)) < 1e-4, "max |div| " + m.group(3));
        assertTrue(Double.parseDouble(m.group(2)) > 0, "f differs from w");
        for (String f : new String[] {"loss.png", "error.png", "model.f4j"}) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertEquals(m.group(1), match(HODGE, CliRun.of(args).out()).group(1), "same seed, same error");
    }

    @Test
    void hodgeResumesFromItsCheckpointAtTheNextStepOnTheSameSchedule(@TempDir Path dir) throws Exception {
        Path wholeRows = dir.resolve("whole.csv");
        CliRun whole = CliRun.of(hodge(dir.resolve("whole"), 4, "--checkpoint-every", "2", "--metrics",
                wholeRows.toString()));
        assertEquals(0, whole.exitCode(), whole.err());
        Path rows = dir.resolve("metrics.csv");
        CliRun half = CliRun.of(hodge(dir.resolve("first"), 2, "--metrics", rows.toString()));
        assertEquals(0, half.exitCode(), half.err());
        CliRun resumed = CliRun.of(hodge(dir.resolve("second"), 4, "--metrics", rows.toString(), "--resume",
                dir.resolve("first").resolve("model.f4j").toString()));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().startsWith("ncl-hodge dim=3 modes=2 steps=4 "), resumed.out());
        List<String> lines = Files.readAllLines(rows);
        List<String> wholeLines = Files.readAllLines(wholeRows);
        assertEquals(CsvMetricLog.HEADER, lines.get(0));
        assertEquals(5, lines.size(), "a header, two rows from the first run and two appended by the resumed one");
        assertEquals(5, wholeLines.size());
        for (int i = 3; i <= 4; i++) {
            // the 2-step run decayed its cosine rate over 2 steps, so the weights differ; the resumed steps follow
            // the 4-step schedule exactly as the uninterrupted run did
            String[] got = lines.get(i).split(",");
            String[] want = wholeLines.get(i).split(",");
            assertEquals(String.valueOf(i), got[0]);
            assertEquals(want[0] + "," + want[2], got[0] + "," + got[2], "step and learning rate of row " + i);
        }
        assertEquals(Checkpoint.read(dir.resolve("whole").resolve("model.f4j")).parameters().keySet(),
                Checkpoint.read(dir.resolve("second").resolve("model.f4j")).parameters().keySet());
    }

    @Test
    void hodgeTrainingLowersTheLossAndTheErrorOfW(@TempDir Path dir) throws Exception {
        Path rows = dir.resolve("m.csv");
        CliRun trained = CliRun.of(shortHodge(dir.resolve("a"), 60, "--metrics", rows.toString()));
        CliRun untrained = CliRun.of(shortHodge(dir.resolve("b"), 1));
        List<String> lines = Files.readAllLines(rows);
        assertEquals(61, lines.size());
        double first = 0;
        double last = 0;
        for (int i = 1; i <= 10; i++) {
            first += Double.parseDouble(lines.get(i).split(",")[1]) / 10;
            last += Double.parseDouble(lines.get(lines.size() - i).split(",")[1]) / 10;
        }
        // the loss cannot fall below E|grad phi|^2 (the part no divergence-free field fits); the error of w can
        assertTrue(last < first, "loss " + first + " -> " + last);
        double after = relL2(trained);
        double before = relL2(untrained);
        assertTrue(after < 0.7 * before, "rel_l2 of w after 1 step " + before + ", after 60 " + after);
    }

    private static String[] shortHodge(Path out, int steps, String... more) {
        List<String> args = new ArrayList<>(List.of("ncl-hodge", "--dim", "2", "--modes", "2", "--steps",
                String.valueOf(steps), "--batch", "64", "--hidden", "16", "--test-size", "256", "--out",
                out.toString(), "--no-progress"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static double relL2(CliRun r) {
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile(" rel_l2=(\\S+) ").matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainingCommandsTakeTheSharedCheckpointOptions() {
        for (String command : List.of("ncl-hodge", "ncl-ot")) {
            CliRun help = CliRun.of(command, "--help");
            assertEquals(0, help.exitCode(), command);
            for (String option : List.of("--checkpoint-every", "--resume", "--metrics", "--steps", "--lr", "--seed")) {
                assertTrue(help.out().contains(option), command + " lacks " + option);
            }
        }
    }

    private static String[] hodge(Path out, int steps, String... more) {
        List<String> args = new ArrayList<>(List.of("ncl-hodge", "--dim", "3", "--modes", "2", "--steps",
                String.valueOf(steps), "--batch", "16", "--hidden", "8", "--test-size", "64", "--seed", "4",
                "--out", out.toString(), "--no-progress"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void otPrintsTheKineticEnergyBesideTheClosedForm(@TempDir Path dir) {
        CliRun r = CliRun.of("ncl-ot", "--steps", "3", "--batch", "64", "--hidden", "8", "--test-size", "2000",
                "--out", dir.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = match(OT, r.out());
        // the data-placed start already sits near the optimum: the kinetic energy is within 10% of W2^2
        assertEquals(17.74, Double.parseDouble(m.group(1)), 1.8);
        assertTrue(Files.exists(dir.resolve("transported.png")) && Files.exists(dir.resolve("rho_t0.50.png")));
        assertTrue(Files.exists(dir.resolve("model.f4j")));
    }

    private static final Pattern PINWHEEL = Pattern.compile("ncl-ot problem=pinwheel components=8 steps=2 .*"
            + "kinetic_energy=(\\d+\\.\\d{4}) discrete_ot_cost_n300=(\\d+\\.\\d{4}) rel_gap=\\S+ nll0=(\\S+) "
            + "nll1=(\\S+) transported_nll1=(\\S+) .*\n");

    @Test
    void otPinwheelPrintsTheKineticEnergyBesideTheDiscreteOtCost(@TempDir Path dir) {
        CliRun r = CliRun.of("ncl-ot", "--problem", "pinwheel", "--components", "8", "--steps", "2", "--batch",
                "64", "--hidden", "8", "--test-size", "1000", "--ot-points", "300", "--out", dir.toString(),
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = match(PINWHEEL, r.out());
        double kinetic = Double.parseDouble(m.group(1));
        double ot = Double.parseDouble(m.group(2));
        // components paired by optimal transport at the start: the kinetic energy is of the order of the OT cost,
        // not of the independent coupling's E|x1 - x0|^2
        assertTrue(ot > 0.1 && kinetic > 0 && kinetic < 4 * ot, "kinetic " + kinetic + " vs OT cost " + ot);
        assertTrue(Double.isFinite(Double.parseDouble(m.group(5))), r.out());
    }

    private static final Pattern FLUID = Pattern.compile("ncl-fluid problem=taylor_green nu=0\\.1 t_max=1 steps=2 .*"
            + "ncl_rel_l2=(\\d+\\.\\d{4}) pinn_rel_l2=(\\d+\\.\\d{4}) ncl_max_abs_div=(\\S+) "
            + "pinn_max_abs_div=(\\S+) .*\n");

    @Test
    void fluidTrainsBothModelsAndReportsTheirDivergence(@TempDir Path dir) {
        CliRun r = CliRun.of("ncl-fluid", "--steps", "2", "--batch", "16", "--hidden", "8", "--test-size", "64",
                "--out", dir.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = match(FLUID, r.out());
        assertTrue(Double.parseDouble(m.group(3)) < 1e-4, "ncl max |div| " + m.group(3));
        assertTrue(Double.parseDouble(m.group(4)) > 1e-4, "pinn max |div| " + m.group(4));
        assertTrue(Files.exists(dir.resolve("ncl.f4j")) && Files.exists(dir.resolve("pinn.f4j")));
        assertTrue(Files.exists(dir.resolve("loss.png")));
    }

    private static final Pattern FLUID_3D = Pattern.compile("ncl-fluid problem=ethier_steinman nu=0\\.1 t_max=1 "
            + "steps=2 .*ncl_rel_l2=(\\d+\\.\\d{4}) pinn_rel_l2=(\\d+\\.\\d{4}) ncl_max_abs_div=(\\S+) "
            + "pinn_max_abs_div=(\\S+) ncl_final_loss=(\\S+) pinn_final_loss=(\\S+) .*\n");

    @Test
    void fluidEthierSteinmanTrainsBothModelsIn3d(@TempDir Path dir) {
        CliRun r = CliRun.of("ncl-fluid", "--problem", "ethier-steinman", "--steps", "2", "--batch", "8", "--hidden",
                "8", "--test-size", "64", "--out", dir.toString(), "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = match(FLUID_3D, r.out());
        assertTrue(Double.parseDouble(m.group(3)) < 1e-4, "ncl max |div| " + m.group(3));
        assertTrue(Double.parseDouble(m.group(4)) > 1e-4, "pinn max |div| " + m.group(4));
        for (int g : new int[] {1, 2, 5, 6}) {
            double v = Double.parseDouble(m.group(g));
            assertTrue(Double.isFinite(v) && v > 0, "group " + g + ": " + v);
        }
        assertTrue(Files.exists(dir.resolve("ncl.f4j")) && Files.exists(dir.resolve("pinn.f4j")));
        assertTrue(Files.exists(dir.resolve("loss.png")));
    }

    @Test
    void usageErrors() {
        CliRun dim = CliRun.of("ncl-hodge", "--dim", "11");
        assertEquals(2, dim.exitCode());
        assertTrue(dim.err().startsWith("Invalid value for option '--dim': must be in [2, 10] but was '11'"),
                dim.err());
        CliRun problem = CliRun.of("ncl-ot", "--problem", "moons");
        assertEquals(2, problem.exitCode());
        assertTrue(problem.err().startsWith("Invalid value for option '--problem': expected one of [gaussian, "
                + "pinwheel]"), problem.err());
        CliRun flow = CliRun.of("ncl-fluid", "--problem", "kovasznay");
        assertEquals(2, flow.exitCode());
        assertTrue(flow.err().startsWith("Invalid value for option '--problem': expected one of [taylor-green, "
                + "ethier-steinman]"), flow.err());
    }

    static Matcher match(Pattern p, String out) {
        Matcher m = p.matcher(out);
        assertTrue(m.matches(), out);
        return m;
    }
}
