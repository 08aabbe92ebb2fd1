package io.github.flows4j.examples.cpflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.github.flows4j.examples.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny runs of cpflow-toy and cpflow-ot: the summary line, the PNGs, the seeds, and usage errors. */
class CpflowCommandsTest {
    private static final Pattern TOY = Pattern.compile("cpflow-toy dataset=8gaussians iterations=3 .*"
            + "train_logdet=cg test_nll=(\\d+\\.\\d{4}) data_entropy=(\\d+\\.\\d{4}) .* out=(\\S+)\n");
    private static final Pattern OT = Pattern.compile("cpflow-ot iterations=3 .*transport_cost=(\\d+\\.\\d{4}) "
            + "closed_form_w2sq=3\\.7064 optimal_map_cost_same_points=(\\d+\\.\\d{4}) .*\n");

    @Test
    void toyTrainsEvaluatesAndWritesBothPngs(@TempDir Path dir) throws Exception {
        String[] args = {"cpflow-toy", "--iterations", "3", "--depth", "2", "--width", "8", "--batch", "32",
            "--test-size", "200", "--samples", "50", "--grid", "12", "--seed", "3", "--out", dir.toString(),
            "--no-progress"};
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = TOY.matcher(r.out());
        assertTrue(m.matches(), r.out());
        double nll = Double.parseDouble(m.group(1));
        assertTrue(nll > 2 && nll < 8, "test NLL " + nll);
        assertTrue(Files.size(dir.resolve("8gaussians-density.png")) > 1000);
        assertTrue(Files.size(dir.resolve("8gaussians-samples.png")) > 1000);
        CliRun again = CliRun.of(args);
        assertEquals(m.group(1), matchOrFail(TOY, again.out()).group(1), "same seed, same NLL");
    }

    @Test
    void otPrintsTheCostBesideTheClosedForm() {
        CliRun r = CliRun.of("cpflow-ot", "--iterations", "3", "--depth", "2", "--width", "8", "--test-size", "500",
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = matchOrFail(OT, r.out());
        double optimal = Double.parseDouble(m.group(2));
        assertEquals(3.7064, optimal, 0.5, "Monte Carlo cost of the closed-form map");
    }

    @Test
    void usageErrors() {
        CliRun width = CliRun.of("cpflow-toy", "--width", "7");
        assertEquals(2, width.exitCode());
        assertTrue(width.err().startsWith("Invalid value for option '--width': must be even"), width.err());
        CliRun logdet = CliRun.of("cpflow-ot", "--logdet", "magic");
        assertEquals(2, logdet.exitCode());
        assertTrue(logdet.err().startsWith("Invalid value for option '--logdet': expected one of [cg, exact] but was "
                + "'magic'"), logdet.err());
        CliRun dataset = CliRun.of("cpflow-toy", "--dataset", "spiral");
        assertEquals(2, dataset.exitCode());
        assertTrue(dataset.err().startsWith("Invalid value for option '--dataset': expected one of [checkerboard, "
                + "8gaussians"), dataset.err());
    }

    private static Matcher matchOrFail(Pattern p, String out) {
        Matcher m = p.matcher(out);
        assertTrue(m.matches(), out);
        return m;
    }
}
