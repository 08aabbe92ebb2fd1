package io.github.flows4j.examples.gfn;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GflownetCommandTest {
    private static final Pattern LINE = Pattern.compile("gflownet env=hypergrid dim=(\\d+) height=(\\d+) r0=\\S+ "
            + "loss=(\\w+) seed=\\d+ steps=(\\d+) trajectories=(\\d+) train_s=\\S+ train_loss=\\S+ tv=(\\S+) "
            + "l1=(\\S+) log_z=(\\S+) log_z_true=(\\S+) modes_below_half=(\\d+)/(\\d+) modes_min_ratio=(\\S+) "
            + "out=(.+)\n(?:mode corner=[01]+ p_t=\\S+ target=\\S+ ratio=\\S+\n)+");
    private static final Pattern MODE = Pattern.compile("mode corner=([01]+) p_t=(\\S+) target=(\\S+) ratio=(\\S+)");

    static Matcher run(String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = LINE.matcher(r.out());
        assertTrue(m.matches(), "unexpected line: " + r.out());
        return m;
    }

    /** The code path of the results rows, on a small grid: TV falls and the outputs are written. */
    @Test
    void trainsWritesTheTvCurveAndACheckpoint(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Matcher m = run("gflownet", "--dim", "2", "--height", "8", "--r0", "0.1", "--loss", "subtb", "--steps", "300",
                "--hidden", "64,64", "--eval-every", "100", "--no-progress", "--out", out.toString());
        assertEquals("subtb", m.group(3));
        assertEquals(300 * 16, Long.parseLong(m.group(5)));
        double tv = Double.parseDouble(m.group(6));
        List<String> csv = Files.readAllLines(out.resolve("tv.csv"));
        assertEquals("step,trajectories,tv,l1,log_z", csv.get(0));
        assertEquals(5, csv.size()); // header, steps 0, 100, 200, 300
        double tv0 = Double.parseDouble(csv.get(1).split(",")[2]);
        double tvEnd = Double.parseDouble(csv.get(4).split(",")[2]);
        assertEquals(tv, tvEnd, 1e-4);
        assertTrue(tv0 > 0.4 && tv < 0.15, "TV " + tv0 + " -> " + tv);
        assertEquals(2 * tv, Double.parseDouble(m.group(7)), 2e-4);
        assertTrue(Files.size(out.resolve("tv.png")) > 1000);
        assertTrue(Checkpoint.read(out.resolve("gflownet.ckpt")).parameters().containsKey("log_z"));
        // the per-mode breakdown: 4 corners, target masses equal by symmetry, ratios consistent with the summary
        assertEquals(4, Integer.parseInt(m.group(11)));
        Matcher mode = MODE.matcher(m.group(0));
        double minRatio = Double.POSITIVE_INFINITY;
        int modes = 0;
        while (mode.find()) {
            modes++;
            double pt = Double.parseDouble(mode.group(2));
            double target = Double.parseDouble(mode.group(3));
            assertEquals(pt / target, Double.parseDouble(mode.group(4)), 2e-3);
            minRatio = Math.min(minRatio, Double.parseDouble(mode.group(4)));
        }
        assertEquals(4, modes);
        assertEquals(minRatio, Double.parseDouble(m.group(12)), 1e-3);
        List<String> modesCsv = Files.readAllLines(out.resolve("modes.csv"));
        assertEquals("corner,p_t,target,ratio", modesCsv.get(0));
        assertEquals(List.of("00", "10", "01", "11"), modesCsv.subList(1, 5).stream().map(l -> l.split(",")[0])
                .toList());
    }

    @Test
    void gaussGridTrainsADiffusionSamplerAndEstimatesLogZ(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("gauss");
        CliRun r = CliRun.of("gflownet", "--env", "gauss-grid", "--steps", "20", "--batch", "32", "--hidden", "16",
                "--diffusion-steps", "8", "--eval-every", "10", "--no-progress", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("gflownet env=gauss-grid loss=tb seed=0 steps=20 diffusion_steps=8 sigma=4.0 "
                + "train_s=\\S+ train_loss=\\S+ log_z_est=(\\S+) log_z_learned=\\S+ log_z_true=(\\S+) "
                + "logz_error=(\\S+) elbo=(\\S+) ess=(\\d+) defensive=0.0 log_z_on_policy=(\\S+) "
                + "modes_hit=(\\d+)/25 out=.+\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertEquals(Math.log(25 * 2 * Math.PI * 0.16), Double.parseDouble(m.group(2)), 1e-4);
        int ess = Integer.parseInt(m.group(5));
        assertTrue(ess >= 1 && ess <= 10_000, r.out()); // Kish's ESS of the 10 000 final paths
        assertEquals(m.group(1), m.group(6)); // without --defensive the estimate is the on-policy one
        assertTrue(Double.isFinite(Double.parseDouble(m.group(1))));
        // Jensen: the ELBO (mean log-weight) never exceeds the log-mean-exp estimate of the same weights
        assertTrue(Double.parseDouble(m.group(4)) <= Double.parseDouble(m.group(1)) + 1e-4, r.out());
        assertEquals(3, Files.readAllLines(out.resolve("logz.csv")).size()); // header, steps 10 and 20
        assertTrue(Files.size(out.resolve("samples.png")) > 1000);
        assertTrue(Checkpoint.read(out.resolve("gflownet.ckpt")).parameters().containsKey("log_z"));
        CliRun bad = CliRun.of("gflownet", "--env", "gauss-grid", "--loss", "db");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("tb only"), bad.err());
    }

    @Test
    void funnelTrainsTheSamplerOfNealsFunnel(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("funnel");
        Path metrics = dir.resolve("m.csv");
        CliRun r = CliRun.of("gflownet", "--env", "funnel", "--steps", "10", "--batch", "32", "--hidden", "16",
                "--diffusion-steps", "8", "--sigma", "3", "--variance-range", "4", "--lr-schedule", "cosine",
                "--defensive", "0.5", "--eval-every", "5", "--no-progress", "--no-plots", "--metrics",
                metrics.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("gflownet env=funnel loss=tb seed=0 steps=10 diffusion_steps=8 sigma=3.0 "
                + "train_s=\\S+ train_loss=\\S+ log_z_est=(\\S+) log_z_learned=\\S+ log_z_true=0.0000 "
                + "logz_error=(\\S+) elbo=(\\S+) ess=\\d+ defensive=0.5 log_z_on_policy=(\\S+) out=.+\n")
                .matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertEquals(Math.abs(Double.parseDouble(m.group(1))), Double.parseDouble(m.group(2)), 1e-4);
        // Jensen on the on-policy weights: their mean (the ELBO) never exceeds their log-mean-exp
        assertTrue(Double.parseDouble(m.group(3)) <= Double.parseDouble(m.group(4)) + 1e-4, r.out());
        assertEquals(3, Files.readAllLines(out.resolve("logz.csv")).size()); // header, steps 5 and 10
        // the learned variance doubles the network's output: drift and log-variance heads, 2 + 2 columns
        assertEquals(4, Checkpoint.read(out.resolve("gflownet.ckpt")).parameters().get("drift.layers.1.layer.bias")
                .length());
        assertCosineDecay(metrics, 10, 1e-3);
        CliRun bad = CliRun.of("gflownet", "--env", "funnel", "--loss", "subtb");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--env funnel trains with --loss tb only"), bad.err());
    }

    /**
     * The MLE-GFN demo: the diffusion sampler trained by maximum likelihood on 8 Gaussians with the TB consistency as
     * a regulariser raises the held-out ELBO (a lower bound, below the data's true mean log-density), starts from a
     * consistent sampler (zero drift is Brownian motion, whose bridge is exact) and writes the curve, samples and a
     * checkpoint.
     */
    @Test
    void mleTrainsTheSamplerByMaximumLikelihood(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("mle");
        CliRun r = CliRun.of("gflownet", "--env", "mle", "--steps", "60", "--batch", "64", "--hidden", "32,32",
                "--diffusion-steps", "8", "--sigma", "3", "--lr", "3e-3", "--eval-every", "30", "--test-size", "500",
                "--no-progress", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = Pattern.compile("gflownet env=mle dataset=8gaussians seed=0 steps=60 diffusion_steps=8 sigma=3.0 "
                + "consistency=0.1 paths_per_point=4 train_s=\\S+ train_loss=\\S+ elbo_start=(\\S+) elbo=(\\S+) "
                + "true_loglik=(\\S+) tb_violation_start=(\\S+) tb_violation=(\\S+) out=.+\n").matcher(r.out());
        assertTrue(m.matches(), r.out());
        double start = Double.parseDouble(m.group(1));
        double elbo = Double.parseDouble(m.group(2));
        assertTrue(elbo > start + 0.1, r.out()); // measured -4.49 -> -4.30
        assertTrue(elbo < Double.parseDouble(m.group(3)), r.out());
        assertTrue(Double.parseDouble(m.group(4)) < 0.01, r.out());
        assertEquals(4, Files.readAllLines(out.resolve("elbo.csv")).size()); // header, steps 0, 30 and 60
        assertTrue(Files.size(out.resolve("samples.png")) > 1000);
        assertTrue(Files.exists(out.resolve("gflownet.ckpt")));
        CliRun bad = CliRun.of("gflownet", "--env", "mle", "--loss", "db");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--env mle trains by maximum likelihood"), bad.err());
        CliRun paths = CliRun.of("gflownet", "--env", "mle", "--paths-per-point", "1", "--no-progress", "--out",
                dir.resolve("bad").toString());
        assertEquals(2, paths.exitCode());
        assertTrue(paths.err().contains("--paths-per-point must be >= 2"), paths.err());
        CliRun beta = CliRun.of("gflownet", "--env", "mle", "--consistency", "-1");
        assertEquals(2, beta.exitCode());
        assertTrue(beta.err().contains("'--consistency'"), beta.err());
    }

    /** The learning rates of a {@code --metrics} log fall from {@code lr} towards 0 along the cosine. */
    private static void assertCosineDecay(Path metrics, int steps, double lr) throws IOException {
        List<String> rows = Files.readAllLines(metrics);
        assertEquals(steps + 1, rows.size(), rows.toString());
        for (int k = 1; k <= steps; k++) {
            double expected = 0.5 * lr * (1 + Math.cos(Math.PI * (k - 1) / steps));
            assertEquals(expected, Double.parseDouble(rows.get(k).split(",")[2]), 1e-6 * lr, rows.get(k));
        }
    }

    /** {@code --lr-schedule cosine} on the hypergrid: the Trainer's rate decays along the cosine and TB learns. */
    @Test
    void cosineScheduleDecaysTheHypergridLearningRate(@TempDir Path dir) throws IOException {
        Path metrics = dir.resolve("m.csv");
        Matcher m = run("gflownet", "--dim", "2", "--height", "8", "--r0", "0.1", "--loss", "tb", "--steps", "200",
                "--hidden", "64,64", "--eval-every", "100", "--lr-schedule", "cosine", "--no-progress", "--no-plots",
                "--metrics", metrics.toString(), "--out", dir.resolve("run").toString());
        List<String> csv = Files.readAllLines(dir.resolve("run").resolve("tv.csv"));
        double tv0 = Double.parseDouble(csv.get(1).split(",")[2]);
        assertTrue(Double.parseDouble(m.group(6)) < tv0 - 0.05, tv0 + " -> " + m.group(0));
        assertCosineDecay(metrics, 200, 1e-3);
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun r = CliRun.of("gflownet", "--loss", "kl");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--loss'") && r.err().contains("tb, db, subtb, fm"), r.err());
        CliRun h = CliRun.of("gflownet", "--height", "1", "--no-progress");
        assertEquals(2, h.exitCode());
        assertTrue(h.err().contains("height"), h.err());
        CliRun z = CliRun.of("gflownet", "--r0", "0");
        assertEquals(2, z.exitCode());
        assertTrue(z.err().contains("'--r0'"), z.err());
        CliRun s = CliRun.of("gflownet", "--lr-schedule", "linear");
        assertEquals(2, s.exitCode());
        assertTrue(s.err().contains("'--lr-schedule'") && s.err().contains("constant, cosine"), s.err());
        CliRun v = CliRun.of("gflownet", "--env", "funnel", "--variance-range", "-1");
        assertEquals(2, v.exitCode());
        assertTrue(v.err().contains("'--variance-range'"), v.err());
        CliRun d = CliRun.of("gflownet", "--env", "funnel", "--defensive", "1");
        assertEquals(2, d.exitCode());
        assertTrue(d.err().contains("'--defensive'"), d.err());
    }

    /**
     * Reproduces the row {@code gfn/hypergrid_d4_H8_R0.01_subtb,tv} of docs/results.md: 10^5 trajectories of
     * sub-trajectory balance (λ = 0.9) on the 8^4 hypergrid with R0 = 0.01; the exact TV to R/Z must meet the issue's
     * target of 0.05 (measured 0.0296 with seed 0).
     */
    @Test
    @Tag("slow")
    void reproducesTheHypergridSubTrajectoryBalanceRow(@TempDir Path dir) {
        Matcher m = run("gflownet", "--dim", "4", "--height", "8", "--r0", "0.01", "--loss", "subtb", "--seed", "0",
                "--no-progress", "--no-plots", "--out", dir.resolve("subtb").toString());
        assertEquals(100_000, Long.parseLong(m.group(5)));
        double tv = Double.parseDouble(m.group(6));
        assertTrue(tv <= 0.05, "TV " + tv);
        assertEquals(Double.parseDouble(m.group(9)), Double.parseDouble(m.group(8)), 0.1);
    }

    /**
     * Reproduces the hypergrid rows of the other objectives, of R0 = 0.1 and of R0 = 0.001 (docs/results.md and
     * docs/gflownet.md): the exact TV of the final model within the spread measured over seeds and over the last
     * evaluations of a run, log Z within the given nats (0.1, or 0.2 for the SubTB seed-2 run at R0 = 0.001, measured
     * 0.122 off, and 0.45 for DB on d = 2, H = 64, measured 0.325 off: it loses a mode), and at most
     * {@code maxMissed} corner modes with less than half their target mass (16 = not checked: measured before the
     * breakdown existed).
     */
    @ParameterizedTest(name = "{0} d{1} H{2} r0 {3} seed {4}")
    @CsvSource({
        "db, 4, 8, 0.01, 0, 0.0, 0.05, 16, 0.1",
        "tb, 4, 8, 0.01, 0, 0.035, 0.09, 16, 0.1",
        "tb, 4, 8, 0.001, 0, 0.0, 0.06, 0, 0.1",
        "db, 4, 8, 0.001, 0, 0.0, 0.06, 0, 0.1",
        "subtb, 4, 8, 0.001, 0, 0.0, 0.06, 0, 0.1",
        "tb, 4, 8, 0.1, 0, 0.0, 0.06, 0, 0.1",
        "db, 4, 8, 0.1, 0, 0.0, 0.04, 0, 0.1",
        "subtb, 4, 8, 0.1, 0, 0.0, 0.045, 0, 0.1",
        "tb, 4, 8, 0.1, 1, 0.06, 0.11, 0, 0.1",
        "db, 4, 8, 0.1, 1, 0.0, 0.04, 0, 0.1",
        "subtb, 4, 8, 0.1, 1, 0.0, 0.04, 0, 0.1",
        "tb, 4, 8, 0.1, 2, 0.0, 0.05, 0, 0.1",
        "db, 4, 8, 0.1, 2, 0.0, 0.03, 0, 0.1",
        "subtb, 4, 8, 0.1, 2, 0.0, 0.045, 0, 0.1",
        "tb, 4, 8, 0.001, 1, 0.0, 0.13, 0, 0.1",
        "db, 4, 8, 0.001, 1, 0.0, 0.06, 0, 0.1",
        "subtb, 4, 8, 0.001, 1, 0.0, 0.06, 0, 0.1",
        "tb, 4, 8, 0.001, 2, 0.0, 0.08, 0, 0.1",
        "db, 4, 8, 0.001, 2, 0.0, 0.06, 0, 0.1",
        "subtb, 4, 8, 0.001, 2, 0.0, 0.08, 0, 0.2",
        "tb, 2, 64, 0.01, 0, 0.0, 0.09, 0, 0.1",
        "db, 2, 64, 0.01, 0, 0.15, 0.3, 1, 0.45",
    })
    @Tag("slow")
    void reproducesTheOtherHypergridRows(String loss, int dim, int height, String r0, int seed, double low, double high,
            int maxMissed, double logZTolerance, @TempDir Path dir) {
        Matcher m = run("gflownet", "--dim", String.valueOf(dim), "--height", String.valueOf(height), "--r0", r0,
                "--loss", loss, "--seed", String.valueOf(seed), "--no-progress", "--no-plots", "--out",
                dir.resolve(loss).toString());
        double tv = Double.parseDouble(m.group(6));
        assertTrue(tv >= low && tv <= high, loss + " r0 " + r0 + " seed " + seed + ": TV " + tv);
        assertEquals(Double.parseDouble(m.group(9)), Double.parseDouble(m.group(8)), logZTolerance);
        assertEquals(1 << dim, Integer.parseInt(m.group(11)));
        assertTrue(Integer.parseInt(m.group(10)) <= maxMissed, m.group(0));
    }

    /**
     * Reproduces the rows {@code gfn/hypergrid_d4_H8_R0.1_tb_cosine,tv} and
     * {@code gfn/hypergrid_d4_H8_R0.01_tb_cosine,tv}: TB with the learning rate decayed along a cosine to 0 over the
     * 10^5 trajectories (constant-rate TB oscillates late: at R0 = 0.1 seed 1 ended at 0.0861), each seed within the
     * spread around its measured TV (R0 = 0.1: 0.0175 / 0.0168 / 0.0161; R0 = 0.01: 0.0216 / 0.0218 / 0.0187) and
     * log Z within 0.1 nats.
     */
    @ParameterizedTest(name = "tb cosine r0 {0} seed {1}")
    @CsvSource({"0.1, 0, 0.0, 0.03", "0.1, 1, 0.0, 0.03", "0.1, 2, 0.0, 0.03", "0.01, 0, 0.0, 0.035",
        "0.01, 1, 0.0, 0.035", "0.01, 2, 0.0, 0.035"})
    @Tag("slow")
    void reproducesTheCosineTrajectoryBalanceRows(String r0, int seed, double low, double high, @TempDir Path dir) {
        Matcher m = run("gflownet", "--dim", "4", "--height", "8", "--r0", r0, "--loss", "tb", "--lr-schedule",
                "cosine", "--seed", String.valueOf(seed), "--no-progress", "--no-plots", "--out",
                dir.resolve("tb").toString());
        System.out.println(m.group(0));
        double tv = Double.parseDouble(m.group(6));
        assertTrue(tv >= low && tv <= high, "seed " + seed + ": TV " + tv);
        assertEquals(Double.parseDouble(m.group(9)), Double.parseDouble(m.group(8)), 0.1);
        assertEquals(0, Integer.parseInt(m.group(10)), m.group(0));
    }

    /**
     * The code path of the d = 2, H = 64 rows, short: TB with the cosine rate on the 64 x 64 grid, whose trajectories
     * are up to 127 steps long (about half of a batch is padding, which the networks skip), lowers the exact TV, and
     * the true log Z and the four corners are the long grid's (a small net at a larger rate, so 640 trajectories show
     * it).
     */
    @Test
    void longGridTrainsWithTheCosineRate(@TempDir Path dir) throws IOException {
        Matcher m = run("gflownet", "--dim", "2", "--height", "64", "--r0", "0.01", "--loss", "tb", "--lr-schedule",
                "cosine", "--steps", "40", "--hidden", "32,32", "--lr", "1e-2", "--log-z-scale", "10", "--eval-every",
                "20", "--no-progress", "--no-plots", "--out", dir.resolve("run").toString());
        assertEquals("64", m.group(2));
        assertEquals(6.7345, Double.parseDouble(m.group(9)), 1e-4);
        assertEquals(4, Integer.parseInt(m.group(11)));
        List<String> csv = Files.readAllLines(dir.resolve("run").resolve("tv.csv"));
        double tv0 = Double.parseDouble(csv.get(1).split(",")[2]);
        assertTrue(Double.parseDouble(m.group(6)) < tv0 - 0.1, tv0 + " -> " + m.group(0)); // measured 0.965 -> 0.780
    }

    /**
     * Reproduces the rows {@code gfn/hypergrid_d2_H64_R0.01_tb_cosine,tv}, {@code …_db_cosine,tv} and
     * {@code …_subtb_cosine,tv}: each objective with the learning rate decayed along a cosine to 0 over 10^5
     * trajectories on d = 2, H = 64, R0 = 0.01, each seed within the spread around its measured TV (seeds 0 / 1 / 2:
     * TB 0.0362 / 0.0477 / 0.0484; DB 0.2322 / 0.2350 / 0.2431, which collapses the far corner and is 0.34–0.36 nats
     * low in log Z; SubTB 0.0574 / 0.0586 / 0.0575), log Z within the given nats and at most {@code maxMissed} corners
     * below half their mass. The measured line is printed, so the run that checks a row also shows its numbers.
     */
    @ParameterizedTest(name = "d2 H64 {0} cosine seed {1}")
    @CsvSource({
        "tb, 0, 0.0, 0.06, 0.1, 0", "tb, 1, 0.0, 0.06, 0.1, 0", "tb, 2, 0.0, 0.06, 0.1, 0",
        "db, 0, 0.2, 0.27, 0.45, 1", "db, 1, 0.2, 0.27, 0.45, 1", "db, 2, 0.2, 0.27, 0.45, 1",
        "subtb, 0, 0.0, 0.07, 0.1, 0", "subtb, 1, 0.0, 0.07, 0.1, 0", "subtb, 2, 0.0, 0.07, 0.1, 0",
    })
    @Tag("slow")
    void reproducesTheLongGridCosineRows(String loss, int seed, double low, double high, double logZTolerance,
            int maxMissed, @TempDir Path dir) {
        Matcher m = run("gflownet", "--dim", "2", "--height", "64", "--r0", "0.01", "--loss", loss, "--lr-schedule",
                "cosine", "--seed", String.valueOf(seed), "--no-progress", "--no-plots", "--out",
                dir.resolve(loss).toString());
        System.out.println(m.group(0));
        assertEquals(100_000, Long.parseLong(m.group(5)));
        double tv = Double.parseDouble(m.group(6));
        assertTrue(tv >= low && tv <= high, loss + " seed " + seed + ": TV " + tv);
        assertEquals(Double.parseDouble(m.group(9)), Double.parseDouble(m.group(8)), logZTolerance);
        assertTrue(Integer.parseInt(m.group(10)) <= maxMissed, m.group(0));
    }

    /**
     * Reproduces the continuous rows gfn/gauss25 (log Z error, modes hit; 3-seed mean 0.0067 in the row, seed 0
     * measured 0.0110, 25/25 modes on every seed) for seed 0 and gfn/funnel (log Z error,
     * defensive importance sampling with 30 % reference paths; 3-seed mean in the row) for seed 0: the defensive
     * estimate within the 0.1-nat target (measured 0.0285), the on-policy one of the same sampler short of log Z by
     * the neck's missed mass (measured -0.2114).
     */
    @Test
    @Tag("slow")
    void reproducesTheDiffusionSamplerRows(@TempDir Path dir) {
        CliRun g = CliRun.of("gflownet", "--env", "gauss-grid", "--batch", "256", "--steps", "1000", "--sigma", "2",
                "--diffusion-steps", "20", "--seed", "0", "--no-progress", "--no-plots", "--out",
                dir.resolve("g").toString());
        assertEquals(0, g.exitCode(), g.err());
        System.out.print(g.out());
        Matcher mg = Pattern.compile(".* logz_error=(\\S+) elbo=.* modes_hit=(\\d+)/25 .*\n").matcher(g.out());
        assertTrue(mg.matches(), g.out());
        assertTrue(Double.parseDouble(mg.group(1)) <= 0.1, g.out());
        assertEquals(25, Integer.parseInt(mg.group(2)), g.out());
        CliRun f = CliRun.of("gflownet", "--env", "funnel", "--batch", "256", "--steps", "2400", "--sigma", "3",
                "--diffusion-steps", "20", "--defensive", "0.3", "--eval-every", "400", "--seed", "0", "--no-progress",
                "--no-plots", "--out", dir.resolve("f").toString());
        assertEquals(0, f.exitCode(), f.err());
        System.out.print(f.out());
        Matcher mf = Pattern.compile(".* logz_error=(\\S+) elbo=.* log_z_on_policy=(\\S+) out=.*\n")
                .matcher(f.out());
        assertTrue(mf.matches(), f.out());
        assertTrue(Double.parseDouble(mf.group(1)) <= 0.1, f.out());
        assertTrue(Double.parseDouble(mf.group(2)) < -0.1, f.out());
    }
}
