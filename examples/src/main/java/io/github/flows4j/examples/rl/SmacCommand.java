package io.github.flows4j.examples.rl;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.rl.sac.ReplayAgent;
import io.github.flows4j.rl.smac.MarginalEstimators;
import io.github.flows4j.rl.smac.RecurrentSmacAgent;
import io.github.flows4j.rl.smac.RecurrentSmacConfig;
import io.github.flows4j.rl.smac.SmacAgent;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flows4j smac}: Stochastic Marginal Actor-Critic (Zhang et al. 2023) — the {@code sac} command with a
 * latent-variable actor whose log π is the logmeanexp estimate (or, with {@code --estimator mlmc}, the paper's
 * multilevel estimate) over {@code --particles} + 1 latent particles. With {@code --belief none} (the default) the
 * latent z ({@code --latent-dim}) is a learned Gaussian of the observation ({@link SmacAgent}); with
 * {@code --belief recurrent}, for the POMDP tasks, it is the recurrent stochastic belief ({@link RecurrentSmacAgent}:
 * GRU of {@code --belief-size} units, latent of {@code --latent-dim}, trained by its ELBO on replayed pieces of
 * {@code --piece-length} transitions with {@code --burn-in}), and the critic is aggregated over the particles
 * ({@code --q-agg}). Every other option, output file and the result line are {@code sac}'s (checkpoint
 * {@code smac.ckpt}).
 *
 * <pre>{@code
 * java -jar flows4j.jar smac --env pendulum --particles 32 --steps 20000 --out runs/smac
 * java -jar flows4j.jar smac --env pendulum --pomdp novel,flicker:0.2 --belief recurrent --steps 20000
 * }</pre>
 */
@Command(name = "smac", defaultValueProvider = SmacCommand.Defaults.class,
        description = "Train Stochastic Marginal Actor-Critic (a latent-variable actor whose marginal log-density is "
                + "estimated from --particles latent samples) on pendulum, mountaincar or acrobot, optionally "
                + "partially observed; same outputs as sac (return.csv, return.png, smac.ckpt).")
public final class SmacCommand extends SacCommand {
    @Option(names = "--particles", defaultValue = "32", converter = Bounds.NonNegativeInt.class,
            description = "Extra latent particles K of the marginal estimate (default ${DEFAULT-VALUE}).")
    private int particles;

    @Option(names = "--latent-dim", defaultValue = "4", converter = Bounds.AtLeastOne.class,
            description = "Size of the policy's latent variable (default ${DEFAULT-VALUE}).")
    private int latentDim;

    @Option(names = "--estimator", defaultValue = "naive", converter = EstimatorChoices.class,
            completionCandidates = EstimatorChoices.class,
            description = "Particle estimate of log pi(a|s): ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); "
                    + "mlmc is the paper's multilevel estimator and needs --particles a power of two.")
    private MarginalEstimators.Estimator estimator;

    @Option(names = "--belief", defaultValue = "none", converter = BeliefChoices.class,
            completionCandidates = BeliefChoices.class,
            description = "Latent state: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); none is a Gaussian "
                    + "latent of the observation, recurrent the GRU + Gaussian belief trained by its ELBO on "
                    + "replayed pieces of episodes (for --pomdp tasks).")
    private Belief belief;

    @Option(names = "--piece-length", defaultValue = "16", converter = Bounds.AtLeastOne.class,
            description = "With --belief recurrent: transitions per replayed piece (default ${DEFAULT-VALUE}).")
    private int pieceLength;

    @Option(names = "--burn-in", defaultValue = "2", converter = Bounds.NonNegativeInt.class,
            description = "With --belief recurrent: leading transitions of a piece that only warm the belief up "
                    + "(default ${DEFAULT-VALUE}).")
    private int burnIn;

    @Option(names = "--belief-size", defaultValue = "32", converter = Bounds.AtLeastOne.class,
            description = "With --belief recurrent: GRU state size (default ${DEFAULT-VALUE}).")
    private int beliefSize;

    @Option(names = "--q-agg", defaultValue = "lme", converter = AggregationChoices.class,
            completionCandidates = AggregationChoices.class,
            description = "With --belief recurrent: critic aggregation over particles, ${COMPLETION-CANDIDATES} "
                    + "(default ${DEFAULT-VALUE}; lme = logmeanexp).")
    private MarginalEstimators.Aggregation aggregation;

    /** The latent state of the policy. */
    enum Belief {
        /** A Gaussian latent of the observation ({@link SmacAgent}). */
        NONE,
        /** The recurrent stochastic belief ({@link RecurrentSmacAgent}). */
        RECURRENT
    }

    @Override
    ReplayAgent.Factory agents() {
        int k = particles;
        int z = latentDim;
        MarginalEstimators.Estimator est = estimator;
        if (est == MarginalEstimators.Estimator.MULTILEVEL && (k < 1 || Integer.bitCount(k) != 1)) {
            throw InvalidConfigException.of("--particles", "a power of two with --estimator mlmc", k);
        }
        if (belief == Belief.NONE) {
            return (obs, act, config, rng) -> new SmacAgent(obs, act, config, k, z, est, rng);
        }
        if (pieceLength <= burnIn) {
            throw InvalidConfigException.of("--piece-length", "> --burn-in (" + burnIn + ")", pieceLength);
        }
        RecurrentSmacConfig settings = RecurrentSmacConfig.builder().particles(k).estimator(est)
                .aggregation(aggregation).length(pieceLength).burnIn(burnIn).deterDim(beliefSize).stochDim(z)
                .build();
        return (obs, act, config, rng) -> new RecurrentSmacAgent(obs, act, config, settings, rng);
    }

    /** {@code none} and {@code recurrent}. */
    static final class BeliefChoices extends Choices<Belief> {
        BeliefChoices() {
            super(Belief.values(), Choices::lower);
        }
    }

    /** {@code lme}, {@code mean} and {@code min}. */
    static final class AggregationChoices extends Choices<MarginalEstimators.Aggregation> {
        AggregationChoices() {
            super(new MarginalEstimators.Aggregation[] {MarginalEstimators.Aggregation.LOGMEANEXP,
                MarginalEstimators.Aggregation.MEAN, MarginalEstimators.Aggregation.MIN},
                    e -> e == MarginalEstimators.Aggregation.LOGMEANEXP ? "lme" : lower(e));
        }
    }

    /** {@code naive} and {@code mlmc}. */
    static final class EstimatorChoices extends Choices<MarginalEstimators.Estimator> {
        EstimatorChoices() {
            super(MarginalEstimators.Estimator.values(), e -> e == MarginalEstimators.Estimator.NAIVE ? "naive"
                    : "mlmc");
        }
    }

    @Override
    String label() {
        return "smac";
    }

    @Override
    String extraFields() {
        String recurrent = belief == Belief.RECURRENT ? String.format(Locale.ROOT,
                " belief=recurrent belief_size=%d piece_length=%d burn_in=%d q_agg=%s", beliefSize, pieceLength,
                burnIn, aggregation == MarginalEstimators.Aggregation.LOGMEANEXP ? "lme"
                        : aggregation.name().toLowerCase(Locale.ROOT)) : "";
        return String.format(Locale.ROOT, " particles=%d latent_dim=%d%s%s", particles, latentDim,
                estimator == MarginalEstimators.Estimator.MULTILEVEL ? " estimator=mlmc" : "", recurrent);
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "20000", "--batch", "256", "--lr", "3e-4", "--hidden", "256,256", "--out", "smac-out");
        }
    }
}
