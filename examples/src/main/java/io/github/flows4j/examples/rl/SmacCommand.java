package io.github.flows4j.examples.rl;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.Choices;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.rl.sac.OffPolicyAgent;
import io.github.flows4j.rl.smac.MarginalEstimators;
import io.github.flows4j.rl.smac.SmacAgent;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flows4j smac}: Stochastic Marginal Actor-Critic (Zhang et al. 2023) for fully observed tasks — the
 * {@code sac} command with a latent-variable actor ({@code --latent-dim}) whose log π(a | s) is the logmeanexp
 * estimate (or, with {@code --estimator mlmc}, the paper's multilevel estimate) over {@code --particles} + 1
 * latent particles; every other option, output file and the result line are
 * {@code sac}'s (checkpoint {@code smac.ckpt}).
 *
 * <pre>{@code
 * java -jar flows4j.jar smac --env pendulum --particles 32 --steps 20000 --out runs/smac
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

    @Override
    OffPolicyAgent.Factory agents() {
        int k = particles;
        int z = latentDim;
        MarginalEstimators.Estimator est = estimator;
        if (est == MarginalEstimators.Estimator.MULTILEVEL && (k < 1 || Integer.bitCount(k) != 1)) {
            throw InvalidConfigException.of("--particles", "a power of two with --estimator mlmc", k);
        }
        return (obs, act, config, rng) -> new SmacAgent(obs, act, config, k, z, est, rng);
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
        return String.format(Locale.ROOT, " particles=%d latent_dim=%d%s", particles, latentDim,
                estimator == MarginalEstimators.Estimator.MULTILEVEL ? " estimator=mlmc" : "");
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "20000", "--batch", "256", "--lr", "3e-4", "--hidden", "256,256", "--out", "smac-out");
        }
    }
}
