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
            + "steps=40 train_s=\\S+ train_loss=(\\S+) test_nll=(\\S+) nll_nfe=(\\d+) sample_nfe=(\\d+) out=(.+)\n");

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
