package io.github.flows4j.spark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.spark.LocalSpark;
import io.github.flows4j.spark.ModelFactory;
import io.github.flows4j.spark.ParameterSnapshot;
import io.github.flows4j.spark.RowFailedException;
import io.github.flows4j.spark.data.SparkPoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DistributedEvaluatorTest {
    private static final StructType XY = new StructType().add("x", DataTypes.DoubleType)
            .add("y", DataTypes.DoubleType);

    /** Exact NLL (dopri5, rtol = atol = 1e-5, exact divergence) of a small untrained field. */
    static PointFunction exactNll() {
        ModelFactory<MlpVelocityField> factory = () -> MlpVelocityField.builder().dim(2).hidden(16, 16)
                .build(Rng.seeded(0));
        MlpVelocityField field = MlpVelocityField.builder().dim(2).hidden(16, 16).build(Rng.seeded(42));
        return ModelPoints.of(factory, ParameterSnapshot.of(field.parameters()),
                (f, x) -> CnfLikelihood.builder().build().evaluate(f, x).logProb().neg());
    }

    /** A Hutchinson estimate of the same field's NLL (Rademacher probes, several per point), seeded per batch. */
    static StochasticPointFunction hutchinsonNll(int probes) {
        ModelFactory<MlpVelocityField> factory = () -> MlpVelocityField.builder().dim(2).hidden(16, 16)
                .build(Rng.seeded(0));
        MlpVelocityField field = MlpVelocityField.builder().dim(2).hidden(16, 16).build(Rng.seeded(42));
        return ModelPoints.stochastic(factory, ParameterSnapshot.of(field.parameters()),
                (f, x, rng) -> CnfLikelihood.builder()       // built on the executor: CnfLikelihood is not shipped
                        .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, probes)).build()
                        .evaluate(f, x, rng).logProb().neg());
    }

    private static Dataset<Row> frame(List<Row> rows, StructType schema) {
        SparkSession spark = LocalSpark.session();
        return spark.createDataFrame(rows, schema).repartition(2);
    }

    @Test
    void distributedExactNllEqualsTheSingleJvmPath() {
        INDArray x = Toy2d.CHECKERBOARD.sample(150, Rng.seeded(3), DataType.FLOAT);
        DistributedEvaluator eval = DistributedEvaluator.builder(exactNll()).batchSize(40).partitions(2).build();
        double[] local = eval.evaluateLocal(x);
        double[] spark = eval.evaluate(SparkPoints.fromArray(LocalSpark.context(), x, 3));
        assertEquals(150, spark.length);
        assertArrayEquals(local, spark, 0.0);                       // the same batches: bit-identical
        for (double v : local) {
            assertTrue(Double.isFinite(v) && v > 0, "NLL of an untrained field " + v);
        }
    }

    @Test
    void hutchinsonNllOnSparkEqualsTheSingleJvmPathAndEstimatesTheExactNll() {
        INDArray x = Toy2d.CHECKERBOARD.sample(150, Rng.seeded(3), DataType.FLOAT);
        DistributedEvaluator eval = DistributedEvaluator.builder(hutchinsonNll(4), 7L).batchSize(40).partitions(2)
                .build();
        double[] local = eval.evaluateLocal(x);
        double[] spark = eval.evaluate(SparkPoints.fromArray(LocalSpark.context(), x, 3));
        assertArrayEquals(local, spark, 0.0);             // each batch draws its probes from its own seeded stream
        double[] again = DistributedEvaluator.builder(hutchinsonNll(4), 7L).batchSize(40).partitions(3).build()
                .evaluate(SparkPoints.fromArray(LocalSpark.context(), x, 2));
        assertArrayEquals(local, again, 0.0);              // whatever the partitioning
        double[] otherSeed = DistributedEvaluator.builder(hutchinsonNll(4), 8L).batchSize(40).build()
                .evaluateLocal(x);
        double[] exact = DistributedEvaluator.builder(exactNll()).batchSize(40).build().evaluateLocal(x);
        double meanEstimate = 0;
        double meanExact = 0;
        double changed = 0;
        for (int i = 0; i < x.rows(); i++) {
            meanEstimate += local[i] / x.rows();
            meanExact += exact[i] / x.rows();
            changed = Math.max(changed, Math.abs(otherSeed[i] - local[i]));
        }
        assertTrue(changed > 1e-4, "another seed draws other probes: largest change " + changed);
        assertEquals(meanExact, meanEstimate, 0.02 * Math.abs(meanExact), "Hutchinson mean vs exact mean");
    }

    @Test
    void batchStreamsDependOnTheSeedAndTheBatchIndexOnly() {
        double a = DistributedEvaluator.batchRng(7L, 3).nextDouble();
        assertEquals(a, DistributedEvaluator.batchRng(7L, 3).nextDouble(), 0.0);
        assertTrue(a != DistributedEvaluator.batchRng(7L, 2).nextDouble());
        assertTrue(a != DistributedEvaluator.batchRng(8L, 3).nextDouble());
    }

    @Test
    void parquetPointsEvaluateLikeTheArray(@TempDir Path dir) {
        List<Row> rows = new ArrayList<>();
        INDArray x = Toy2d.CHECKERBOARD.sample(50, Rng.seeded(5), DataType.FLOAT);
        double[][] m = x.toDoubleMatrix();
        for (double[] p : m) {
            rows.add(RowFactory.create(p[0], p[1]));
        }
        String path = dir.resolve("points.parquet").toString();
        LocalSpark.session().createDataFrame(rows, XY).coalesce(1).write().parquet(path);
        Dataset<Row> back = LocalSpark.session().read().parquet(path);
        DistributedEvaluator eval = DistributedEvaluator.builder(exactNll()).batchSize(16).build();
        assertArrayEquals(eval.evaluateLocal(x), eval.evaluate(SparkPoints.fromDataset(back, "x", "y")), 0.0);
    }

    @Test
    void aNanRowFailsTheEvaluationNamingRowAndColumn() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(RowFactory.create((double) i, i == 13 ? Double.NaN : 0.5));
        }
        Dataset<Row> df = LocalSpark.session().createDataFrame(rows, XY);
        DistributedEvaluator eval = DistributedEvaluator.builder(x -> x.sum(1)).batchSize(4).build();
        RowFailedException e = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> assertThrows(RowFailedException.class, () -> eval.evaluate(SparkPoints.fromDataset(df, 2))));
        assertEquals(13, e.row());
        assertEquals("y", e.column());
        assertTrue(e.getMessage().contains("row 13, column y: is NaN"), e.getMessage());
    }

    @Test
    void aNullValueFailsNamingRowAndColumn() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(RowFactory.create(i == 6 ? null : 1.0, 2.0));
        }
        Dataset<Row> df = LocalSpark.session().createDataFrame(rows, XY);
        DistributedEvaluator eval = DistributedEvaluator.builder(x -> x.sum(1)).batchSize(3).build();
        RowFailedException e = assertThrows(RowFailedException.class,
                () -> eval.evaluate(SparkPoints.fromDataset(df, "x", "y")));
        assertEquals(6, e.row());
        assertEquals("x", e.column());
    }

    @Test
    void aRowRejectedByTheFunctionIsNamedByItsGlobalIndex() {
        INDArray x = Toy2d.CHECKERBOARD.sample(30, Rng.seeded(1), DataType.FLOAT);
        PointFunction picky = p -> {
            if (p.rows() > 1 && p.getDouble(1, 0) == x.getDouble(21, 0)) {   // local row 1 of the batch [20, 30)
                throw new RowFailedException(1, null, "rejected");
            }
            return p.sum(1);
        };
        DistributedEvaluator eval = DistributedEvaluator.builder(picky).batchSize(10).build();
        assertEquals(21, assertThrows(RowFailedException.class, () -> eval.evaluateLocal(x)).row());
        assertEquals(21, assertThrows(RowFailedException.class,
                () -> eval.evaluate(SparkPoints.fromArray(LocalSpark.context(), x, 2))).row());
    }

    @Test
    void vectorValuedFunctionsAndTheirMomentsMatchTheSingleJvmPath() {
        INDArray x = Toy2d.CHECKERBOARD.sample(300, Rng.seeded(12), DataType.DOUBLE);
        PointFunction affine = p -> p.mul(2).addi(1);                       // a "sampler": one 2-vector per point
        DistributedEvaluator eval = DistributedEvaluator.builder(affine).batchSize(64).partitions(2)
                .dtype(DataType.DOUBLE).build();
        SparkPoints points = SparkPoints.fromArray(LocalSpark.context(), x, 3);
        double[][] local = eval.evaluateRowsLocal(x);
        double[][] spark = eval.evaluateRows(points);
        for (int i = 0; i < local.length; i++) {
            assertArrayEquals(local[i], spark[i], 0.0, "row " + i);
        }
        Moments m = eval.moments(points);
        Moments direct = eval.momentsLocal(x);
        assertEquals(300, m.count());
        assertArrayEquals(direct.mean(), m.mean(), 1e-12);
        for (int a = 0; a < 2; a++) {
            assertArrayEquals(direct.covariance()[a], m.covariance()[a], 1e-12);
        }
        assertEquals(0, m.frechetDistance(direct), 1e-9);
        assertThrows(ShapeMismatchException.class, () -> eval.evaluate(points), "two values per point");
    }

    @Test
    void frechetDistanceOfDiagonalGaussiansHasTheClosedForm() {
        // A: x in {-1, 1}, y in {0, 0}+{-2, 2}; B: x in {1, 3}, y in {-1, 1}: per axis (Δμ)² + (σ_A − σ_B)²
        Moments a = Moments.of(new double[] {-1, -2, 1, 2, -1, 2, 1, -2}, 4, 2);
        Moments b = Moments.of(new double[] {1, -1, 3, 1, 1, 1, 3, -1}, 4, 2);
        double sa0 = Math.sqrt(4.0 / 3);
        double sa1 = Math.sqrt(16.0 / 3);
        double sb0 = Math.sqrt(4.0 / 3);
        double sb1 = Math.sqrt(4.0 / 3);
        double expected = 4 + Math.pow(sa0 - sb0, 2) + Math.pow(sa1 - sb1, 2);
        assertEquals(expected, a.frechetDistance(b), 1e-12);
        Moments halves = Moments.of(new double[] {-1, -2, 1, 2}, 2, 2).plus(Moments.of(new double[] {-1, 2, 1, -2},
                2, 2));
        assertArrayEquals(a.covariance()[1], halves.covariance()[1], 1e-12);
        assertThrows(InvalidConfigException.class, () -> Moments.of(new double[] {1}, 1, 1).covariance());
    }

    @Test
    void badDatasetsFailWithTypedErrorsNamingTheColumn() {
        List<Row> three = List.of(RowFactory.create(1.0, 2.0, "a"));
        StructType xyz = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
                .add("label", DataTypes.StringType);
        Dataset<Row> df = frame(three, xyz);
        ShapeMismatchException wrongCount = assertThrows(ShapeMismatchException.class,
                () -> SparkPoints.fromDataset(df, 2));
        assertTrue(wrongCount.getMessage().contains("2 columns") && wrongCount.getMessage().contains("got 3"),
                wrongCount.getMessage());
        InvalidConfigException text = assertThrows(InvalidConfigException.class,
                () -> SparkPoints.fromDataset(df, "x", "label"));
        assertTrue(text.getMessage().contains("column 'label' must be numeric"), text.getMessage());
        InvalidConfigException missing = assertThrows(InvalidConfigException.class,
                () -> SparkPoints.fromDataset(df, "x", "z"));
        assertTrue(missing.getMessage().contains("column 'z'"), missing.getMessage());
        InvalidConfigException empty = assertThrows(InvalidConfigException.class,
                () -> SparkPoints.fromDataset(frame(List.of(), XY), "x", "y"));
        assertTrue(empty.getMessage().contains("at least one row"), empty.getMessage());
        assertThrows(InvalidConfigException.class, () -> DistributedEvaluator.builder(null).build());
        assertThrows(InvalidConfigException.class, () -> DistributedEvaluator.builder(p -> p).batchSize(0).build());
    }
}
