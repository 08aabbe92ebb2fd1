package io.github.flows4j.examples;

import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Bounds;
import io.github.flows4j.examples.support.Plots;
import io.github.flows4j.examples.support.ToyDataOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j datasets <name>}: draws a 2-D toy dataset ({@link Toy2d}) from a seed, writes a scatter PNG and
 * prints one summary line, e.g.
 * {@code dataset=checkerboard n=2000 seed=0 mean=0.0123,-0.0045 std=2.3090,2.3101 out=checkerboard.png}.
 *
 * <pre>{@code
 * java -jar flows4j.jar datasets 8gaussians --samples 5000 --seed 1 --out eight.png
 * }</pre>
 */
@Command(name = "datasets", description = "Sample a 2-D toy dataset, write a scatter PNG and print n, mean and std.")
public final class DatasetsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>", converter = ToyDataOptions.Toy2dChoices.class,
            completionCandidates = ToyDataOptions.Toy2dChoices.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    private Toy2d name;

    @Option(names = {"-n", "--samples"}, defaultValue = "2000", converter = Bounds.AtLeastOne.class,
            description = "Number of points (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "<png>", description = "Output PNG (default <name>.png).")
    private Path out;

    /** The dataset names, for help texts and shell completion (the same as {@link ToyDataOptions.Toy2dChoices}). */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Toy2d.values()).map(Toy2d::id).iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Toy2d toy = name;
        Path target = out != null ? out : Path.of(toy.id() + ".png");
        INDArray points = toy.sample(samples, Rng.seeded(seed), DataType.DOUBLE);
        Plots.scatter(target, toy.id() + " (n=" + samples + ", seed=" + seed + ")", points);
        double[] v = HostArrays.toDoubles(points);
        double[] mean = new double[2];
        double[] sq = new double[2];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < 2; j++) {
                mean[j] += v[2 * i + j];
            }
        }
        mean[0] /= samples;
        mean[1] /= samples;
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < 2; j++) {
                double c = v[2 * i + j] - mean[j];
                sq[j] += c * c;
            }
        }
        double sx = Math.sqrt(sq[0] / samples);
        double sy = Math.sqrt(sq[1] / samples);
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "dataset=%s n=%d seed=%d mean=%.4f,%.4f std=%.4f,%.4f out=%s", toy.id(), samples, seed, mean[0],
                mean[1], sx, sy, target));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
