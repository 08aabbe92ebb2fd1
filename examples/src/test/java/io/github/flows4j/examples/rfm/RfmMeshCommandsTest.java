package io.github.flows4j.examples.rfm;

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

/** The rfm-maze command runs end to end on a tiny maze; both mesh commands document and validate their options. */
class RfmMeshCommandsTest {
    private static final Pattern MAZE = Pattern.compile("rfm-maze size=2x3 resolution=2 relocation=walk "
            + "path_cells=\\d+ "
            + "steps=5 train_s=\\S+ train_loss=\\S+ wall_crossing_fraction=(\\S+) \\((\\d+)/6\\) reached_target=\\S+ "
            + "conditional_wall_crossing_fraction=(\\S+) conditional_reached_target=(\\S+) out=.+\n");

    @Test
    void mazeTrainsSamplesChecksWallsAndDraws(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("maze");
        CliRun r = CliRun.of("rfm-maze", "--width", "2", "--height", "3", "--resolution", "2", "--modes", "10",
                "--path-steps", "4", "--steps", "5", "--batch", "16", "--hidden", "8", "--samples", "6",
                "--sample-steps", "20", "--spectral-features", "4", "--ema-warmup", "--no-progress", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = MAZE.matcher(r.out());
        assertTrue(m.matches(), "unexpected line: " + r.out());
        assertEquals(0, Integer.parseInt(m.group(2)), "walking never steps through a wall");
        assertEquals(0.0, Double.parseDouble(m.group(3)), "nor do the conditional flows");
        assertTrue(Double.parseDouble(m.group(4)) > 0.5, "the conditional flows reach the target: " + m.group(4));
        assertTrue(Files.size(out.resolve("rfm-maze.png")) > 1000);
        assertTrue(Checkpoint.read(out.resolve("rfm-maze.ckpt")).parameters().size() > 0);
    }

    @Test
    void helpExplainsEveryOptionAndBadOptionsAreUsageErrors() {
        CliRun help = CliRun.of("rfm-mesh", "--help");
        assertEquals(0, help.exitCode(), help.err());
        for (String opt : new String[] {"--mesh", "--k", "--weight", "--modes", "--tau", "--path-steps", "--steps",
            "--time-budget", "--batch", "--hidden", "--lr", "--ema", "--test-size", "--nll-steps", "--seed", "--out",
            "--no-plots", "--no-progress", "--max-speed", "--relocation", "--projection", "--spectral-features",
            "--ema-warmup", "--check-steps", "--no-edge-jumps"}) {
            assertTrue(help.out().contains(opt), opt + " in\n" + help.out());
        }
        CliRun mesh = CliRun.of("rfm-mesh", "--mesh", "teapot");
        assertEquals(2, mesh.exitCode());
        assertTrue(mesh.err().contains("Invalid value for option '--mesh': expected one of [bunny, spot] but was "
                + "'teapot'"), mesh.err());
        CliRun weight = CliRun.of("rfm-mesh", "--weight", "geodesic");
        assertEquals(2, weight.exitCode());
        assertTrue(weight.err().contains("'--weight': expected one of [biharmonic, diffusion, commute]"), weight.err());
        CliRun maze = CliRun.of("rfm-maze", "--relocation", "teleport");
        assertEquals(2, maze.exitCode());
        assertTrue(maze.err().contains("'--relocation': expected one of [project, walk] but was 'teleport'"),
                maze.err());
        CliRun features = CliRun.of("rfm-mesh", "--modes", "10", "--spectral-features", "11");
        assertEquals(2, features.exitCode());
        assertTrue(features.err().contains("--spectral-features in [0, --modes]"), features.err());
        CliRun size = CliRun.of("rfm-maze", "--width", "0");
        assertEquals(2, size.exitCode());
        assertTrue(size.err().contains("'--width': must be >= 1 but was '0'"), size.err());
    }
}
