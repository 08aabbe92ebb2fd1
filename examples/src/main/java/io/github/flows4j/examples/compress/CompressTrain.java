package io.github.flows4j.examples.compress;

import io.github.flows4j.cnf.compression.CompressionConfig;
import io.github.flows4j.cnf.compression.CompressionTraining;
import io.github.flows4j.cnf.compression.ContinuousSequence;
import io.github.flows4j.cnf.compression.LatentDiscretization;
import io.github.flows4j.cnf.compression.RateDistortion;
import io.github.flows4j.cnf.compression.Sequence;
import io.github.flows4j.cnf.compression.SequenceCodec;
import io.github.flows4j.cnf.compression.SequenceFile;
import io.github.flows4j.cnf.compression.SequenceSource;
import io.github.flows4j.cnf.compression.TransmitMode;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j compress train}: fits a {@link LatentDiscretization} model on generated sequences through the
 * library's Trainer, measures it every {@code --eval-every} steps with the real codec on held-out sequences (stream
 * bits per second, PSNR at the input frame rate and at 4x it against the ground truth), and writes the model folder
 * ({@code model.properties}, {@code compress.ckpt}), {@code rd.csv}, {@code rd.png}, {@code frames.png} (original
 * over decoded at 4x the frame rate) and {@code sample.seq}.
 *
 * <pre>{@code
 * java -jar flows4j.jar compress train --data bouncing-balls --mode learned --lambda 1000 --out runs/balls
 * java -jar flows4j.jar compress train --data jump --mode grid --grid-every 4 --out runs/jump-grid
 * }</pre>
 */
@Command(name = "train", defaultValueProvider = CompressTrain.Defaults.class,
        description = "Train a compression model (R + lambda D through the Trainer); write the model folder, "
                + "rd.csv, rd.png, frames.png and sample.seq, and print the final operating point.")
