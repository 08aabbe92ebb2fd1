package io.github.flows4j.examples.spark;

import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.CsvMetricLog;
import io.github.flows4j.core.train.GradientSource;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.spark.ModelFactory;
import io.github.flows4j.spark.ParameterSnapshot;
import io.github.flows4j.spark.data.SparkPoints;
import io.github.flows4j.spark.eval.DistributedEvaluator;
import io.github.flows4j.spark.eval.Moments;
import io.github.flows4j.spark.train.BatchObjective;
import io.github.flows4j.spark.train.DatasetSampler;
import io.github.flows4j.spark.train.SparkGradientSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The Spark part of {@code spark-fm}, loaded only once Spark was found on the class path. */
final class SparkFmRun {
    private SparkFmRun() {
    }

    static void run(SparkFmCommand.Settings s, Path out, PrintWriter stdout) throws IOException {
        SparkConf conf = new SparkConf().setAppName("flows4j spark-fm").set("spark.ui.enabled", "false");
        if (s.master() != null) {
            conf.setMaster(s.master());
        }
        if (s.master() != null && s.master().startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            ModelFactory<MlpVelocityField> factory = FmRows.factory(s.hidden());
            Dataset<Row> file = s.trainData() == null ? null : read(spark, s.trainData());
            BatchObjective<MlpVelocityField> objective = file == null ? FmRows.objective(s.dataset(), s.batch())
                    : FmRows.objective(new DatasetSampler(SparkPoints.fromDataset(file, s.columns()), s.batch(),
                            DataType.FLOAT), s.batch());
            SparkGradientSource<MlpVelocityField> grads = SparkGradientSource.builder(sc, factory, objective)
                    .partitions(s.partitions()).build();
            Rng root = Rng.seeded(s.seed());
            Rng testStream = root.split();
            Rng.State streams = root.split().state();      // weights, data and noise: the same for both runs
            long probeSeed = root.split().nextLong();      // the Hutchinson probes' root, split per test batch
            Trained spark0 = train(s, streams, grads, out.resolve("metrics.csv"));
            MlpVelocityField field = spark0.field();
            TrainResult sparkResult = spark0.result();
            String compare = "";
            if (s.compareLocal()) {
                Trained localRun = train(s, streams, objective.local(), null);
                MlpVelocityField local = localRun.field();
                double diff = 0;
                for (var e : local.parameters().entrySet()) {
                    double[] a = e.getValue().toDoubleArray();
                    double[] b = field.parameters().get(e.getKey()).toDoubleArray();
                    for (int i = 0; i < a.length; i++) {
                        diff = Math.max(diff, Math.abs(a[i] - b[i]));
                    }
                }
                compare = String.format(Locale.ROOT, " local_final_loss=%.6f max_param_diff=%.3g",
                        localRun.result().finalLoss(), diff);
            }
            SparkPoints testPoints = file == null
                    ? SparkPoints.fromArray(sc, s.dataset().sample(s.testSize(), testStream, DataType.FLOAT),
                            grads.partitions())
                    : SparkPoints.fromDataset(file.limit(s.testSize()), s.columns());
            ParameterSnapshot weights = ParameterSnapshot.of(field.parameters());
            DistributedEvaluator.Builder nllBuilder = s.hutchinson() == 0
                    ? DistributedEvaluator.builder(FmRows.exactNll(factory, weights))
                    : DistributedEvaluator.builder(FmRows.hutchinsonNll(factory, weights, s.hutchinson()), probeSeed);
            int evalBatch = Math.max(1, Math.min(500, s.testSize() / Math.max(1, grads.partitions())));
            DistributedEvaluator eval = nllBuilder.batchSize(evalBatch).partitions(grads.partitions()).build();
            long evalStart = System.nanoTime();
            double[] nll = eval.evaluate(testPoints);
            double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
            double mean = 0;
            for (double v : nll) {
                mean += v / nll.length;
            }
            // FID-style: the Fréchet distance between the moments of as many flow samples and the test points
            INDArray x0 = testStream.normal(DataType.FLOAT, testPoints.count(), 2);
            DistributedEvaluator sampler = DistributedEvaluator.builder(FmRows.samples(factory, weights))
                    .batchSize(evalBatch).partitions(grads.partitions()).build();
            Moments sampled = sampler.moments(SparkPoints.fromArray(sc, x0, grads.partitions()));
            Moments reference = DistributedEvaluator.builder(p -> p.dup()).build().moments(testPoints);
            double fd = sampled.frechetDistance(reference);
            stdout.printf(Locale.ROOT, "spark-fm master=%s partitions=%d steps=%d final_loss=%.6f steps_per_s=%.2f "
                    + "bytes_per_step=%d nll=%.4f divergence=%s eval_points=%d eval_s=%.1f fd=%.4f%s%n", sc.master(),
                    grads.partitions(),
                    sparkResult.steps(), sparkResult.finalLoss(), sparkResult.steps() / sparkResult.seconds(),
                    grads.bytesPerStep(), mean, s.hutchinson() == 0 ? "exact" : "hutchinson" + s.hutchinson(),
                    nll.length, evalSeconds, fd, compare);
            stdout.flush();
        } finally {
            spark.stop();
        }
    }

    private static Dataset<Row> read(SparkSession spark, String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".csv")
                ? spark.read().option("header", "true").option("inferSchema", "true").csv(path)
                : spark.read().parquet(path);
    }

    /** A trained field and its run. */
    record Trained(MlpVelocityField field, TrainResult result) {
    }

    static Trained train(SparkFmCommand.Settings s, Rng.State streams, GradientSource<MlpVelocityField> grads,
            Path metrics) throws IOException {
        Rng rng = Rng.fromState(streams);
        MlpVelocityField field = FmRows.field(rng.split(), s.hidden());
        TrainerConfig config = TrainerConfig.builder().maxSteps(s.steps()).timeBudgetSeconds(s.timeBudget())
                .schedule(LrSchedule.constant(s.lr())).build();
        Trainer.Builder<MlpVelocityField> b = Trainer.builder(field).config(config).gradients(grads);
        if (metrics == null) {
            return new Trained(field, b.build().fit(rng.split(), rng.split()));
        }
        try (CsvMetricLog log = CsvMetricLog.create(metrics)) {
            return new Trained(field, b.listener(log).build().fit(rng.split(), rng.split()));
        }
    }
}
