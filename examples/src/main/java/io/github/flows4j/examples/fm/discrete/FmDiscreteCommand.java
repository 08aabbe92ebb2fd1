package io.github.flows4j.examples.fm.discrete;

import io.github.flows4j.cnf.discrete.DiscreteFlowMatching;
import io.github.flows4j.cnf.discrete.DiscreteSource;
import io.github.flows4j.cnf.discrete.MarkovChainSequences;
import io.github.flows4j.cnf.discrete.MaskSource;
import io.github.flows4j.cnf.discrete.MixtureDiscreteEulerSolver;
import io.github.flows4j.cnf.discrete.MixtureDiscretePath;
import io.github.flows4j.cnf.discrete.MlpDenoiser;
import io.github.flows4j.cnf.discrete.NgramModel;
import io.github.flows4j.cnf.discrete.NllBound;
import io.github.flows4j.cnf.discrete.NllBoundEstimator;
import io.github.flows4j.cnf.discrete.UniformSource;
import io.github.flows4j.cnf.path.scheduler.PolynomialConvexScheduler;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.ProgressListener;
import io.github.flows4j.examples.support.ProgressOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j fm-discrete}: trains a Discrete Flow Matching model (mixture path with a mask or uniform source,
 * κ_t = tⁿ, generalized KL or cross-entropy loss, an MLP denoiser) on sequences of a fixed 8-token Markov chain
 * through the library's {@link Trainer}, then prints the continuous-time NLL bound per token on held-out sequences
 * beside the best unigram model's cross-entropy H(π), an autoregressive order-k Markov baseline fitted by counting
 * ({@link NgramModel}, add-one smoothing, on as many sequences as the flow saw, at most 100000) and the true entropy
 * per token, and the quality of sequences
 * drawn with the Euler CTMC sampler (their NLL per token under the true chain and the share of impossible
 * transitions). Writes {@code samples.txt} (tokens as letters a–h) and the checkpoint {@code fm-discrete.ckpt}.
 *
 * <pre>{@code
 * java -jar flows4j.jar fm-discrete --source mask --loss kl --length 16 --steps 3000
 * java -jar flows4j.jar fm-discrete --source uniform --kappa-exponent 2 --out runs/dfm-uniform
 * }</pre>
 */
@Command(name = "fm-discrete", defaultValueProvider = FmDiscreteCommand.Defaults.class,
        description = "Discrete Flow Matching on sequences of a fixed Markov chain: print the NLL bound per token "
                + "(nats) beside the unigram baseline and the true entropy, and the quality of Euler samples; write "
                + "samples.txt and a checkpoint.")
public final class FmDiscreteCommand implements Callable<Integer> {
    /** The source distributions. */
    enum Source {
        MASK, UNIFORM
    }

    /** The training losses. */
    enum Loss {
        KL, CE
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
    private CheckpointOptions checkpoints;

