package io.github.flows4j.spark.train;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.spark.SparkJobException;
import io.github.flows4j.spark.data.SparkPoints;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * Draws a step's data rows from points held by Spark — a {@code Dataset} larger than the driver's memory: the
 * driver draws {@code batch} indices uniformly with replacement from the {@code data} stream, one Spark job
 * gathers those rows from the cached, numbered points (a filter over the partitions: the cost of a step grows with
 * the data set's size per executor, not with the driver's memory), and the rows come back in draw order. Only the
 * batch ever sits on the driver. Compose it with the loss's own random columns:
 *
 * <pre>{@code
 * DatasetSampler rows = new DatasetSampler(SparkPoints.fromDataset(df, "x", "y"), 4096, DataType.FLOAT);
 * BatchSampler fm = (data, noise) -> Nd4j.hstack(rows.sample(data, noise),
 *         noise.normal(DataType.FLOAT, 4096, 2), noise.uniform(DataType.FLOAT, 4096, 1));
 * }</pre>
 */
public final class DatasetSampler implements BatchSampler {
    private final JavaPairRDD<Long, double[]> points;
    private final int count;
    private final int dim;
    private final int batch;
    private final DataType dtype;

    /**
     * Caches the points (memory, spilling to disk) for the steps to come.
     *
     * @param points the numbered points (at most {@link Integer#MAX_VALUE})
     * @param batch  rows per step, &ge; 1
     * @param dtype  FLOAT or DOUBLE
     * @throws InvalidConfigException if an argument is out of range
     */
    public DatasetSampler(SparkPoints points, int batch, DataType dtype) {
        if (points == null) {
            throw InvalidConfigException.of("points", "non-null", null);
        }
        if (points.count() > Integer.MAX_VALUE) {
            throw InvalidConfigException.of("points count", "<= " + Integer.MAX_VALUE, points.count());
        }
        if (batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", batch);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
        this.points = points.indexed().persist(StorageLevel.MEMORY_AND_DISK());
        this.count = (int) points.count();
        this.dim = points.dim();
        this.batch = batch;
        this.dtype = dtype;
    }

    /**
     * @param data  draws the indices
     * @param noise not used
     * @return {@code [batch, dim]}: the drawn points in draw order
     * @throws io.github.flows4j.spark.RowFailedException if a drawn row is bad
     */
    @Override
    public INDArray sample(Rng data, Rng noise) {
        long[] drawn = new long[batch];
        Set<Long> wanted = new HashSet<>();
        for (int i = 0; i < batch; i++) {
            drawn[i] = data.nextInt(count);
            wanted.add(drawn[i]);
        }
        List<Tuple2<Long, double[]>> rows;
        try {
            rows = points.filter(p -> wanted.contains(p._1())).collect();
        } catch (Exception e) {                // Spark's job failure is a (Scala-unchecked) checked SparkException
            throw SparkJobException.of("gathering a batch of " + batch + " rows", e);
        }
        Map<Long, double[]> byIndex = new HashMap<>();
        for (Tuple2<Long, double[]> r : rows) {
            byIndex.put(r._1(), r._2());
        }
        double[] flat = new double[batch * dim];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(byIndex.get(drawn[i]), 0, flat, i * dim, dim);
        }
        return HostArrays.fromDoubles(flat, dtype, batch, dim);
    }
}
