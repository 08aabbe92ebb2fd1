package io.github.flows4j.examples.fm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.examples.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmCommandTest {
    private static final Pattern LINE = Pattern.compile("fm dataset=8gaussians objective=fm path=condot ot=true "
            + "steps=40 train_s=\\S+ train_loss=(\\S+) test_nll=(\\S+) nll_nfe=(\\d+) sample_nfe=(\\d+) "
            + "coupling_sq=\\S+ kinetic=\\S+ displacement=\\S+ out=(.+)\n"
            + "# test_nll: .* nats.*\n");

    @Test
    void trainsPlotsCheckpointsAndPrintsTheTestNll(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("fm", "--dataset", "8gaussians", "--ot", "--steps", "40", "--batch", "64",
                "--hidden", "16,16", "--test-size", "64", "--tol", "1e-3", "--no-progress", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.matches(), "unexpected line: " + r.out());
        double nll = Double.parseDouble(m.group(2));
        assertTrue(Double.isFinite(nll) && nll > 0 && nll < 20, "test NLL " + nll);
        assertTrue(Integer.parseInt(m.group(4)) > 0);
        for (String png : new String[] {"data.png", "samples.png", "density.png", "trajectories.png"}) {
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }
        assertTrue(Checkpoint.read(out.resolve("fm.ckpt")).parameters().size() > 0);
    }

    @Test
    void evaluateAndSampleFromTheCheckpointReproduceTheTrainingRun(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        String[] model = {"--dataset", "8gaussians", "--hidden", "16,16", "--test-size", "64", "--tol", "1e-3",
            "--seed", "3"};
        CliRun train = CliRun.of(concat(new String[] {"fm", "--steps", "30", "--batch", "64", "--no-progress",
            "--no-plots", "-o", out.toString()}, model));
        assertEquals(0, train.exitCode(), train.err());
        Matcher trained = NLL.matcher(train.out());
        assertTrue(trained.find(), train.out());
        Path ckpt = out.resolve("fm.ckpt");
        Path evalOut = dir.resolve("eval");
        CliRun eval = CliRun.of(concat(new String[] {"fm", "evaluate", "--checkpoint", ckpt.toString(), "-o",
            evalOut.toString()}, model));
        assertEquals(0, eval.exitCode(), eval.err());
        Matcher evaluated = NLL.matcher(eval.out());
        assertTrue(evaluated.find(), eval.out());
        assertEquals(trained.group(1), evaluated.group(1), "the same test NLL from the saved model");
        assertTrue(eval.out().startsWith("fm evaluate checkpoint=" + ckpt + " dataset=8gaussians steps=30 "),
                eval.out());
        for (String png : new String[] {"samples.png", "density.png", "trajectories.png"}) {
            assertTrue(Files.size(evalOut.resolve(png)) > 1000, png);
        }
        Path sampled = dir.resolve("samples");
        CliRun sample = CliRun.of(concat(new String[] {"fm", "sample", "--checkpoint", ckpt.toString(), "-n", "50",
            "-o", sampled.toString()}, model));
        assertEquals(0, sample.exitCode(), sample.err());
        assertEquals(51, Files.readAllLines(sampled.resolve("samples.csv")).size());
        assertTrue(Files.size(sampled.resolve("samples.png")) > 1000);
        CliRun wrongWidth = CliRun.of("fm", "evaluate", "--checkpoint", ckpt.toString(), "--hidden", "8",
                "--no-plots");
        assertEquals(1, wrongWidth.exitCode(), wrongWidth.err());
        assertTrue(wrongWidth.err().contains("shape"), wrongWidth.err());
        CliRun missing = CliRun.of("fm", "evaluate", "--no-plots");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--checkpoint"), missing.err());
    }

    private static final Pattern TRANSLATION = Pattern.compile("fm dataset=moons objective=fm path=condot ot=true "
            + "source=8gaussians steps=30 train_s=\\S+ train_loss=\\S+ test_nll=(\\S+) nll_nfe=(\\d+) "
            + "sample_nfe=(\\d+) coupling_sq=(\\S+) kinetic=(\\S+) displacement=(\\S+) out=.+\n# .*kinetic.*\n");

    @Test
    void translatesBetweenTwoToysAndPrintsStraightness(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("fm", "--source", "8gaussians", "--dataset", "moons", "--ot", "--steps", "30",
                "--batch", "64", "--hidden", "16,16", "--test-size", "64", "--tol", "1e-3", "--no-progress",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = TRANSLATION.matcher(r.out());
        assertTrue(m.matches(), "unexpected line: " + r.out());
        // 8 Gaussians has a density, so the likelihood runs from it
        assertTrue(Double.isFinite(Double.parseDouble(m.group(1))) && Integer.parseInt(m.group(2)) > 0, r.out());
        double coupling = Double.parseDouble(m.group(4));
        double kinetic = Double.parseDouble(m.group(5));
        double displacement = Double.parseDouble(m.group(6));
        assertTrue(coupling > 0 && kinetic > 0 && displacement > 0, r.out());
        assertTrue(kinetic >= 0.95 * displacement, "kinetic energy below the displacement: " + r.out());
        assertTrue(Files.size(out.resolve("density.png")) > 1000);
        // moons has no closed-form density: no likelihood, no density plot, the rest runs
        CliRun fromMoons = CliRun.of("fm", "--source", "moons", "--dataset", "8gaussians", "--steps", "10",
                "--batch", "32", "--hidden", "8", "--test-size", "16", "--tol", "1e-3", "--no-progress",
                "--out", dir.resolve("moons").toString());
        assertEquals(0, fromMoons.exitCode(), fromMoons.err());
        assertTrue(fromMoons.out().contains(" test_nll=NaN nll_nfe=0 "), fromMoons.out());
        assertTrue(Files.notExists(dir.resolve("moons").resolve("density.png")));
    }

    @Test
    void badSourceAndSigmaAreUsageErrors() {
        CliRun unknown = CliRun.of("fm", "--source", "cauchy", "--no-plots");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("--source") && unknown.err().contains("8gaussians"), unknown.err());
        CliRun negative = CliRun.of("fm", "--sigma", "-0.5", "--no-plots");
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("sigma"), negative.err());
        CliRun ffjord = CliRun.of("fm", "--objective", "ffjord", "--source", "moons", "--no-plots");
        assertEquals(2, ffjord.exitCode());
        assertTrue(ffjord.err().contains("--source"), ffjord.err());
    }

    private static final Pattern NLL = Pattern.compile(" test_nll=(\\S+) ");

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun r = CliRun.of("fm", "--path", "spiral");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Invalid value for option '--path': expected one of [condot, vp, linear_vp, "
                + "cosine] but was 'spiral'"), r.err());
        CliRun s = CliRun.of("fm", "--steps", "0");
        assertEquals(2, s.exitCode());
        assertTrue(s.err().contains("Invalid value for option '--steps': must be >= 1 but was '0'"), s.err());
    }
}
