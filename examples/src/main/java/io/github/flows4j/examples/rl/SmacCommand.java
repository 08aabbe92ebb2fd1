package io.github.flows4j.examples.rl;

import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.rl.sac.OffPolicyAgent;
import io.github.flows4j.rl.smac.SmacAgent;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flows4j smac}: Stochastic Marginal Actor-Critic (Zhang et al. 2023) for fully observed tasks — the
 * {@code sac} command with a latent-variable actor ({@code --latent-dim}) whose log π(a | s) is the logmeanexp
 * estimate over {@code --particles} + 1 latent particles; every other option, output file and the result line are
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

    @Override
    OffPolicyAgent.Factory agents() {
        int k = particles;
        int z = latentDim;
        return (obs, act, config, rng) -> new SmacAgent(obs, act, config, k, z, rng);
    }

    @Override
    String label() {
        return "smac";
    }

    @Override
    String extraFields() {
        return String.format(Locale.ROOT, " particles=%d latent_dim=%d", particles, latentDim);
    }

    /** This command's defaults where they differ from the mixins'. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "20000", "--batch", "256", "--lr", "3e-4", "--hidden", "256,256", "--out", "smac-out");
        }
    }
}
