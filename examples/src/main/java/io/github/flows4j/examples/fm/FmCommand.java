package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.loss.CfmVariant;
import io.github.flows4j.cnf.model.ScheduleTransformedModel;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.examples.support.CheckpointOptions;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.ProgressOption;
import io.github.flows4j.examples.support.SolverOptions;
import io.github.flows4j.examples.support.ToyDataOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j fm}: trains Flow Matching (Lipman et al. 2023) on a 2-D toy distribution, writes PNGs of samples,
 * the learned density and trajectories, saves a checkpoint, and prints one result line with the exact test NLL
 * (nats) and the function evaluations dopri5 needs at the evaluation tolerance. {@code --objective ffjord} trains
 * the maximum-likelihood CNF baseline instead; {@code --time-budget} stops training after a wall time, for
 * equal-time comparisons.
 *
 * <pre>{@code
 * java -jar flows4j.jar fm                                   # checkerboard, CondOT path, ~1 minute
 * java -jar flows4j.jar fm --dataset 8gaussians --path vp --steps 5000 --out runs/vp
 * java -jar flows4j.jar fm --objective ffjord --time-budget 300
 * java -jar flows4j.jar fm --source 8gaussians --dataset moons --ot    # data-to-data translation, OT-CFM
 * java -jar flows4j.jar fm --variant sb-cfm --sigma 0.5 --source 8gaussians --dataset moons   # + SDE sampling
 * java -jar flows4j.jar fm --objective ffjord --source 8gaussians --dataset moons    # maximum likelihood
 * }</pre>
 *
 * <p>{@code --variant} names one of TorchCFM's conditional flow matchers ({@link CfmVariant}: i-cfm, ot-cfm, sb-cfm,
 * vp-cfm, target-fm), each a path + coupling with {@code --sigma} as its σ; it replaces {@code --path} and
 * {@code --ot}, which are then usage errors. An SB-CFM run also trains the bridge's score and samples the bridge SDE.
 */
@Command(name = "fm", defaultValueProvider = FmCommand.Defaults.class,
        subcommands = {FmEvaluateCommand.class, FmSampleCommand.class},
        description = "Train Flow Matching on a 2-D toy; write sample, density and trajectory PNGs, "
        + "a checkpoint, and print the exact test NLL. The learning rate is cosine-decayed over --steps "
        + "(constant under --time-budget).")
