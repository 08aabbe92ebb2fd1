package io.github.flows4j.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.nn.TimeMlp;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.GradientSource;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.spark.LocalSpark;
import io.github.flows4j.spark.ModelFactory;
import io.github.flows4j.spark.ParameterSnapshot;
import io.github.flows4j.spark.data.SparkPoints;
import io.github.flows4j.spark.eval.DistributedEvaluator;
import io.github.flows4j.spark.eval.ModelPoints;
import io.github.flows4j.spark.eval.PointFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The evidence runs of docs/spark.md: the 200-step equality, local[1] against local[2] exact NLL of 10,000 points,
 * and training steps per second with Spark's per-step overhead. Timings are printed (never asserted); the
 * assertions are the equalities.
 */
@Tag("slow")
class SparkMeasurementsTest {
    private static final int PARTITIONS = 8;
    private static final int REPEATS = 5;

    @Test
    void twoHundredFlowMatchingStepsOnSparkEqualSingleJvmTraining() {
        SparkGradientSourceTest.assertSparkTrainingMatchesLocal(200, 1e-4);
    }

    private static BatchLoss<MlpVelocityField> fieldLoss() {
        return (model, b) -> {
            Tensor rows = Tensor.constant(b);
            Tensor x1 = rows.narrow(1, 0, 2);
            Tensor x0 = rows.narrow(1, 2, 2);
            Tensor t = rows.narrow(1, 4, 1);
            Tensor xt = x0.mul(t.rsub(1)).add(x1.mul(t));
            return model.velocity(xt, t).sub(x1.sub(x0)).square().sum(1).mean();
        };
    }

    @Test
    void exactNllOfTenThousandPointsOnLocal1AndLocal2() {
        ModelFactory<MlpVelocityField> factory = () -> MlpVelocityField.builder().dim(2).hidden(256, 256, 256)
                .build(Rng.seeded(0));
        MlpVelocityField field = MlpVelocityField.builder().dim(2).hidden(256, 256, 256).build(Rng.seeded(1));
        BatchObjective<MlpVelocityField> fm = new BatchObjective<>(FmFixture.sampler(256, DataType.FLOAT),
                fieldLoss());
        Trainer.builder(field).config(TrainerConfig.builder().maxSteps(500).schedule(LrSchedule.constant(2e-3))
                .build()).gradients(fm.local()).build().fit(Rng.seeded(2), Rng.seeded(3));
        PointFunction nll = ModelPoints.of(factory, ParameterSnapshot.of(field.parameters()),
                (f, x) -> CnfLikelihood.builder().build().evaluate(f, x).logProb().neg());
        INDArray test = Toy2d.CHECKERBOARD.sample(10_000, Rng.seeded(4), DataType.FLOAT);
        DistributedEvaluator eval = DistributedEvaluator.builder(nll).batchSize(250).partitions(PARTITIONS).build();

        long t0 = System.nanoTime();
        double[] local = eval.evaluateLocal(test);
        double localS = (System.nanoTime() - t0) / 1e9;
        double[][] spark = new double[2][];
        double[][] seconds = new double[2][REPEATS];
        try {
            for (int k = 1; k <= 2; k++) {
                LocalSpark.restart("local[" + k + "]");
                SparkPoints points = SparkPoints.fromArray(LocalSpark.context(), test, PARTITIONS);
                eval.evaluate(SparkPoints.fromArray(LocalSpark.context(), test.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2_000),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()), PARTITIONS));   // warm the executors up
                for (int r = 0; r < REPEATS; r++) {
                    long t = System.nanoTime();
                    spark[k - 1] = eval.evaluate(points);
                    seconds[k - 1][r] = (System.nanoTime() - t) / 1e9;
                }
            }
        } finally {
            LocalSpark.restart("local[2]");
        }
        double mean = 0;
        for (double v : local) {
            mean += v / local.length;
        }
        double[] one = seconds[0].clone();
        double[] two = seconds[1].clone();
        java.util.Arrays.sort(one);
        java.util.Arrays.sort(two);
        System.out.printf("exact NLL of 10,000 points (mean %.4f nats), %d runs each: single JVM %.2f s; local[1] %s s;"
                + " local[2] %s s; speed-up local[1]/local[2] by medians %.2f, by minima %.2f%n", mean, REPEATS,
                localS, java.util.Arrays.toString(seconds[0]), java.util.Arrays.toString(seconds[1]),
                one[REPEATS / 2] / two[REPEATS / 2], one[0] / two[0]);
        assertArrayEquals(local, spark[0], 0.0);
        assertArrayEquals(local, spark[1], 0.0);
    }

    private static double secondsPerStep(GradientSource<TimeMlp> source, int hidden, int steps, double[] loss) {
        TimeMlp model = TimeMlp.builder().sizes(2, hidden, hidden, 2).dtype(DataType.FLOAT).build(Rng.seeded(9));
        TrainerConfig config = TrainerConfig.builder().maxSteps(steps).schedule(LrSchedule.constant(1e-3)).build();
        TrainResult r = Trainer.builder(model).config(config).gradients(source).build()
                .fit(Rng.seeded(10), Rng.seeded(11));
        loss[0] = r.finalLoss();
        return r.seconds() / r.steps();
    }

    @Test
    void stepsPerSecondAndSparkSchedulingOverhead() {
        BatchObjective<TimeMlp> big = FmFixture.objective(4096, DataType.FLOAT);
        BatchObjective<TimeMlp> tiny = FmFixture.objective(2, DataType.FLOAT);
        double[] a = new double[1];
        double[] b = new double[1];
        double[] c = new double[1];
        double[] d = new double[1];
        secondsPerStep(SparkGradientSource.builder(LocalSpark.context(), FmFixture.factory(DataType.FLOAT, 2),
                tiny).partitions(2).build(), 2, 30, c);                                  // warm-up
        double localBig = secondsPerStep(big.local(), 128, 60, a);
        double sparkBig = secondsPerStep(SparkGradientSource.builder(LocalSpark.context(),
                FmFixture.factory(DataType.FLOAT, 128), big).partitions(2).build(), 128, 60, b);
        double localTiny = secondsPerStep(tiny.local(), 2, 200, c);
        double sparkTiny = secondsPerStep(SparkGradientSource.builder(LocalSpark.context(),
                FmFixture.factory(DataType.FLOAT, 2), tiny).partitions(2).build(), 2, 200, d);
        System.out.printf("batch 4096, TimeMlp 2-128-128-2: single JVM %.1f steps/s, local[2] %.1f steps/s; "
                + "batch 2, 2-2-2-2: single JVM %.1f ms/step, local[2] %.1f ms/step -> Spark overhead %.1f ms/step%n",
                1 / localBig, 1 / sparkBig, 1e3 * localTiny, 1e3 * sparkTiny, 1e3 * (sparkTiny - localTiny));
        assertEquals(a[0], b[0], 1e-4 * (1 + Math.abs(a[0])), "big: equal final loss");
        assertEquals(c[0], d[0], 1e-4 * (1 + Math.abs(c[0])), "tiny: equal final loss");
    }
}
