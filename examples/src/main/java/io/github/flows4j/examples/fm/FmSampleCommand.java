package io.github.flows4j.examples.fm;

import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.Plots;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j fm sample --checkpoint F -n N}: loads a model that {@code fm} trained, draws N samples by solving
 * its ODE from Gaussian noise with dopri5 at {@code --tol}, and writes them as samples.csv (x,y per line) and
 * samples.png.
 *
 * <pre>{@code
 * java -jar flows4j.jar fm sample --checkpoint fm-out/fm.ckpt -n 10000 -o samples
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

    @Override
    public Integer call() throws Exception {
        Fm2dConfig config = FmCommand.configOrUsageError(spec, model::config);
        Fm2dRun run = new Fm2dRun(config).load(model.checkpoint());
        SolveSettings solve = run.evaluation();
        Samples s = FlowSampler.builder().solve(solve.solver(), solve.options()).build()
                .sample(run.model(), run.drawSource(samples, run.plotStream()), null);
        Path out = output.create();
        double[] v = HostArrays.toDoubles(s.x1());
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("samples.csv"))) {
            w.write("x,y\n");
            for (int i = 0; i < samples; i++) {
                w.write(String.format(Locale.ROOT, "%.6g,%.6g%n", v[2 * i], v[2 * i + 1]));
            }
        }
        Plots.scatter(out.resolve("samples.png"), "flow samples (n=" + samples + ")", s.x1());
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "fm sample checkpoint=%s n=%d sample_nfe=%d out=%s%n", model.checkpoint(), samples,
                s.stats().functionEvaluations(), out);
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
