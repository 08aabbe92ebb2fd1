package io.github.flows4j.examples.gfn;

import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.rl.gfn.diffusion.DiffusionMaximumLikelihood;
import io.github.flows4j.rl.gfn.diffusion.DiffusionPaths;
import io.github.flows4j.rl.gfn.diffusion.DiffusionSampler;
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
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.ParameterException;

/**
 * {@code gflownet --env mle}: the MLE-GFN demo (Zhang, Chen, Malkin, Bengio 2022, §3). A {@link DiffusionSampler}
 * — the GFlowNet whose forward policy is the denoiser and whose fixed backward policy is the Brownian-bridge noising
 * process — is trained by maximum likelihood on a 2-D toy data set ({@link DiffusionMaximumLikelihood}: the negative
 * ELBO plus β times the trajectory-balance consistency violation) through the {@link Trainer}. Every evaluation
 * scores the ELBO of held-out points ({@code elbo.csv}); the result line gives the held-out ELBO and the TB
 * violation before and after training beside the data's true mean log-density where the toy has one, and
 * {@code samples.png} shows the trained sampler's draws.
 */
final class MleRun implements Callable<Integer> {
    private static final int VIOLATION_POINTS = 256;
    private static final int VIOLATION_PATHS = 8;
    private static final int SAMPLES = 5000;

    private final CommandParts parts;
    private final Settings settings;

    /**
     * The run's settings from the command line.
     *
     * @param data          the toy data set
     * @param testSize      held-out points for the ELBO
     * @param steps         K, the diffusion steps
     * @param sigma         σ
     * @param consistency   β, the weight of the TB-consistency regulariser (0: plain maximum likelihood)
     * @param pathsPerPoint bridge paths per data point
     * @param schedule      the learning rate
     * @param evalEvery     steps between held-out ELBO evaluations
     * @param noPlots       skip samples.png
     */
    record Settings(Toy2d data, int testSize, int steps, double sigma, double consistency, int pathsPerPoint,
            LrSchedule schedule, int evalEvery, boolean noPlots) {
    }

    MleRun(CommandParts parts, Settings settings) {
        this.parts = parts;
        this.settings = settings;
    }

    @Override
    public Integer call() throws IOException {
        Path out = parts.output().create();
        Rng rng = Rng.seeded(parts.train().seed());
        DiffusionSampler sampler;
        DiffusionMaximumLikelihood mle;
        TrainerConfig config;
        try {
            sampler = DiffusionSampler.builder().dim(2).steps(settings.steps()).sigma(settings.sigma())
                    .hidden(parts.train().hidden()).build(rng.split());
            mle = new DiffusionMaximumLikelihood(settings.data(), parts.train().batch(), settings.consistency(),
                    settings.pathsPerPoint());
            config = parts.trainerConfig(out, settings.schedule(), settings.evalEvery()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(parts.spec().commandLine(), e.getMessage());
        }
        Rng evalRng = rng.split();
        INDArray test = settings.data().sample(settings.testSize(), evalRng.split(), sampler.dtype());
        INDArray few = test.get(NDArrayIndex.interval(0, Math.min(VIOLATION_POINTS, settings.testSize())),
                NDArrayIndex.all());
        long pathSeed = evalRng.nextLong();
        double elboStart = mle.elbo(sampler, test, Rng.seeded(pathSeed));
        double violationStart = DiffusionMaximumLikelihood.consistencyViolation(sampler, few, VIOLATION_PATHS,
                Rng.seeded(pathSeed + 1));
        List<double[]> rows = new ArrayList<>();
        rows.add(new double[] {0, elboStart});
        TrainResult result;
        try (ProgressListener bar = ProgressListener.start("gflownet", parts.train().steps(), parts.progress())) {
            TrainingListener curve = new TrainingListener() {
                @Override
                public void onValidation(long k, double score, boolean best) {
                    rows.add(new double[] {k, -score});
                }
            };
            Trainer.Builder<DiffusionSampler> trainer = Trainer.builder(sampler).config(config).loss(mle)
                    .validation(m -> -mle.elbo(m, test, Rng.seeded(pathSeed))).listener(curve).listener(bar);
            result = parts.checkpoints().run(trainer, rng.split(), rng.split());
        }
        double elbo = mle.elbo(sampler, test, Rng.seeded(pathSeed));
        double violation = DiffusionMaximumLikelihood.consistencyViolation(sampler, few, VIOLATION_PATHS,
                Rng.seeded(pathSeed + 1));
        String truth = "";
        if (settings.data().hasLogDensity()) {
            truth = String.format(Locale.ROOT, " true_loglik=%.4f",
                    settings.data().logDensity(test.castTo(DataType.DOUBLE)).meanNumber().doubleValue());
        }
        StringBuilder csv = new StringBuilder("step,test_elbo\n");
        for (double[] r : rows) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f%n", (long) r[0], r[1]));
        }
        Files.writeString(out.resolve("elbo.csv"), csv.toString(), StandardCharsets.UTF_8);
        if (!settings.noPlots()) {
            DiffusionPaths paths = sampler.sample(SAMPLES, evalRng.split(), 1.0);
            INDArray x = paths.terminal(DataType.DOUBLE);
            Plots.scatter(out.resolve("samples.png"), "MLE-GFN samples, " + settings.data().id(),
                    x.getColumn(0).dup().toDoubleVector(), x.getColumn(1).dup().toDoubleVector());
        }
        PrintWriter stdout = parts.spec().commandLine().getOut();
        stdout.printf(Locale.ROOT, "gflownet env=mle dataset=%s seed=%d steps=%d diffusion_steps=%d sigma=%s "
                + "consistency=%s paths_per_point=%d train_s=%.1f train_loss=%.4g elbo_start=%.4f elbo=%.4f%s "
                + "tb_violation_start=%.4f tb_violation=%.4f out=%s%n", settings.data().id(), parts.train().seed(),
                result.steps(), settings.steps(), settings.sigma(), settings.consistency(), settings.pathsPerPoint(),
                result.seconds(), result.meanLoss(), elboStart, elbo, truth, violationStart, violation, out);
        stdout.flush();
        return 0;
    }
}