public final class FmCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgressOption progress;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private ToyDataOptions data;

    @Mixin
    private SolverOptions solver;

    @Mixin
    private OutputOptions output;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--objective", defaultValue = "fm", converter = ObjectiveChoices.class,
            completionCandidates = ObjectiveChoices.class,
            description = "Objective: fm (Flow Matching) or ffjord (maximum likelihood, the baseline) "
                    + "(default ${DEFAULT-VALUE}).")
    private Fm2dConfig.Objective objective;

    @Option(names = "--path", defaultValue = "condot", converter = PathChoices.class,
            completionCandidates = PathChoices.class,
            description = "Probability path: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    private Fm2dConfig.PathKind path;

    @Option(names = "--ot", description = "Pair source and data by exact minibatch optimal transport (OT-CFM).")
    private boolean ot;

    @Option(names = "--source", defaultValue = "gaussian", converter = SourceChoices.class,
            completionCandidates = SourceChoices.class,
            description = "Where x0 comes from: ${COMPLETION-CANDIDATES}; a toy makes the run a data-to-data "
                    + "translation (default ${DEFAULT-VALUE}).")
    private Fm2dSource source;

    @Option(names = "--sigma", defaultValue = "0",
            description = "Constant Gaussian noise sigma >= 0 around the path (TorchCFM's I-CFM / OT-CFM; "
                    + "default ${DEFAULT-VALUE}).")
    private double sigma;

    @Option(names = "--variant", converter = VariantChoices.class, completionCandidates = VariantChoices.class,
            description = "One of TorchCFM's variants, a path + coupling with --sigma as its sigma: "
                    + "${COMPLETION-CANDIDATES} (replaces --path and --ot; sb-cfm needs --sigma > 0 and also samples "
                    + "the bridge SDE; target-fm uses --sigma as sigma_min and a gaussian source).")
    private CfmVariant variant;

    @Mixin
    private BridgeSdeOptions bridgeSde;

    @Option(names = "--sample-path", converter = PathChoices.class, completionCandidates = PathChoices.class,
            description = "Also sample the trained model under this schedule (ScheduleTransformedModel: the same "
                    + "samples, another NFE): condot, cosine (vp and linear_vp have infinite end slopes and are "
                    + "refused); needs a plain --path run (no --variant, --sigma 0).")
    private Fm2dConfig.PathKind samplePath;

    @Option(names = "--no-plots", description = "Skip the PNGs (the density plot costs a likelihood solve on a grid).")
    private boolean noPlots;

    @Override
    public Integer call() throws Exception {
        Toy2d toy = data.dataset();
        Fm2dConfig.Objective obj = objective;
        Fm2dConfig.PathKind kind = path;
        long seed = train.seed();
        if (obj == Fm2dConfig.Objective.FFJORD) {
            for (String unused : new String[] {"--ot", "--path", "--sigma", "--variant", "--sde-steps"}) {
                if (matched(unused)) {
                    throw new ParameterException(spec.commandLine(), unused + " has no effect with --objective "
                            + "ffjord (maximum likelihood trains on data alone, with no probability path or "
                            + "coupling); drop " + unused + " or use --objective fm");
                }
            }
            if (!source.isGaussian() && !source.density().map(d -> d.differentiable()).orElse(false)) {
                throw new ParameterException(spec.commandLine(), "--source " + source.id() + " cannot be the base of "
                        + "--objective ffjord: maximum likelihood needs a source with a differentiable log-density "
                        + "(gaussian or 8gaussians)");
            }
        }
        if (variant != null) {
            for (String unused : new String[] {"--ot", "--path"}) {
                if (matched(unused)) {
                    throw new ParameterException(spec.commandLine(), unused + " has no effect with --variant "
                            + variantName(variant) + " (the variant fixes the "
                            + "path and the coupling); drop " + unused);
                }
            }
        }
        if (samplePath != null && (obj != Fm2dConfig.Objective.FM || variant != null || sigma > 0)) {
            throw new ParameterException(spec.commandLine(), "--sample-path needs a Flow Matching run on a noise-free "
                    + "--path (no --objective ffjord, --variant or --sigma > 0): only then is the model a velocity of "
                    + "an affine schedule that can be changed");
        }
        requireSbCfmForSde(spec, variant);
        Fm2dSource src = source;
        double noise = sigma;
        Fm2dConfig config = configOrUsageError(spec, () -> Fm2dConfig.builder().dataset(toy).objective(obj).path(kind)
                .source(src).sigma(noise).otCoupling(ot).variant(variant).steps(train.steps())
                .timeBudget(train.timeBudget())
                .batch(train.batch()).hidden(train.hidden()).lr(train.lr()).testSize(data.testSize())
                .tolerance(solver.tol()).seed(seed)
                .build());
        if (samplePath != null) {
            try {
                new ScheduleTransformedModel(new Fm2dRun(config).model(), Fm2dRun.scheduler(kind),
                        Fm2dRun.scheduler(samplePath));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--sample-path "
                        + samplePath.name().toLowerCase(Locale.ROOT) + " from --path "
                        + kind.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
            }
        }
        Path out = output.create();
        Fm2dRun run = new Fm2dRun(config).train(progress.enabled(), checkpoints, out.resolve("fm.ckpt"));
        Fm2dRun.Result r = run.evaluate();
        String bridge = "";
        if (samplePath != null) {
            Fm2dRun.Resampled rs = run.resample(samplePath);
            bridge = String.format(Locale.ROOT, " sample_path=%s sample_path_nfe=%d sample_path_max_diff=%.2e",
                    samplePath.name().toLowerCase(Locale.ROOT), rs.nfe(), rs.maxDiff());
        }
        if (variant == CfmVariant.SB_CFM) {
            Fm2dRun.BridgeResult b = run.bridgeSampling(BRIDGE_POINTS, bridgeSde.steps());
            bridge = String.format(Locale.ROOT, " ode_w2=%.4f sde_w2=%.4f floor_w2=%.4f sde_steps=%d", b.odeW2(),
                    b.sdeW2(), b.floorW2(), b.sdeSteps());
        }
        if (!noPlots) {
            Fm2dPlots.all(out, toy, run);
        }
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        String fmOnly;
        if (obj == Fm2dConfig.Objective.FFJORD) {
            fmOnly = sourceFields(src, 0);
        } else if (variant != null) {
            fmOnly = " variant=" + variantName(variant) + String.format(Locale.ROOT, " sigma=%s", noise)
                    + sourceFields(src, 0);
        } else {
            fmOnly = " path=" + kind.name().toLowerCase(Locale.ROOT) + " ot=" + ot + sourceFields(src, noise);
        }
        stdout.printf(Locale.ROOT, "fm dataset=%s objective=%s%s steps=%d train_s=%.1f train_loss=%.4f%s%s out=%s%n",
                toy.id(), obj.name().toLowerCase(Locale.ROOT), fmOnly, r.stepsDone(), r.trainSeconds(), r.lastLoss(),
                evaluationFields(toy, r) + straightnessFields(r), bridge, out);
        stdout.println(legend(toy) + "; train_loss: " + (obj == Fm2dConfig.Objective.FM
                ? (variant == CfmVariant.SB_CFM ? "flow + score regression loss" : "Flow Matching regression loss")
                : "Hutchinson estimate of the training NLL, nats")
                + ", mean of the last 100 steps; " + STRAIGHTNESS_LEGEND
                + (variant == CfmVariant.SB_CFM ? "; " + BRIDGE_LEGEND : "")
                + (samplePath == null ? "" : "; " + RESAMPLE_LEGEND));
        stdout.flush();
        return 0;
    }

    private boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * @param spec    the command
     * @param variant its {@code --variant}, or null
     * @throws ParameterException (exit 2) if {@code --sde-steps} was given without {@code --variant sb-cfm}
     */
    static void requireSbCfmForSde(CommandSpec spec, CfmVariant variant) {
        boolean given = spec.commandLine().getParseResult().hasMatchedOption(BridgeSdeOptions.NAME);
        if (variant != CfmVariant.SB_CFM && given) {
            throw new ParameterException(spec.commandLine(), BridgeSdeOptions.NAME + " has no effect without "
                    + "--variant sb-cfm (only SB-CFM learns a score to sample an SDE with)");
        }
    }

    /** What the --sample-path fields mean. */
    static final String RESAMPLE_LEGEND = "sample_path_nfe: dopri5 evaluations to sample the same 2000 source points "
            + "under --sample-path (the model wrapped by ScheduleTransformedModel); sample_path_max_diff: the largest "
            + "coordinate difference from the samples under the training path (0 up to --tol)";

    /** Points per set in the SB-CFM sampling comparison. */
    static final int BRIDGE_POINTS = 500;

    /** What the SB-CFM fields mean. */
    static final String BRIDGE_LEGEND = "ode_w2, sde_w2: exact-OT 2-Wasserstein distance of " + BRIDGE_POINTS
            + " probability-flow ODE samples and of " + BRIDGE_POINTS + " bridge-SDE samples (Euler-Maruyama, "
            + "sde_steps) to " + BRIDGE_POINTS + " held-out points; floor_w2: the same between two held-out sets";

    /**
     * @param v a variant
     * @return its command-line name, e.g. "sb-cfm"
     */
    static String variantName(CfmVariant v) {
        return v.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The default hidden widths of {@code fm}, shared with {@code fm evaluate} and {@code fm sample}. */
    static final String HIDDEN = "128,128,128";

    /**
     * @param spec   the command, for the usage error
     * @param config builds the configuration
     * @return the validated configuration
     * @throws ParameterException (exit 2) with the builder's message if a value is out of range
     */
    static Fm2dConfig configOrUsageError(CommandSpec spec, java.util.function.Supplier<Fm2dConfig> config) {
        try {
            return config.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * @param toy the data set
     * @param r   the run's result
     * @return " test_nll=… data_entropy=… nll_nfe=… sample_nfe=…" (data_entropy only where it is known)
     */
    static String evaluationFields(Toy2d toy, Fm2dRun.Result r) {
        String entropy = toy.entropy().isPresent() ? String.format(Locale.ROOT, " data_entropy=%.3f",
                toy.entropy().getAsDouble()) : "";
        return String.format(Locale.ROOT, " test_nll=%.4f%s nll_nfe=%d sample_nfe=%d", r.testNll(), entropy,
                r.nllNfe(), r.sampleNfe());
    }

    /** What the straightness fields mean. */
    static final String STRAIGHTNESS_LEGEND = "coupling_sq: mean |x1 - x0|^2 of pairs drawn by the training coupling "
            + "(4 batches); kinetic: mean integral of |v|^2 dt along the learned flow from 2000 source points (RK4, "
            + "100 steps); displacement: their mean |x(1) - x(0)|^2 (kinetic = displacement exactly for straight "
            + "paths)";

    /**
     * @param source the source
     * @param sigma  the path noise
     * @return " source=… sigma=…" where they differ from the defaults, else ""
     */
    static String sourceFields(Fm2dSource source, double sigma) {
        String s = source.isGaussian() ? "" : " source=" + source.id();
        return sigma > 0 ? s + String.format(Locale.ROOT, " sigma=%s", sigma) : s;
    }

    /**
     * @param r the run's result
     * @return " coupling_sq=… kinetic=… displacement=…"
     */
    static String straightnessFields(Fm2dRun.Result r) {
        return String.format(Locale.ROOT, " coupling_sq=%.4f kinetic=%.4f displacement=%.4f", r.couplingCost(),
                r.straightness().kineticEnergy(), r.straightness().displacement());
    }

    /**
     * @param toy the data set
     * @return a "# ..." line that says what the numbers of the result line mean
     */
    static String legend(Toy2d toy) {
        String entropy = toy.entropy().isPresent() ? String.format(Locale.ROOT, " (the data's own entropy, "
                + "data_entropy=%.3f, is the best any model can reach)", toy.entropy().getAsDouble()) : "";
        return "# test_nll: exact negative log-likelihood of held-out points in nats, lower is better" + entropy
                + "; nll_nfe, sample_nfe: vector-field evaluations dopri5 needed (rtol = atol = --tol) to compute "
                + "the likelihood and to sample";
    }

    /** The objectives' names: fm, ffjord. */
    static final class ObjectiveChoices extends Choices<Fm2dConfig.Objective> {
        ObjectiveChoices() {
            super(Fm2dConfig.Objective.values(), Choices::lower);
        }
    }

    /** The paths' names: condot, vp, linear_vp (also linear-vp), cosine. */
    static final class PathChoices extends Choices<Fm2dConfig.PathKind> {
        PathChoices() {
            super(Fm2dConfig.PathKind.values(), Choices::lower);
        }
    }

    /** The variants' names: i-cfm, ot-cfm, sb-cfm, vp-cfm, target-fm. */
    static final class VariantChoices extends Choices<CfmVariant> {
        VariantChoices() {
            super(CfmVariant.values(), FmCommand::variantName);
        }
    }

    /** The sources' names: gaussian and the toys' ids. */
    static final class SourceChoices extends Choices<Fm2dSource> {
        SourceChoices() {
            super(Fm2dSource.values(), Fm2dSource::id);
        }
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "10000", "--batch", "512", "--hidden", HIDDEN, "--out", "fm-out");
        }
    }
}
