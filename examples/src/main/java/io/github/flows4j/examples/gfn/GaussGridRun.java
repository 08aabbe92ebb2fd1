package io.github.flows4j.examples.gfn;

import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.rl.gfn.diffusion.DiffusionPaths;
import io.github.flows4j.rl.gfn.diffusion.DiffusionSampler;
import io.github.flows4j.rl.gfn.diffusion.DiffusionTrajectoryBalance;
import io.github.flows4j.rl.gfn.diffusion.GaussianGrid;
import io.github.flows4j.rl.gfn.diffusion.UnnormalizedDensity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ParameterException;

/**
 * {@code gflownet --env gauss-grid} and {@code --env funnel}: a {@link DiffusionSampler} trained by trajectory
 * balance through the {@link Trainer} on the 25-mode {@link GaussianGrid} or Neal's funnel; every evaluation
 * estimates log Z by importance sampling ({@code logz.csv}); at the end 10 000 paths give the log Z estimate, the
 * ELBO (mean log-weight of on-policy paths; log Z minus it is the sampler's KL gap), the weights' effective sample
 * size, for the grid the modes hit, and
 * {@code samples.png}.
 *
 * <p>With {@code --defensive α} the reported estimate (and every evaluation's) uses defensive importance sampling,
 * {@link DiffusionSampler#logDefensiveWeights}: a share α of the paths come from the reference Brownian motion; the
 * line then also gives the plain on-policy estimate ({@code log_z_on_policy}) from the same sampler.
 */
final class GaussGridRun implements Callable<Integer> {
    private static final int EVAL_PATHS = 4096;
    private static final int SAMPLES = 10_000;

    private final CommandParts parts;
    private final String envName;
    private final UnnormalizedDensity target;
    private final Settings settings;

    /**
     * The sampler's and the run's settings from the command line.
     *
     * @param steps         K, the diffusion steps
     * @param sigma         σ
     * @param varianceRange r of the learned forward variance, 0 for a fixed one
     * @param noiseScale    the exploration factor on the training paths' noise
     * @param logZScale     how much faster log Z learns
     * @param schedule      the learning rate
     * @param evalEvery     steps between log Z estimates
     * @param defensive     the share of reference Brownian-motion paths in the estimates' proposal, 0 for none
     * @param noPlots       skip samples.png
     */
    record Settings(int steps, double sigma, double varianceRange, double noiseScale, double logZScale,
            LrSchedule schedule, int evalEvery, double defensive, boolean noPlots) {
    }

    GaussGridRun(CommandParts parts, String envName, UnnormalizedDensity target, Settings settings) {
        this.parts = parts;
        this.envName = envName;
        this.target = target;
        this.settings = settings;
    }

    @Override
    public Integer call() throws IOException {
        Path out = parts.output().create();
        Rng rng = Rng.seeded(parts.train().seed());
        DiffusionSampler sampler;
        DiffusionTrajectoryBalance tb;
        TrainerConfig config;
        try {
            sampler = DiffusionSampler.builder().dim(2).steps(settings.steps()).sigma(settings.sigma())
                    .varianceRange(settings.varianceRange()).hidden(parts.train().hidden())
                    .logZScale(settings.logZScale()).build(rng.split());
            tb = new DiffusionTrajectoryBalance(target, parts.train().batch(), settings.noiseScale());
            config = parts.trainerConfig(out, settings.schedule(), settings.evalEvery()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(parts.spec().commandLine(), e.getMessage());
        }
        double logZ = target.logPartition();
        Rng evalRng = rng.split();
        List<double[]> rows = new ArrayList<>();
        double[] learned = new double[1];
        TrainResult result;
        try (ProgressListener bar = ProgressListener.start("gflownet", parts.train().steps(), parts.progress())) {
            TrainingListener curve = new TrainingListener() {
                @Override
                public void onValidation(long k, double score, boolean best) {
                    rows.add(new double[] {k, score, learned[0]});
                }
            };
            Trainer.Builder<DiffusionSampler> trainer = Trainer.builder(sampler).config(config).loss(tb)
                    .validation(m -> {
                        learned[0] = m.logZ().item();
                        return Math.abs(DiffusionSampler.logMeanExp(m.logDefensiveWeights(target, EVAL_PATHS,
                                evalRng.split(), settings.defensive())) - logZ);
                    }).listener(curve).listener(bar);
            result = parts.checkpoints().run(trainer, rng.split(), rng.split());
        }
        double[] logW = sampler.logImportanceWeights(target, SAMPLES, evalRng.split());
        double onPolicy = DiffusionSampler.logMeanExp(logW);
        double elbo = 0;
        for (double w : logW) {
            elbo += w / logW.length;
        }
        DiffusionPaths paths = sampler.sample(SAMPLES, evalRng.split(), 1.0);
        if (settings.defensive() > 0) {
            logW = sampler.logDefensiveWeights(target, SAMPLES, evalRng.split(), settings.defensive());
        }
        double estimate = DiffusionSampler.logMeanExp(logW);
        double ess = effectiveSampleSize(logW);
        INDArray x = paths.terminal(DataType.DOUBLE);
        double[] xs = x.getColumn(0).dup().toDoubleVector();
        double[] ys = x.getColumn(1).dup().toDoubleVector();
        String modes = "";
        if (target instanceof GaussianGrid grid) {
            int[] hits = new int[grid.k() * grid.k()];
            for (int i = 0; i < SAMPLES; i++) {
                int m = grid.nearestMode(xs[i], ys[i]);
                double[] mu = grid.mean(m);
                if (Math.hypot(xs[i] - mu[0], ys[i] - mu[1]) < 3 * grid.std()) {
                    hits[m]++;
                }
            }
            int hit = 0;
            for (int h : hits) {
                hit += h > 0 ? 1 : 0;
            }
            modes = " modes_hit=" + hit + "/" + hits.length;
        }
        StringBuilder csv = new StringBuilder("step,abs_logz_error,learned_log_z\n");
        for (double[] r : rows) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f%n", (long) r[0], r[1], r[2]));
        }
        Files.writeString(out.resolve("logz.csv"), csv.toString(), StandardCharsets.UTF_8);
        if (!settings.noPlots()) {
            Plots.scatter(out.resolve("samples.png"), "diffusion GFlowNet samples, " + envName, xs, ys);
        }
        PrintWriter stdout = parts.spec().commandLine().getOut();
        stdout.printf(Locale.ROOT, "gflownet env=%s loss=tb seed=%d steps=%d diffusion_steps=%d sigma=%s "
                + "train_s=%.1f train_loss=%.4g log_z_est=%.4f log_z_learned=%.4f log_z_true=%.4f "
                + "logz_error=%.4f elbo=%.4f ess=%.0f defensive=%s log_z_on_policy=%.4f%s out=%s%n", envName,
                parts.train().seed(), result.steps(), settings.steps(), settings.sigma(),
                result.seconds(), result.meanLoss(), estimate, sampler.logZ().item(), logZ,
                Math.abs(estimate - logZ), elbo, ess, settings.defensive(), onPolicy, modes, out);
        stdout.flush();
        return 0;
    }

    /** @param logW log importance weights @return Kish's effective sample size (Σ w)² / Σ w² */
    static double effectiveSampleSize(double[] logW) {
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logW) {
            max = Math.max(max, w);
        }
        double s1 = 0;
        double s2 = 0;
        for (double w : logW) {
            double e = Math.exp(w - max);
            s1 += e;
            s2 += e * e;
        }
        return s1 * s1 / s2;
    }
}