public final class CompressTrain implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Mixin
    private CompressData data;

    @Option(names = "--mode", defaultValue = "learned", converter = ModeChoices.class,
            completionCandidates = ModeChoices.class,
            description = "Transmit times: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private TransmitMode mode;

    @Option(names = "--grid-every", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "grid mode: transmit every k-th time bin (default ${DEFAULT-VALUE}).")
    private int gridEvery;

    @Option(names = "--bin-width", defaultValue = "0.03125", converter = Bounds.Positive.class,
            description = "Time resolution of transmit times in seconds (default ${DEFAULT-VALUE}).")
    private double binWidth;

    @Option(names = "--lambda", defaultValue = "1000", converter = Bounds.Positive.class,
            description = "Distortion weight of R + lambda D, R in bits/s, D the MSE (default ${DEFAULT-VALUE}).")
    private double lambda;

    @Option(names = "--latent", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Latent dimension (default ${DEFAULT-VALUE}).")
    private int latent;

    @Option(names = "--policy-samples", defaultValue = "1", converter = Bounds.AtLeastOne.class,
            description = "learned mode: transmit-time draws per sequence and step; >= 2 baselines the policy "
                    + "gradient per sequence (default ${DEFAULT-VALUE}).")
    private int policySamples;

    @Option(names = "--policy-age",
            description = "learned: the transmit policy also sees the time since the last transmission, so it can "
                    + "draw regular, content-paced schedules.")
    private boolean policyAge;

    @Option(names = "--local-gradient",
            description = "learned: train the transmit policy by the local-expectation gradient (every bin's "
                    + "decision flipped and the loss re-evaluated) instead of the score function.")
    private boolean localGradient;

    @Option(names = "--eval-every", defaultValue = "100", converter = Bounds.AtLeastOne.class,
            description = "Steps between codec evaluations (default ${DEFAULT-VALUE}).")
    private int evalEvery;

    @Option(names = "--eval-sequences", defaultValue = "16", converter = Bounds.AtLeastOne.class,
            description = "Held-out sequences per evaluation (default ${DEFAULT-VALUE}).")
    private int evalSequences;

    @Option(names = "--no-plots", description = "Skip the PNGs.")
    private boolean noPlots;

    @Override
    public Integer call() throws IOException {
        Path out = output.create();
        Rng rng = Rng.seeded(train.seed());
        Rng testRng = rng.split();
        Rng.State evalDraws = rng.split().state();
        SequenceSource source;
        LatentDiscretization model;
        TrainerConfig config;
        try {
            source = data.source();
            ContinuousSequence probe = source.sample(Rng.seeded(0));
            int frameSize = probe.frameShape()[0] * probe.frameShape()[1];
            CompressionConfig cfg = CompressionConfig.builder().frameSize(frameSize).latentDim(latent)
                    .hidden(train.hidden()[0]).binWidth(binWidth).lambda(lambda).mode(mode).gridEvery(gridEvery)
                    .policySamples(policySamples).policyAge(policyAge)
                    .localGradient(localGradient).build();
            model = new LatentDiscretization(cfg, rng.split());
            TrainerConfig.Builder c = checkpoints.configure(train.trainerConfig()
                    .schedule(LrSchedule.constant(train.lr())).validateEvery(evalEvery).keepBest(false),
                    out.resolve(ModelFolder.CHECKPOINT));
            config = c.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ModelFolder.saveConfig(out, model.config());
        List<ContinuousSequence> tests = new ArrayList<>();
        for (int i = 0; i < evalSequences; i++) {
            tests.add(source.sample(testRng.split()));
        }
        List<double[]> rows = new ArrayList<>();
        RateDistortion.Point[] last = new RateDistortion.Point[1];
        TrainResult result;
        try (ProgressListener bar = ProgressListener.start("compress", train.steps(), progress.enabled())) {
            TrainingListener curve = new TrainingListener() {
                @Override
                public void onValidation(long k, double score, boolean best) {
                    RateDistortion.Point p = last[0];
                    rows.add(new double[] {k, p.bitsPerSecond(), p.idealBitsPerSecond(), p.timeBitsPerSecond(),
                            p.psnr(), p.psnrFine(), p.transmits()});
                }
            };
            Trainer.Builder<LatentDiscretization> trainer = Trainer.builder(model).config(config)
                    .loss(CompressionTraining.loss(source, data.fps(), train.batch())).validation(m -> {
                        last[0] = RateDistortion.evaluate(new SequenceCodec(m), tests, data.fps(), 4,
                                Rng.fromState(evalDraws));
                        return last[0].bitsPerSecond() + lambda * Math.pow(10, -last[0].psnr() / 10);
                    }).listener(curve).listener(bar);
            result = checkpoints.run(trainer, rng.split(), rng.split());
        }
        RateDistortion.Point fin = RateDistortion.evaluate(new SequenceCodec(model), tests, data.fps(), 4,
                Rng.fromState(evalDraws));
        writeCsv(out.resolve("rd.csv"), rows);
        Sequence sample = tests.get(0).render(data.fps());
        SequenceFile.write(out.resolve("sample.seq"), sample);
        if (!noPlots) {
            double[] x = rows.stream().mapToDouble(r -> r[1]).toArray();
            double[] y = rows.stream().mapToDouble(r -> r[4]).toArray();
            Plots.lines(out.resolve("rd.png"), String.format(Locale.ROOT, "%s, %s, lambda=%s", data.name(),
                    name(mode), lambda), "bits per second (stream)", "PSNR (dB)", List.of(new Plots.Series(
                            "evaluations", x, y)));
            SequenceCodec codec = new SequenceCodec(model);
            Sequence truthFine = tests.get(0).render(4 * data.fps());
            Sequence decoded = codec.reconstruct(codec.encode(sample, Rng.fromState(evalDraws)).transmission(),
                    truthFine.times());
            FramesPng.write(out.resolve("frames.png"), List.of(truthFine, decoded), 16);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "compress train data=%s mode=%s lambda=%s fps=%s seed=%d steps=%d train_s=%.1f "
                + "train_loss=%.4g bits_per_sec=%.1f ideal_bits_per_sec=%.1f time_bits_per_sec=%.1f psnr=%.2f "
                + "psnr_4x=%.2f transmits=%.2f out=%s%n", data.name(), name(mode), lambda, data.fps(),
                train.seed(), result.steps(), result.seconds(), result.meanLoss(), fin.bitsPerSecond(),
                fin.idealBitsPerSecond(), fin.timeBitsPerSecond(), fin.psnr(), fin.psnrFine(), fin.transmits(), out);
        stdout.flush();
        return 0;
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void writeCsv(Path file, List<double[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder("step,bits_per_sec,ideal_bits_per_sec,time_bits_per_sec,psnr,psnr_4x,"
                + "transmits\n");
        for (double[] r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%.3f,%.4f,%.4f,%.3f%n", (long) r[0], r[1], r[2], r[3],
                    r[4], r[5], r[6]));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** The transmit modes' names: learned, grid. */
    static final class ModeChoices extends Choices<TransmitMode> {
        ModeChoices() {
            super(TransmitMode.values(), Choices::lower);
        }
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "2000", "--batch", "8", "--lr", "3e-3", "--hidden", "64", "--out", "compress-out");
        }
    }
}