    @Option(names = "--source", defaultValue = "mask", converter = SourceChoices.class,
            completionCandidates = SourceChoices.class,
            description = "Source distribution: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Source source;

    @Option(names = "--loss", defaultValue = "kl", converter = LossChoices.class,
            completionCandidates = LossChoices.class,
            description = "Loss: kl (generalized KL) or ce (cross-entropy) (default ${DEFAULT-VALUE}).")
    private Loss loss;

    @Option(names = "--kappa-exponent", defaultValue = "1", converter = Bounds.Positive.class,
            description = "n of the schedule kappa_t = t^n; 1 is CondOT (default ${DEFAULT-VALUE}).")
    private double exponent;

    @Option(names = "--length", defaultValue = "16", converter = Bounds.AtLeastOne.class,
            description = "Tokens per sequence (default ${DEFAULT-VALUE}).")
    private int length;

    @Option(names = "--test-size", defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "Held-out sequences for the NLL bound (default ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--time-points", defaultValue = "32", converter = Bounds.AtLeastOne.class,
            description = "Midpoint-rule times of the NLL bound (default ${DEFAULT-VALUE}).")
    private int timePoints;

    @Option(names = "--sample-steps", defaultValue = "64", converter = Bounds.AtLeastOne.class,
            description = "Euler steps (NFE) of the sampler (default ${DEFAULT-VALUE}).")
    private int sampleSteps;

    @Option(names = "--samples", defaultValue = "1000", converter = Bounds.AtLeastOne.class,
            description = "Sequences drawn to score the sampler (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--ar-order", defaultValue = "1", converter = Bounds.NonNegativeInt.class,
            description = "Context length of the autoregressive n-gram baseline; 0 is the unigram model "
                    + "at most " + MAX_AR_ORDER + " (default ${DEFAULT-VALUE}).")
    private int arOrder;

    @Option(names = "--ema", defaultValue = "0", description = "EMA decay of the weights, 0 for none "
            + "(default ${DEFAULT-VALUE}).")
    private double ema;

    @Override
    public Integer call() throws IOException {
        MarkovChainSequences data;
        MixtureDiscretePath path;
        DiscreteFlowMatching fm;
        MlpDenoiser model;
        TrainerConfig config;
        Path out = output.create();
        Rng rng = Rng.seeded(train.seed());
        if (arOrder > MAX_AR_ORDER) {
            throw new ParameterException(spec.commandLine(), "--ar-order must be at most " + MAX_AR_ORDER + " (8^k "
                    + "count contexts); got " + arOrder);
        }
        try {
            data = MarkovChainSequences.demo(length);
            DiscreteSource p0 = source == Source.MASK ? new MaskSource(data.vocabulary())
                    : new UniformSource(data.vocabulary());
            path = new MixtureDiscretePath(new PolynomialConvexScheduler(exponent), p0);
            fm = loss == Loss.KL ? DiscreteFlowMatching.generalizedKl(path) : DiscreteFlowMatching.crossEntropy(path);
            model = MlpDenoiser.builder().source(p0).length(length).hidden(train.hidden()).build(rng.split());
            TrainerConfig.Builder c = checkpoints.configure(train.trainerConfig()
                    .schedule(LrSchedule.cosineByProgress(train.lr(), 0)), out.resolve("fm-discrete.ckpt"));
            if (ema > 0) {
                c.ema(ema);
            }
            config = c.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        INDArray test = data.sample(testSize, rng.split());
        int batch = train.batch();
        TrainResult result;
        try (ProgressListener bar = ProgressListener.start("fm-discrete", train.steps(), progress.enabled())) {
            Trainer.Builder<MlpDenoiser> trainer = Trainer.builder(model).config(config)
                    .loss(ctx -> fm.loss(ctx.model(), data.sample(batch, ctx.data()), ctx.noise())).listener(bar);
            result = checkpoints.run(trainer, rng.split(), rng.split());
        }
        NllBound bound = new NllBoundEstimator(path, timePoints).estimate(model, test, rng.split());
        INDArray drawn = new MixtureDiscreteEulerSolver(path).sample(model,
                path.source().sample(samples, length, rng), sampleSteps, rng.split());
        SampleQuality quality = SampleQuality.of(data, drawn);
        int arSequences = (int) Math.min((long) train.steps() * batch, AR_MAX_SEQUENCES);
        NgramModel ar = NgramModel.fit(data.sample(arSequences, rng.split()), data.vocabulary(), arOrder, 1.0);
        double arNll = ar.nllPerToken(test);
        writeSamples(out.resolve("samples.txt"), drawn);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "fm-discrete source=%s loss=%s kappa_exponent=%s length=%d seed=%d steps=%d "
                + "train_s=%.1f train_loss=%.4g nll_bound=%.4f nll_bound_se=%.4f unigram=%.4f ar_order=%d ar_nll=%.4f "
                + "entropy=%.4f sample_nll=%.4f invalid_transitions=%.4f nfe=%d out=%s%n", name(source), name(loss),
                exponent, length, train.seed(), result.steps(), result.seconds(), result.meanLoss(),
                bound.natsPerToken(), bound.standardError(), data.unigramEntropy(), arOrder, arNll,
                data.entropyPerToken(), quality.nllPerToken(),
                quality.invalidShare(), sampleSteps, out);
        stdout.flush();
        return 0;
    }

    /** The longest context of the n-gram baseline. */
    static final int MAX_AR_ORDER = 6;

    /** The most sequences the n-gram baseline is fitted on. */
    static final int AR_MAX_SEQUENCES = 100_000;

    private static void writeSamples(Path file, INDArray tokens) throws IOException {
        StringBuilder sb = new StringBuilder();
        int n = (int) Math.min(tokens.size(0), 100);
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < tokens.size(1); i++) {
                sb.append((char) ('a' + tokens.getInt(s, i)));
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The sources' names: mask, uniform. */
    static final class SourceChoices extends Choices<Source> {
        SourceChoices() {
            super(Source.values(), Choices::lower);
        }
    }

    /** The losses' names: kl, ce. */
    static final class LossChoices extends Choices<Loss> {
        LossChoices() {
            super(Loss.values(), Choices::lower);
        }
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "3000", "--batch", "256", "--lr", "1e-3", "--hidden", "256,256", "--out",
                    "fm-discrete-out");
        }
    }
}
