package io.github.flows4j.examples.fm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code fm --variant}: every TorchCFM variant runs and says so; FFJORD trains from a non-Gaussian base. */
class FmVariantCommandTest {
    private static final String[] TINY = {"--steps", "20", "--batch", "64", "--hidden", "16,16", "--test-size", "64",
        "--tol", "1e-3", "--no-progress", "--no-plots"};

    private static CliRun run(Path out, String... args) {
        String[] all = new String[args.length + TINY.length + 3];
        all[0] = "fm";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(TINY, 0, all, args.length + 1, TINY.length);
        all[all.length - 2] = "--out";
        all[all.length - 1] = out.toString();
        return CliRun.of(all);
    }

    private static double field(String out, String name) {
        Matcher m = Pattern.compile(" " + name + "=(\\S+)").matcher(out);
        assertTrue(m.find(), name + " missing: " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void everyVariantRunsAndPrintsItsNameAndSigma(@TempDir Path dir) {
        String[][] cases = {
            {"i-cfm", "0.1", "gaussian"}, {"ot-cfm", "0.0", "8gaussians"}, {"vp-cfm", "0.05", "gaussian"},
            {"target-fm", "0.01", "gaussian"}};
        for (String[] c : cases) {
            CliRun r = run(dir.resolve(c[0]), "--variant", c[0], "--sigma", c[1], "--source", c[2], "--dataset",
                    "moons");
            assertEquals(0, r.exitCode(), c[0] + ": " + r.err());
            String source = c[2].equals("gaussian") ? "" : " source=" + c[2];
            assertTrue(r.out().startsWith("fm dataset=moons objective=fm variant=" + c[0] + " sigma=" + c[1] + source
                    + " steps=20 "), r.out());
            assertTrue(Double.isFinite(field(r.out(), "test_nll")), r.out());
            assertTrue(field(r.out(), "kinetic") > 0, r.out());
            assertTrue(!r.out().contains("sde_w2"), "only SB-CFM samples an SDE: " + r.out());
        }
    }

    @Test
    void sbCfmTrainsAScoreAndSamplesTheBridgeSde(@TempDir Path dir) {
        CliRun r = run(dir.resolve("sb"), "--variant", "sb-cfm", "--sigma", "0.5", "--source", "8gaussians",
                "--dataset", "moons", "--sde-steps", "20");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("fm dataset=moons objective=fm variant=sb-cfm sigma=0.5 source=8gaussians "),
                r.out());
        double ode = field(r.out(), "ode_w2");
        double sde = field(r.out(), "sde_w2");
        double floor = field(r.out(), "floor_w2");
        assertTrue(r.out().contains(" sde_steps=20 "), r.out());
        // the floor is the distance between two samples of the data; both samplers sit above it, but not absurdly
        // far after 20 steps (the source itself is about 3 away from the moons)
        assertTrue(floor > 0 && ode > floor && sde > floor, r.out());
        assertTrue(ode < 10 && sde < 10, r.out());
        assertTrue(r.out().contains("flow + score regression loss") && r.out().contains("# ")
                && r.out().contains("ode_w2, sde_w2: exact-OT 2-Wasserstein"), r.out());
    }

    @Test
    void anSbCfmCheckpointIsEvaluatedAndSampledThroughItsFlowAndScore(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sb");
        CliRun trained = run(out, "--variant", "sb-cfm", "--sigma", "0.5", "--source", "8gaussians", "--dataset",
                "moons", "--sde-steps", "10");
        assertEquals(0, trained.exitCode(), trained.err());
        String ckpt = out.resolve("fm.ckpt").toString();
        String[] model = {"--checkpoint", ckpt, "--variant", "sb-cfm", "--sigma", "0.5", "--source", "8gaussians",
            "--dataset", "moons", "--hidden", "16,16", "--test-size", "64", "--tol", "1e-3", "--sde-steps", "10"};
        CliRun eval = CliRun.of(concat(new String[] {"fm", "evaluate", "--no-plots"}, model));
        assertEquals(0, eval.exitCode(), eval.err());
        // the same weights, test set and Brownian stream: every number of the training run again
        for (String f : new String[] {"test_nll", "sample_nfe", "ode_w2", "sde_w2", "floor_w2"}) {
            assertEquals(field(trained.out(), f), field(eval.out(), f), f + ": " + eval.out());
        }
        assertTrue(eval.out().contains("ode_w2, sde_w2: exact-OT 2-Wasserstein"), eval.out());
        Path sampled = dir.resolve("sde-samples");
        CliRun sde = CliRun.of(concat(new String[] {"fm", "sample", "-n", "40", "--sde", "-o", sampled.toString()},
                model));
        assertEquals(0, sde.exitCode(), sde.err());
        assertTrue(sde.out().contains(" n=40 sde_steps=10 "), sde.out());
        List<String> rows = Files.readAllLines(sampled.resolve("samples.csv"));
        assertEquals(41, rows.size());
        for (String row : rows.subList(1, rows.size())) {
            for (String v : row.split(",")) {
                assertTrue(Math.abs(Double.parseDouble(v)) < 20, "a bridge sample far off: " + row);
            }
        }
        CliRun ode = CliRun.of(concat(new String[] {"fm", "sample", "-n", "40", "-o", dir.resolve("ode").toString()},
                model));
        assertEquals(0, ode.exitCode(), ode.err());
        assertTrue(ode.out().contains(" sample_nfe="), ode.out());
    }

    @Test
    void loadingAnSbCfmCheckpointWithoutItsVariantSaysWhatToAdd(@TempDir Path dir) {
        Path sb = dir.resolve("sb");
        assertEquals(0, run(sb, "--variant", "sb-cfm", "--sigma", "0.5").exitCode());
        Path plain = dir.resolve("plain");
        assertEquals(0, run(plain).exitCode());
        CliRun noVariant = CliRun.of("fm", "evaluate", "--checkpoint", sb.resolve("fm.ckpt").toString(), "--hidden",
                "16,16", "--no-plots");
        assertEquals(1, noVariant.exitCode(), noVariant.err());
        assertTrue(noVariant.err().contains("SB-CFM flow and score") && noVariant.err().contains("--variant sb-cfm"),
                noVariant.err());
        CliRun extraVariant = CliRun.of("fm", "sample", "--checkpoint", plain.resolve("fm.ckpt").toString(),
                "--hidden", "16,16", "--variant", "sb-cfm", "--sigma", "0.5", "-o", dir.resolve("x").toString());
        assertEquals(1, extraVariant.exitCode(), extraVariant.err());
        assertTrue(extraVariant.err().contains("drop --variant sb-cfm"), extraVariant.err());
        CliRun sdeWithout = CliRun.of("fm", "sample", "--checkpoint", plain.resolve("fm.ckpt").toString(),
                "--hidden", "16,16", "--sde", "-o", dir.resolve("y").toString());
        assertEquals(2, sdeWithout.exitCode());
        assertTrue(sdeWithout.err().contains("--sde needs --variant sb-cfm"), sdeWithout.err());
        CliRun stepsWithout = CliRun.of("fm", "evaluate", "--checkpoint", plain.resolve("fm.ckpt").toString(),
                "--hidden", "16,16", "--sde-steps", "5", "--no-plots");
        assertEquals(2, stepsWithout.exitCode());
        assertTrue(stepsWithout.err().contains("--sde-steps has no effect without --variant sb-cfm"),
                stepsWithout.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void ffjordTrainsFromANonGaussianBase(@TempDir Path dir) {
        CliRun r = CliRun.of("fm", "--objective", "ffjord", "--source", "8gaussians", "--dataset", "moons", "--steps",
                "3", "--batch", "32", "--hidden", "8", "--test-size", "32", "--tol", "1e-3", "--no-progress",
                "--no-plots", "--out", dir.resolve("ml").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("fm dataset=moons objective=ffjord source=8gaussians steps=3 "), r.out());
        assertTrue(Double.isFinite(field(r.out(), "test_nll")), r.out());
        CliRun flat = CliRun.of("fm", "--objective", "ffjord", "--source", "checkerboard", "--no-plots");
        assertEquals(2, flat.exitCode());
        assertTrue(flat.err().contains("--source checkerboard") && flat.err().contains("differentiable"), flat.err());
    }

    @Test
    void optionsAVariantIgnoresAndBadSigmasAreUsageErrors() {
        CliRun sb = CliRun.of("fm", "--variant", "sb-cfm", "--no-plots");
        assertEquals(2, sb.exitCode());
        assertTrue(sb.err().contains("sigma") && sb.err().contains("SB-CFM"), sb.err());
        CliRun ot = CliRun.of("fm", "--variant", "ot-cfm", "--ot", "--no-plots");
        assertEquals(2, ot.exitCode());
        assertTrue(ot.err().contains("--ot has no effect with --variant ot-cfm"), ot.err());
        CliRun path = CliRun.of("fm", "--variant", "i-cfm", "--path", "vp", "--no-plots");
        assertEquals(2, path.exitCode());
        assertTrue(path.err().contains("--path has no effect"), path.err());
        CliRun target = CliRun.of("fm", "--variant", "target-fm", "--sigma", "1.5", "--no-plots");
        assertEquals(2, target.exitCode());
        assertTrue(target.err().contains("sigma"), target.err());
        CliRun targetSource = CliRun.of("fm", "--variant", "target-fm", "--source", "8gaussians", "--no-plots");
        assertEquals(2, targetSource.exitCode());
        assertTrue(targetSource.err().contains("source") && targetSource.err().contains("target FM"),
                targetSource.err());
        CliRun steps = CliRun.of("fm", "--variant", "i-cfm", "--sde-steps", "10", "--no-plots");
        assertEquals(2, steps.exitCode());
        assertTrue(steps.err().contains("--sde-steps has no effect without --variant sb-cfm"), steps.err());
        CliRun ffjord = CliRun.of("fm", "--objective", "ffjord", "--variant", "i-cfm", "--no-plots");
        assertEquals(2, ffjord.exitCode());
        assertTrue(ffjord.err().contains("--variant has no effect with --objective ffjord"), ffjord.err());
        CliRun unknown = CliRun.of("fm", "--variant", "rf-cfm");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("expected one of [i-cfm, ot-cfm, sb-cfm, vp-cfm, target-fm]"),
                unknown.err());
    }

    @Test
    void aTrainedModelSampledUnderAnotherScheduleGivesTheSameSamples(@TempDir Path dir) {
        CliRun r = run(dir.resolve("cos"), "--dataset", "8gaussians", "--sample-path", "cosine");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(" path=condot ot=false ") && r.out().contains(" sample_path=cosine "), r.out());
        assertTrue(field(r.out(), "sample_path_nfe") > 0, r.out());
        // dopri5 at --tol 1e-3 on two differently timed paths: the samples agree to about the tolerance
        assertTrue(field(r.out(), "sample_path_max_diff") < 0.05, r.out());
        assertTrue(r.out().contains("sample_path_max_diff: the largest coordinate difference"), r.out());
        CliRun vp = CliRun.of("fm", "--sample-path", "linear_vp", "--no-plots");
        assertEquals(2, vp.exitCode());
        assertTrue(vp.err().contains("--sample-path linear_vp from --path condot") && vp.err().contains("finite"),
                vp.err());
        CliRun noisy = CliRun.of("fm", "--sample-path", "cosine", "--sigma", "0.1", "--no-plots");
        assertEquals(2, noisy.exitCode());
        assertTrue(noisy.err().contains("--sample-path needs"), noisy.err());
    }

    @Test
    void theEightGaussiansSourceDensityIsTheToys() {
        INDArray x = Rng.seeded(4).normal(DataType.DOUBLE, 50, 2).mul(3);
        INDArray mixture = Fm2dSource.EIGHT_GAUSSIANS.density().orElseThrow().logProb(Tensor.constant(x)).value();
        INDArray toy = Toy2d.EIGHT_GAUSSIANS.logDensity(x);
        assertTrue(mixture.reshape(50).equalsWithEps(toy, 1e-9), mixture + " vs " + toy);
        assertTrue(Fm2dSource.EIGHT_GAUSSIANS.density().orElseThrow().differentiable());
    }
}
