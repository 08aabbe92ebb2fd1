package io.github.flows4j.examples.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.examples.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SacCommandTest {
    private static final Pattern LINE = Pattern.compile("sac env=(\\S+) seed=0 steps=(\\d+) updates=(\\d+) "
            + "train_s=\\S+ updates_per_s=(\\S+) final_return=(\\S+) final_return_std=\\S+ alpha=(\\S+) "
            + "episodes=(\\d+) out=.+\n");

    private static Matcher run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.matches(), "unexpected line: " + r.out());
        return m;
    }

    @Test
    void tinyRunWritesTheCurveThePlotAndACheckpointAndResumes(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Matcher m = run("sac", "--env", "pendulum", "--steps", "300", "--start-steps", "64", "--batch", "32",
                "--hidden", "16,16", "--eval-every", "100", "--eval-episodes", "1", "--no-progress", "--out",
                out.toString());
        assertEquals("Pendulum-v1", m.group(1));
        assertEquals(300, Integer.parseInt(m.group(2)));
        assertEquals(236, Integer.parseInt(m.group(3)));
        assertEquals(1, Integer.parseInt(m.group(7)), "one 200-step training episode finished in 300 steps");
        double ret = Double.parseDouble(m.group(5));
        assertTrue(ret < 0 && ret > -16.2736044 * 200, "a Pendulum return: " + ret);
        List<String> csv = Files.readAllLines(out.resolve("return.csv"));
        assertEquals("env_steps,mean_return,std_return,episodes", csv.get(0));
        assertEquals(List.of("0", "164", "264", "300"), csv.subList(1, csv.size()).stream()
                .map(l -> l.split(",")[0]).toList());
        assertEquals(ret, Double.parseDouble(csv.get(4).split(",")[1]), 0.01);
        assertTrue(Files.size(out.resolve("return.png")) > 1000);
        assertTrue(Checkpoint.read(out.resolve("sac.ckpt")).parameters().containsKey("log_alpha"));
        assertTrue(Files.exists(out.resolve("sac.ckpt.rl")));

        Matcher resumed = run("sac", "--env", "pendulum", "--steps", "400", "--start-steps", "64", "--batch", "32",
                "--hidden", "16,16", "--eval-every", "100", "--eval-episodes", "1", "--no-progress", "--out",
                out.toString(), "--resume", out.resolve("sac.ckpt").toString());
        assertEquals(400, Integer.parseInt(resumed.group(2)));
        assertEquals(336, Integer.parseInt(resumed.group(3)));
        List<String> after = Files.readAllLines(out.resolve("return.csv"));
        assertEquals(List.of("0", "164", "264", "300", "364", "400"), after.subList(1, after.size()).stream()
                .map(l -> l.split(",")[0]).toList());
    }

    @Test
    void pomdpWrappersApplyLeftToRight(@TempDir Path dir) {
        Matcher m = run("sac", "--env", "mountaincar", "--pomdp", "novel,flicker:0.2", "--steps", "80",
                "--start-steps", "32", "--batch", "16", "--hidden", "8", "--eval-every", "1000", "--eval-episodes",
                "1", "--no-progress", "--no-plots", "--out", dir.resolve("mc").toString());
        assertEquals("MountainCarContinuous-v0+novel+flicker(0.2)", m.group(1));
        assertEquals(48, Integer.parseInt(m.group(3)));
    }

    @Test
    void badInputIsAUsageError(@TempDir Path dir) {
        CliRun env = CliRun.of("sac", "--env", "cartpole", "--out", dir.toString());
        assertEquals(2, env.exitCode());
        assertTrue(env.err().contains("expected one of [pendulum, mountaincar, acrobot] but was 'cartpole'"),
                env.err());
        CliRun pomdp = CliRun.of("sac", "--pomdp", "blur:1", "--out", dir.toString());
        assertEquals(2, pomdp.exitCode());
        assertTrue(pomdp.err().contains("--pomdp") && pomdp.err().contains("blur:1"), pomdp.err());
        CliRun flicker = CliRun.of("sac", "--pomdp", "flicker:2", "--out", dir.toString());
        assertEquals(2, flicker.exitCode());
        assertTrue(flicker.err().contains("p must be in [0, 1]"), flicker.err());
        CliRun steps = CliRun.of("sac", "--steps", "50", "--start-steps", "64", "--batch", "32", "--out",
                dir.toString());
        assertEquals(2, steps.exitCode());
        assertTrue(steps.err().contains("steps") && steps.err().contains("50"), steps.err());
        CliRun start = CliRun.of("sac", "--steps", "400", "--start-steps", "100", "--out", dir.toString());
        assertEquals(2, start.exitCode());
        assertTrue(start.err().contains("--start-steps") && start.err().contains("--batch (256)")
                && start.err().contains("100"), start.err());
    }

    @Test
    void smacRunsWithParticlesAndWritesItsCheckpoint(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("smac");
        CliRun r = CliRun.of("smac", "--env", "pendulum", "--particles", "4", "--latent-dim", "2", "--steps", "120",
                "--start-steps", "32", "--batch", "16", "--hidden", "8", "--eval-every", "1000", "--eval-episodes",
                "1", "--no-progress", "--no-plots", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("smac env=Pendulum-v1 seed=0 particles=4 latent_dim=2 steps=120 updates=88 "
                + "train_s=\\S+ updates_per_s=\\S+ final_return=(\\S+) .+\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) < 0);
        assertTrue(Checkpoint.read(out.resolve("smac.ckpt")).parameters().containsKey("actor.latent.layers.0.weight"));
        assertEquals(List.of("env_steps,mean_return,std_return,episodes"),
                Files.readAllLines(out.resolve("return.csv")).subList(0, 1));
        CliRun bad = CliRun.of("smac", "--particles", "-1", "--out", dir.toString());
        assertEquals(2, bad.exitCode());
    }

    @Test
    void smacWithTheMultilevelEstimatorRunsAndRejectsParticlesThatAreNotAPowerOfTwo(@TempDir Path dir) {
        Path out = dir.resolve("mlmc");
        CliRun r = CliRun.of("smac", "--estimator", "mlmc", "--particles", "8", "--latent-dim", "2", "--steps", "60",
                "--start-steps", "32", "--batch", "16", "--hidden", "8", "--eval-every", "1000", "--eval-episodes",
                "1", "--no-progress", "--no-plots", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("smac env=Pendulum-v1 seed=0 particles=8 latent_dim=2 estimator=mlmc steps=60 "
                + "updates=28 train_s=\\S+ updates_per_s=\\S+ final_return=(\\S+) .+\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertTrue(Double.isFinite(Double.parseDouble(m.group(1))));
        CliRun bad = CliRun.of("smac", "--estimator", "mlmc", "--particles", "6", "--out", dir.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--particles") && bad.err().contains("power of two"), bad.err());
        CliRun unknown = CliRun.of("smac", "--estimator", "sumo", "--out", dir.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("naive") && unknown.err().contains("mlmc"), unknown.err());
    }

    @Test
    void smacOnTheRecurrentBeliefRunsOnAPomdpResumesAndRejectsBadPieces(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("belief");
        String[] args = {"smac", "--env", "pendulum", "--pomdp", "novel,flicker:0.2", "--belief", "recurrent",
            "--particles", "4", "--latent-dim", "2", "--belief-size", "8", "--piece-length", "6", "--burn-in", "2",
            "--q-agg", "mean", "--start-steps", "32", "--batch", "16", "--hidden", "8", "--eval-every", "1000",
            "--eval-episodes", "1", "--no-progress", "--no-plots", "--out", out.toString()};
        String[] first = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--steps", "80")).toArray(String[]::new);
        CliRun r = CliRun.of(first);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("smac env=\\S+ seed=0 particles=4 latent_dim=2 belief=recurrent belief_size=8 "
                + "piece_length=6 burn_in=2 q_agg=mean steps=80 updates=48 train_s=\\S+ updates_per_s=\\S+ "
                + "final_return=(\\S+) .+\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertTrue(Double.isFinite(Double.parseDouble(m.group(1))));
        Path ckpt = out.resolve("smac.ckpt");
        assertTrue(Checkpoint.read(ckpt).parameters().containsKey("belief.cell.weight_ih"),
                Checkpoint.read(ckpt).parameters().keySet().toString());
        String[] more = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--steps", "100", "--resume", ckpt.toString())).toArray(String[]::new);
        CliRun resumed = CliRun.of(more);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().contains("steps=100 updates=68"), resumed.out());
        CliRun bad = CliRun.of("smac", "--belief", "recurrent", "--piece-length", "2", "--burn-in", "2", "--out",
                dir.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--piece-length"), bad.err());
        CliRun unknown = CliRun.of("smac", "--belief", "lstm", "--out", dir.toString());
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("recurrent"), unknown.err());
    }
}
