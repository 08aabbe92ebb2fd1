package io.github.flows4j.examples.compress;

import io.github.flows4j.cnf.compression.CompressionConfig;
import io.github.flows4j.cnf.compression.CompressionTraining;
import io.github.flows4j.cnf.compression.ContinuousSequence;
import io.github.flows4j.cnf.compression.LatentDiscretization;
import io.github.flows4j.cnf.compression.PerFrameCodec;
import io.github.flows4j.cnf.compression.RateDistortion;
import io.github.flows4j.cnf.compression.Sequence;
import io.github.flows4j.cnf.compression.SequenceCodec;
import io.github.flows4j.cnf.compression.SequenceSource;
import io.github.flows4j.cnf.compression.TransmitMode;
import io.github.flows4j.core.io.AtomicFiles;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.support.Bounds;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j compress curves}: the rate–distortion comparison of issue #19 on one data set — the latent
 * discretization with learned transmit times and with a fixed uniform grid, each trained once per {@code --lambdas}
 * value through the Trainer, and the per-frame baseline ({@link PerFrameCodec}) fitted once per {@code --levels}
 * value — every codec measured with its real bitstream on the same held-out sequences at each {@code --eval-fps}.
 * Writes {@code curves.csv} and {@code curves.png} (PSNR over log10 bits per second at the training frame rate) and
 * prints one line per operating point, and, for each {@code --psnr-at}, the rate each codec needs at that PSNR
 * ({@link RateDistortion#bitsAtPsnr}) with the learned times' saving over the grid.
 *
 * <pre>{@code
 * java -jar flows4j.jar compress curves --data jump --size 4 --lambdas 5000,20000,80000 --steps 1200 \
 *     --psnr-at 24 --out runs/jump-curves
 * java -jar flows4j.jar compress curves --codecs per-frame --levels 2,4,8 --eval-fps 10,20,40 --out runs/pf
 * }</pre>
 */
@Command(name = "curves", defaultValueProvider = CompressCurves.Defaults.class,
        description = "Rate-distortion curves of learned transmit times, a fixed grid (one training per lambda) and "
                + "the per-frame baseline (one fit per level count); write curves.csv and curves.png.")
public final class CompressCurves implements Callable<Integer> {
    /** The three codecs of the comparison. */
    enum Codec {
        LEARNED, GRID, PER_FRAME
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CompressData data;

    @Option(names = "--codecs", defaultValue = "learned,grid,per-frame", split = ",", converter = CodecChoices.class,
            completionCandidates = CodecChoices.class,
            description = "Codecs to measure: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private List<Codec> codecs;

    @Option(names = "--lambdas", defaultValue = "5000,20000,80000", split = ",", converter = Bounds.Positive.class,
            description = "learned, grid: one training per distortion weight (default ${DEFAULT-VALUE}).")
    private double[] lambdas;

    @Option(names = "--levels", defaultValue = "2,3,4,6,8", split = ",", converter = Bounds.AtLeastOne.class,
            description = "per-frame: one fit per number of quantisation levels, 2 .. 256 (default "
                    + "${DEFAULT-VALUE}).")
    private int[] levels;

    @Option(names = "--grid-every", defaultValue = "4", split = ",", converter = Bounds.AtLeastOne.class,
            description = "grid: transmit every k-th time bin; with several values one training per spacing and "
                    + "lambda, the grid's curve being their Pareto front (default ${DEFAULT-VALUE}).")
    private int[] gridEvery;

    @Option(names = "--bin-width", defaultValue = "0.03125", converter = Bounds.Positive.class,
            description = "Time resolution of transmit times in seconds (default ${DEFAULT-VALUE}).")
    private double binWidth;

    @Option(names = "--latent", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Latent dimension (default ${DEFAULT-VALUE}).")
    private int latent;

    @Option(names = "--policy-samples", defaultValue = "1", converter = Bounds.AtLeastOne.class,
            description = "learned: transmit-time draws per sequence and step (default ${DEFAULT-VALUE}).")
    private int policySamples;

    @Option(names = "--policy-age",
            description = "learned: the transmit policy also sees the time since the last transmission, so it can "
                    + "draw regular, content-paced schedules.")
    private boolean policyAge;

    @Option(names = "--local-gradient",
            description = "learned: train the transmit policy by the local-expectation gradient (every bin's "
                    + "decision flipped and the loss re-evaluated) instead of the score function.")
    private boolean localGradient;

    @Option(names = "--eval-sequences", defaultValue = "16", converter = Bounds.AtLeastOne.class,
            description = "Held-out sequences every codec is measured on (default ${DEFAULT-VALUE}).")
    private int evalSequences;

    @Option(names = "--fit-sequences", defaultValue = "64", converter = Bounds.AtLeastOne.class,
            description = "per-frame: training sequences its context model is counted on (default ${DEFAULT-VALUE}).")
    private int fitSequences;

    @Option(names = "--eval-fps", split = ",", converter = Bounds.Positive.class,
            description = "Frame rates the trained codecs are measured at (default: the training --fps).")
    private double[] evalFps;

    @Option(names = "--psnr-at", split = ",", converter = Bounds.Positive.class,
            description = "PSNRs (dB) at which to read each curve's bits per second.")
    private double[] psnrAt;

    @Option(names = "--no-plots", description = "Skip the PNG.")
    private boolean noPlots;

    /** One measured operating point. */
    private record Row(Codec codec, double setting, int every, double fps, long steps, RateDistortion.Point point) {
    }

    @Override
    public Integer call() throws IOException {
        for (int l : levels) {
            if (l < 2 || l > PerFrameCodec.MAX_LEVELS) {
                throw new ParameterException(spec.commandLine(), "--levels must each be in [2, "
                        + PerFrameCodec.MAX_LEVELS + "]; got " + l);
            }
        }
        double[] fpsList = evalFps == null ? new double[] {data.fps()} : evalFps;
        Path out = output.create();
        SequenceSource source = data.source();
        Rng rng = Rng.seeded(train.seed());
        Rng testRng = rng.split();
        Rng.State draws = rng.split().state();
        Rng fitRng = rng.split();
        Map<TransmitMode, Rng> modeRng = new EnumMap<>(TransmitMode.class);
        for (TransmitMode m : TransmitMode.values()) {
            modeRng.put(m, rng.split());
        }
        List<ContinuousSequence> tests = new ArrayList<>();
        for (int i = 0; i < evalSequences; i++) {
            tests.add(source.sample(testRng.split()));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<Row> rows = new ArrayList<>();
        for (Codec codec : List.of(Codec.LEARNED, Codec.GRID)) {
            if (!codecs.contains(codec)) {
                continue;
            }
            TransmitMode mode = codec == Codec.LEARNED ? TransmitMode.LEARNED : TransmitMode.GRID;
            int[] spacings = codec == Codec.LEARNED ? new int[] {gridEvery[0]} : gridEvery;
            for (int every : spacings) {
                for (double lambda : lambdas) {
                    Rng runRng = modeRng.get(mode).split();
                    LatentDiscretization model;
                    TrainResult result;
                    try {
                        model = new LatentDiscretization(CompressionConfig.builder().frameSize(tests.get(0)
                                .frameShape()[0] * tests.get(0).frameShape()[1]).latentDim(latent)
                                .hidden(train.hidden()[0]).binWidth(binWidth).lambda(lambda).mode(mode)
                                .gridEvery(every).policySamples(policySamples).policyAge(policyAge)
                                .localGradient(localGradient).build(), runRng.split());
                        TrainerConfig.Builder c = train.trainerConfig()
                                .schedule(LrSchedule.constant(train.lr()));
                        try (ProgressListener bar = ProgressListener.start("compress " + name(codec) + " lambda="
                                + lambda, train.steps(), progress.enabled())) {
                            result = Trainer.builder(model).config(c.build()).loss(CompressionTraining.loss(source,
                                    data.fps(), train.batch())).listener(bar).build().fit(runRng.split(),
                                            runRng.split());
                        }
                    } catch (IllegalArgumentException e) {
                        throw new ParameterException(spec.commandLine(), e.getMessage());
                    }
                    SequenceCodec sc = new SequenceCodec(model);
                    for (double fps : fpsList) {
                        rows.add(report(stdout, new Row(codec, lambda, codec == Codec.GRID ? every : 0, fps,
                                result.steps(), RateDistortion.evaluate(sc, tests, fps, 4, Rng.fromState(draws)))));
                    }
                }
            }
        }
        if (codecs.contains(Codec.PER_FRAME)) {
            List<Sequence> fit = new ArrayList<>();
            for (int i = 0; i < fitSequences; i++) {
                fit.add(source.sample(fitRng.split()).render(data.fps()));
            }
            for (int l : levels) {
                PerFrameCodec pf = PerFrameCodec.fit(fit, l);
                for (double fps : fpsList) {
                    rows.add(report(stdout, new Row(Codec.PER_FRAME, l, 0, fps, 0,
                            RateDistortion.evaluate(pf, tests, fps, 4))));
                }
            }
        }
        writeCsv(out.resolve("curves.csv"), rows);
        if (psnrAt != null) {
            for (double target : psnrAt) {
                Map<Codec, Double> at = new EnumMap<>(Codec.class);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "compress curves psnr=%.2f",
                        target));
                for (Codec codec : codecs) {
                    List<RateDistortion.Point> curve = rows.stream().filter(r -> r.codec() == codec
                            && r.fps() == data.fps()).map(Row::point).toList();
                    at.put(codec, RateDistortion.bitsAtPsnr(curve, target));
                    line.append(String.format(Locale.ROOT, " %s_bits_per_sec=%.1f", name(codec), at.get(codec)));
                }
                if (at.containsKey(Codec.LEARNED) && at.containsKey(Codec.GRID)) {
                    line.append(String.format(Locale.ROOT, " learned_saving_vs_grid=%.3f",
                            1 - at.get(Codec.LEARNED) / at.get(Codec.GRID)));
                }
                stdout.println(line);
            }
        }
        if (!noPlots) {
            List<Plots.Series> series = new ArrayList<>();
            for (Codec codec : codecs) {
                List<Row> c = rows.stream().filter(r -> r.codec() == codec && r.fps() == data.fps())
                        .sorted((a, b) -> Double.compare(a.point().bitsPerSecond(), b.point().bitsPerSecond()))
                        .toList();
                series.add(new Plots.Series(name(codec), c.stream().mapToDouble(r -> Math.log10(r.point()
                        .bitsPerSecond())).toArray(), c.stream().mapToDouble(r -> r.point().psnr()).toArray()));
            }
            Plots.lines(out.resolve("curves.png"), String.format(Locale.ROOT, "%s at %s fps, seed %d", data.name(),
                    data.fps(), train.seed()), "log10 bits per second (stream)", "PSNR (dB)", series);
        }
        stdout.flush();
        return 0;
    }

    private Row report(PrintWriter stdout, Row r) {
        RateDistortion.Point p = r.point();
        stdout.printf(Locale.ROOT, "compress curves data=%s codec=%s %s=%s fps=%s seed=%d steps=%d "
                + "bits_per_sec=%.1f ideal_bits_per_sec=%.1f time_bits_per_sec=%.1f psnr=%.2f psnr_4x=%.2f "
                + "transmits=%.2f%s%n", data.name(), name(r.codec()), setting(r.codec()), knob(r), r.fps(),
                train.seed(), r.steps(), p.bitsPerSecond(), p.idealBitsPerSecond(), p.timeBitsPerSecond(), p.psnr(),
                p.psnrFine(), p.transmits(), r.every() > 0 ? " grid_every=" + r.every() : "");
        stdout.flush();
        return r;
    }

    private static String setting(Codec c) {
        return c == Codec.PER_FRAME ? "levels" : "lambda";
    }

    private static String knob(Row r) {
        return r.codec() == Codec.PER_FRAME ? Integer.toString((int) r.setting()) : Double.toString(r.setting());
    }

    private static String name(Codec c) {
        return c.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void writeCsv(Path file, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder("codec,setting,fps,steps,bits_per_sec,ideal_bits_per_sec,"
                + "time_bits_per_sec,psnr,psnr_4x,transmits,grid_every\n");
        for (Row r : rows) {
            RateDistortion.Point p = r.point();
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.3f,%.3f,%.3f,%.4f,%.4f,%.3f,%d%n", name(r.codec()),
                    knob(r), r.fps(), r.steps(), p.bitsPerSecond(), p.idealBitsPerSecond(), p.timeBitsPerSecond(),
                    p.psnr(), p.psnrFine(), p.transmits(), r.every()));
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The codecs' names: learned, grid, per-frame. */
    static final class CodecChoices extends Choices<Codec> {
        CodecChoices() {
            super(Codec.values(), e -> Choices.lower(e).replace('_', '-'));
        }
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "1200", "--batch", "8", "--lr", "3e-3", "--hidden", "64", "--out", "compress-curves");
        }
    }
}
