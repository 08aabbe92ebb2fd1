package io.github.flows4j.examples.spark;

import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.examples.support.CommandDefaults;
import io.github.flows4j.examples.support.MlpTrainingOptions;
import io.github.flows4j.examples.support.OutputOptions;
import io.github.flows4j.examples.support.ToyDataOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code flows4j spark-fm}: Flow Matching on a 2-D toy with the gradient computed data-parallel on Apache Spark
 * ({@code flow-spark}'s {@code SparkGradientSource} in the library's {@code Trainer}), then the exact test NLL
 * evaluated on Spark. Prints one result line: master, partitions, steps, final loss, steps per second, the
 * parameter bytes per step and executor, the mean NLL and the evaluation time, and {@code fd}, the Fréchet distance
 * between the moments of as many flow samples (drawn on Spark) and the test points; {@code --compare-local} also trains
 * on this JVM alone with the same seed and prints the largest parameter difference. Writes {@code metrics.csv}.
 * {@code --train-data} trains on a Parquet or CSV file read by Spark: each step's rows are gathered from it on the
 * executors ({@code DatasetSampler}), so the file may be larger than the driver's memory.
 *
 * <p>{@code flows4j.jar} does not bundle Spark (it would grow from 139 MB to about 420 MB): run the command with
 * {@code spark-submit}, which puts Spark on the class path, or add Spark's jars and the {@code --add-opens} flags to
 * a plain {@code java} command (docs/spark.md). Without Spark the command says so and exits with status 1.
 *
 * <pre>{@code
 * spark-submit --master local[2] --class io.github.flows4j.examples.Flows4jCli flows4j.jar spark-fm --steps 200
 * spark-submit --master spark://host:7077 --class io.github.flows4j.examples.Flows4jCli flows4j.jar spark-fm \
 *     --master '' --partitions 64 --batch 8192 --train-data hdfs:///data/points.parquet
 * }</pre>
 */
@Command(name = "spark-fm", defaultValueProvider = SparkFmCommand.Defaults.class,
        description = "Flow Matching on a 2-D toy with data-parallel gradients on Apache Spark, then the exact test "
                + "NLL evaluated on Spark; needs Spark on the class path (run it with spark-submit, docs/spark.md).")
public final class SparkFmCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private MlpTrainingOptions train;

    @Mixin
    private ToyDataOptions data;

    @Mixin
    private OutputOptions output;

    @Option(names = "--master", defaultValue = "local[2]",
            description = "Spark master URL; an empty value keeps the one spark-submit set (default ${DEFAULT-VALUE}).")
    private String master;

    @Option(names = "--partitions", defaultValue = "0", converter = io.github.flows4j.examples.support.Bounds
            .NonNegativeInt.class,
            description = "Shards of each global batch, 0 for Spark's default parallelism (default ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--train-data", paramLabel = "<path>",
            description = "Train on the 2-D points of a Parquet file or folder, or a CSV file with a header (.csv), "
                    + "read by Spark, instead of --dataset; the test NLL then uses its first --test-size rows.")
    private String trainData;

    @Option(names = "--columns", defaultValue = "x,y", split = ",",
            description = "--train-data's two point columns (default ${DEFAULT-VALUE}).")
    private String[] columns;

    @Option(names = "--hutchinson", defaultValue = "0", paramLabel = "<probes>",
            converter = io.github.flows4j.examples.support.Bounds.NonNegativeInt.class,
            description = "Estimate the divergence in the test NLL with this many Rademacher probes per point, drawn "
                    + "per batch from a seeded stream (the same on any partitioning); 0 = exact (default "
                    + "${DEFAULT-VALUE}).")
    private int hutchinson;

    @Option(names = "--compare-local", description = "Also train on this JVM alone and print the largest parameter "
            + "difference.")
    private boolean compareLocal;

    /**
     * What the Spark run needs from the command line.
     *
     * @param master       the master URL, or null to keep spark-submit's
     * @param partitions   shards per step, 0 for the default parallelism
     * @param steps        training steps
     * @param timeBudget   seconds, 0 for none
     * @param hidden       hidden widths
     * @param batch        global batch
     * @param lr           Adam learning rate
     * @param seed         seed of every draw
     * @param dataset      the toy
     * @param testSize     test points for the NLL
     * @param compareLocal also train on one JVM
     * @param trainData    a Parquet/CSV path to train on, or null for the toy
     * @param columns      the path's two point columns
     * @param hutchinson   Rademacher probes per point for the test NLL, 0 for the exact divergence
     */
    record Settings(String master, int partitions, int steps, double timeBudget, int[] hidden, int batch, double lr,
            long seed, Toy2d dataset, int testSize, boolean compareLocal, String trainData, String[] columns,
            int hutchinson) {
    }

    @Override
    public Integer call() throws IOException {
        if (columns.length != 2) {
            throw new ParameterException(spec.commandLine(),
                    "--columns must name 2 columns (x and y); got " + columns.length);
        }
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkFmCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            spec.commandLine().getErr().println("spark-fm needs Apache Spark 4.0 (Scala 2.13) on the class path, "
                    + "which flows4j.jar does not bundle: run it with spark-submit --class "
                    + "io.github.flows4j.examples.Flows4jCli flows4j.jar spark-fm ... (docs/spark.md)");
            return 1;
        }
        Path out = output.create();
        Settings s = new Settings(master == null || master.isBlank() ? null : master, partitions, train.steps(),
                train.timeBudget(), train.hidden(), train.batch(), train.lr(), train.seed(), data.dataset(),
                data.testSize(), compareLocal, trainData, columns, hutchinson);
        SparkFmRun.run(s, out, spec.commandLine().getOut());
        return 0;
    }

    /** The command's own defaults: a run of seconds on one machine. */
    static final class Defaults extends CommandDefaults {
        Defaults() {
            super("--steps", "200", "--batch", "256", "--lr", "1e-3", "--hidden", "64,64", "--test-size", "1000",
                    "--out", "spark-fm-out");
        }
    }
}
