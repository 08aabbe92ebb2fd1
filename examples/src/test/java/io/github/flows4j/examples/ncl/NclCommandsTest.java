package io.github.flows4j.examples.ncl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static final Pattern FLUID = Pattern.compile("ncl-fluid problem=taylor_green nu=0\\.1 t_max=1 steps=2 .*"
            + "ncl_rel_l2=(\\d+\\.\\d{4}) pinn_rel_l2=(\\d+\\.\\d{4}) ncl_max_abs_div=(\\S+) pinn_max_abs_div=(\\S+) .*\n");

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
    }

    static Matcher match(Pattern p, String out) {
        Matcher m = p.matcher(out);
        assertTrue(m.matches(), out);
        return m;
    }
}
