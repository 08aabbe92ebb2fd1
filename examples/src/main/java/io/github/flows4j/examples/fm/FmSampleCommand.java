package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.loss.CfmVariant;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import java.io.BufferedWriter;
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
 * {@code flows4j fm sample --checkpoint F -n N}: loads a model that {@code fm} trained, draws N samples by solving
 * its ODE from the source (Gaussian noise by default) with dopri5 at {@code --tol}, and writes them as samples.csv
 * (x,y per line) and samples.png. An SB-CFM checkpoint ({@code --variant sb-cfm --sigma S}, as trained) can also be
 * sampled through its bridge SDE ({@code --sde}).
 *
 * <pre>{@code
 * java -jar flows4j.jar fm sample --checkpoint fm-out/fm.ckpt -n 10000 -o samples
 * java -jar flows4j.jar fm sample --checkpoint runs/sb/fm.ckpt --variant sb-cfm --sigma 0.5 --source 8gaussians \
 *     --dataset moons --sde -o sde-samples
 * }</pre>
 */
@Command(name = "sample", defaultValueProvider = FmSampleCommand.Defaults.class,
        description = "Load a checkpoint of fm and write N samples as samples.csv and samples.png.")
public final class FmSampleCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private FmModelOptions model;

    @Mixin
    private OutputOptions output;

    @Option(names = {"-n", "--samples"}, defaultValue = "4000", converter = Bounds.AtLeastOne.class,
            description = "Number of samples (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--sde", description = "Sample the bridge SDE (Euler-Maruyama, --sde-steps) instead of the "
            + "probability-flow ODE; needs --variant sb-cfm.")
    private boolean sde;

    @Mixin
    private BridgeSdeOptions bridgeSde;

    @Override
    public Integer call() throws Exception {
        FmCommand.requireSbCfmForSde(spec, model.variant());
        if (sde && model.variant() != CfmVariant.SB_CFM) {
            throw new ParameterException(spec.commandLine(), "--sde needs --variant sb-cfm (only SB-CFM learns a "
                    + "score to sample an SDE with)");
        }
        Fm2dConfig config = FmCommand.configOrUsageError(spec, model::config);
        Fm2dRun run = new Fm2dRun(config).load(model.checkpoint());
        Rng rng = run.plotStream();
        INDArray x0 = run.drawSource(samples, rng);
        INDArray x1;
        String cost;
        if (sde) {
            x1 = run.sampleBridgeSde(x0, bridgeSde.steps(), rng);
            cost = "sde_steps=" + bridgeSde.steps();
        } else {
            SolveSettings solve = run.evaluation();
            Samples s = FlowSampler.builder().solve(solve.solver(), solve.options()).build()
                    .sample(run.model(), x0, null);
            x1 = s.x1();
            cost = "sample_nfe=" + s.stats().functionEvaluations();
        }
        Path out = output.create();
        double[] v = HostArrays.toDoubles(x1);
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("samples.csv"))) {
            w.write("x,y\n");
            for (int i = 0; i < samples; i++) {
                w.write(String.format(Locale.ROOT, "%.6g,%.6g%n", v[2 * i], v[2 * i + 1]));
            }
        }
        Plots.scatter(out.resolve("samples.png"), (sde ? "bridge SDE" : "flow") + " samples (n=" + samples + ")",
                x1);
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "fm sample checkpoint=%s n=%d %s out=%s%n", model.checkpoint(), samples, cost, out);
        stdout.flush();
        return 0;
    }

    /** Writes into fm-samples by default. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--out", "fm-samples");
        }
    }
}
