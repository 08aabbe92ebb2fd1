package io.github.flows4j.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.TimeMlp;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.GradientSource;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.spark.LocalSpark;
import io.github.flows4j.spark.data.SparkPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DatasetSamplerTest {
    /** 200 rows (i / 50 - 2, (i % 7) / 2), i.e. each row determined by its index. */
    private static SparkPoints points() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(RowFactory.create(i / 50.0 - 2, (i % 7) / 2.0));
        }
        StructType xy = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        Dataset<Row> df = LocalSpark.session().createDataFrame(rows, xy).repartition(3);
        return SparkPoints.fromDataset(df.sort("x"), "x", "y");
    }

    @Test
    void drawsTheRowsAtTheIndicesTheDataStreamChooses() {
        DatasetSampler sampler = new DatasetSampler(points(), 32, DataType.DOUBLE);
        INDArray b = sampler.sample(Rng.seeded(8), Rng.seeded(9));
        assertEquals(32, b.rows());
        Rng replay = Rng.seeded(8);
        for (int i = 0; i < 32; i++) {
            int k = replay.nextInt(200);
            assertEquals(k / 50.0 - 2, b.getDouble(i, 0), 0.0, "row " + i + " is point " + k);
            assertEquals((k % 7) / 2.0, b.getDouble(i, 1), 0.0);
        }
    }

    @Test
    void trainingOnDatasetBatchesOnSparkEqualsSingleJvmTrainingOnTheSameBatches() {
        DatasetSampler rows = new DatasetSampler(points(), 64, DataType.FLOAT);
        BatchSampler fm = (data, noise) -> Nd4j.hstack(rows.sample(data, noise),
                noise.normal(DataType.FLOAT, 64, 2), noise.uniform(DataType.FLOAT, 64, 1));
        BatchObjective<TimeMlp> objective = new BatchObjective<>(fm, FmFixture.loss());
        TimeMlp local = train(objective.local());
        TimeMlp spark = train(SparkGradientSource.builder(LocalSpark.context(), FmFixture.factory(DataType.FLOAT, 8),
                objective).partitions(2).build());
        for (Map.Entry<String, Tensor> e : local.parameters().entrySet()) {
            double[] a = e.getValue().toDoubleArray();
            double[] b = spark.parameters().get(e.getKey()).toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5, e.getKey() + "[" + i + "]");
            }
        }
    }

    private static TimeMlp train(GradientSource<TimeMlp> grads) {
        TimeMlp model = TimeMlp.builder().sizes(2, 8, 8, 2).dtype(DataType.FLOAT).build(Rng.seeded(4));
        Trainer.builder(model).config(TrainerConfig.builder().maxSteps(5).schedule(LrSchedule.constant(1e-2)).build())
                .gradients(grads).build().fit(Rng.seeded(5), Rng.seeded(6));
        return model;
    }

    @Test
    void rejectsBadSettings() {
        SparkPoints p = points();
        assertThrows(InvalidConfigException.class, () -> new DatasetSampler(p, 0, DataType.FLOAT));
        assertThrows(InvalidConfigException.class, () -> new DatasetSampler(p, 4, DataType.INT32));
        assertThrows(InvalidConfigException.class, () -> new DatasetSampler(null, 4, DataType.FLOAT));
    }
}
