package io.github.flows4j.spark.eval;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.spark.RowFailedException;
import io.github.flows4j.spark.SparkJobException;
import io.github.flows4j.spark.data.SparkPoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * Evaluates a {@link PointFunction} over points held by Spark, one batch per call: the points are cut into batches
 * of {@code batchSize} consecutive points by index (the last one shorter), exactly as {@link #evaluateLocal} cuts an
 * array on one JVM, so every batch — and hence every adaptive solve — is the same, and the results are identical
 * to the single-JVM path. Batches are spread over {@code partitions} Spark tasks (a shuffle of the points, keyed by
 * batch); the per-point values come back to the driver in index order.
 *
 * <p>{@link #evaluateRows} returns a vector per point (samples from noise points, features), and {@link #moments}
 * merges their count, mean and covariance on the executors ({@link Moments}: FID-style statistics).
 *
 * <p>A function that draws random numbers (Hutchinson probes, noise for samples) is a {@link
 * StochasticPointFunction}, built with {@link #builder(StochasticPointFunction, long)}: batch {@code b} draws from
 * the {@code (b + 1)}-th {@link Rng#split() split} of {@code Rng.seeded(seed)}, on Spark as on one JVM, so these
 * results are identical too.
 *
 * <p>A non-finite or missing input value, or a {@link RowFailedException} from the function, fails the evaluation
 * with a {@link RowFailedException} naming the global row; other failures with a {@link SparkJobException}.
 *
 * <pre>{@code
 * DistributedEvaluator eval = DistributedEvaluator.builder(nll).batchSize(500).partitions(8).build();
 * double[] perPoint = eval.evaluate(SparkPoints.fromDataset(df, "x", "y"));
 * }</pre>
 */
public final class DistributedEvaluator {
    private final StochasticPointFunction function;
    private final long seed;
    private final int batchSize;
    private final int partitions;
    private final DataType dtype;

    private DistributedEvaluator(Builder b) {
        this.function = b.function;
        this.seed = b.seed;
        this.batchSize = b.batchSize;
        this.partitions = b.partitions;
        this.dtype = b.dtype;
    }

    /**
     * @param function the per-point function
     * @return a builder: {@code batchSize} 1000, {@code partitions} 0 (= the RDD's), FLOAT
     */
    public static Builder builder(PointFunction function) {
        return new Builder(function == null ? null : (x, rng) -> function.apply(x), 0L);
    }

    /**
     * An evaluator of a function that draws random numbers: every batch gets its own generator, a function of
     * {@code seed} and the batch's index only.
     *
     * @param function the per-point function
     * @param seed     the root of the batches' generators
     * @return a builder: {@code batchSize} 1000, {@code partitions} 0 (= the RDD's), FLOAT
     */
    public static Builder builder(StochasticPointFunction function, long seed) {
        return new Builder(function, seed);
    }

    /**
     * @param points the points
     * @return one value per point, in index order
     * @throws RowFailedException naming the first bad row Spark reports
     * @throws SparkJobException if the job fails otherwise
     */
    public double[] evaluate(SparkPoints points) {
        double[][] rows = evaluateRows(points);
        return single(rows);
    }

    /**
     * Like {@link #evaluate}, for a function with a vector per point ({@code [n, k]}: samples from noise points,
     * features): the rows come back to the driver in index order.
     *
     * @param points the points
     * @return one row per point
     * @throws RowFailedException naming the first bad row Spark reports
     * @throws SparkJobException if the job fails otherwise
     */
    public double[][] evaluateRows(SparkPoints points) {
        List<Tuple2<Long, double[][]>> results;
        try {
            results = batches(points).collect();
        } catch (Exception e) {                // Spark's job failure is a (Scala-unchecked) checked SparkException
            throw SparkJobException.of("distributed evaluation", e);
        }
        double[][] out = new double[Math.toIntExact(points.count())][];
        for (Tuple2<Long, double[][]> r : results) {
            System.arraycopy(r._2(), 0, out, Math.toIntExact(r._1() * batchSize), r._2().length);
        }
        return out;
    }

    /**
     * The count, mean and covariance of the function's rows, merged on the executors by {@code treeAggregate}: the
     * rows never reach the driver (FID-style statistics of many samples or features).
     *
     * @param points the points
     * @return the moments of the rows
     * @throws RowFailedException naming the first bad row Spark reports
     * @throws SparkJobException if the job fails otherwise
     */
    public Moments moments(SparkPoints points) {
        try {
            return batches(points).values().map(DistributedEvaluator::momentsOf)
                    .treeAggregate(Moments.EMPTY, Moments::plus, Moments::plus, 2);
        } catch (Exception e) {                // Spark's job failure is a (Scala-unchecked) checked SparkException
            throw SparkJobException.of("distributed moments", e);
        }
    }

    /**
     * The single-JVM path of {@link #moments}: the same batches, merged in batch order.
     *
     * @param points {@code [n, dim]}
     * @return the moments of the rows
     */
    public Moments momentsLocal(INDArray points) {
        double[][] rows = evaluateRowsLocal(points);
        Moments m = Moments.EMPTY;
        for (int start = 0; start < rows.length; start += batchSize) {
            double[][] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + batchSize));
            m = m.plus(momentsOf(batch));
        }
        return m;
    }

    private static Moments momentsOf(double[][] rows) {
        int k = rows[0].length;
        double[] flat = new double[rows.length * k];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * k, k);
        }
        return Moments.of(flat, rows.length, k);
    }

    private JavaPairRDD<Long, double[][]> batches(SparkPoints points) {
        int b = batchSize;
        StochasticPointFunction f = function;
        long root = seed;
        DataType type = dtype;
        JavaPairRDD<Long, double[]> indexed = points.indexed();
        int parts = partitions > 0 ? partitions : indexed.getNumPartitions();
        return indexed.mapToPair(p -> new Tuple2<>(p._1() / b, new IndexedPoint(p._1(), p._2())))
                .groupByKey(parts)
                .mapToPair(g -> new Tuple2<>(g._1(), evaluateBatch(g._2(), f, type, batchRng(root, g._1()))));
    }

    private static double[] single(double[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != 1) {
                throw ShapeMismatchException.of("point function result", "one value per point (use evaluateRows)",
                        new long[] {rows.length, rows[i].length});
            }
            out[i] = rows[i][0];
        }
        return out;
    }

    /**
     * The single-JVM path: the same batches, the same function, in this thread.
     *
     * @param points {@code [n, dim]}
     * @return one value per point
     * @throws RowFailedException naming a non-finite row
     */
    public double[] evaluateLocal(INDArray points) {
        return single(evaluateRowsLocal(points));
    }

    /**
     * The single-JVM path of {@link #evaluateRows}.
     *
     * @param points {@code [n, dim]}
     * @return one row per point
     * @throws RowFailedException naming a non-finite row
     */
    public double[][] evaluateRowsLocal(INDArray points) {
        if (points == null || points.rank() != 2 || points.rows() == 0) {
            throw ShapeMismatchException.of("points", "[n > 0, dim]", points == null ? null : points.shape());
        }
        double[][] rows = points.toDoubleMatrix();
        double[][] out = new double[rows.length][];
        for (int start = 0; start < rows.length; start += batchSize) {
            List<IndexedPoint> batch = new ArrayList<>();
            for (int i = start; i < Math.min(rows.length, start + batchSize); i++) {
                batch.add(new IndexedPoint(i, rows[i]));
            }
            double[][] v = evaluateBatch(batch, function, dtype, batchRng(seed, start / batchSize));
            System.arraycopy(v, 0, out, start, v.length);
        }
        return out;
    }

    /** The generator of batch {@code index}: the {@code (index + 1)}-th split of {@code Rng.seeded(seed)}. */
    static Rng batchRng(long seed, long index) {
        Rng root = Rng.seeded(seed);
        Rng r = root.split();
        for (long i = 0; i < index; i++) {
            r = root.split();
        }
        return r;
    }

    private static double[][] evaluateBatch(Iterable<IndexedPoint> group, StochasticPointFunction f, DataType type,
            Rng rng) {
        List<IndexedPoint> batch = new ArrayList<>();
        group.forEach(batch::add);
        batch.sort(Comparator.comparingLong(IndexedPoint::index));
        int n = batch.size();
        int dim = batch.get(0).values().length;
        double[] flat = new double[n * dim];
        for (int i = 0; i < n; i++) {
            double[] p = batch.get(i).values();
            for (int j = 0; j < dim; j++) {
                if (!Double.isFinite(p[j])) {
                    throw new RowFailedException(batch.get(i).index(), "c" + j, "is " + p[j]);
                }
            }
            System.arraycopy(p, 0, flat, i * dim, dim);
        }
        long first = batch.get(0).index();
        INDArray x = HostArrays.fromDoubles(flat, type, n, dim);
        INDArray v = null;
        try {
            v = f.apply(x, rng);
            if (v == null || v.rank() < 1 || v.rank() > 2 || v.size(0) != n) {
                throw ShapeMismatchException.of("point function result", "[" + n + "] or [" + n + ", k]",
                        v == null ? null : v.shape());
            }
            int k = v.rank() == 1 ? 1 : (int) v.size(1);
            double[] values = HostArrays.toDoubles(v);
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = Arrays.copyOfRange(values, i * k, (i + 1) * k);
            }
            return rows;
        } catch (RowFailedException e) {
            throw e.shifted(first);
        } finally {
            x.close();
            if (v != null && v != x) {
                v.close();
            }
        }
    }

    /** A point and its 0-based index in the data set (a plain class: Kryo cannot set a record's fields). */
    static final class IndexedPoint implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private final long index;
        private final double[] values;

        IndexedPoint(long index, double[] values) {
            this.index = index;
            this.values = values;
        }

        long index() {
            return index;
        }

        double[] values() {
            return values;
        }

        @Override
        public String toString() {
            return index + ":" + Arrays.toString(values);
        }
    }

    /** Builds a {@link DistributedEvaluator}. */
    public static final class Builder {
        private final StochasticPointFunction function;
        private final long seed;
        private int batchSize = 1000;
        private int partitions;
        private DataType dtype = DataType.FLOAT;

        private Builder(StochasticPointFunction function, long seed) {
            this.function = function;
            this.seed = seed;
        }

        /**
         * @param value points per call of the function, &ge; 1
         * @return this builder
         */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /**
         * @param value Spark tasks the batches are spread over, &ge; 0 (0: as many as the points' RDD has)
         * @return this builder
         */
        public Builder partitions(int value) {
            this.partitions = value;
            return this;
        }

        /**
         * @param value FLOAT or DOUBLE: the data type the points are given to the function in
         * @return this builder
         */
        public Builder dtype(DataType value) {
            this.dtype = value;
            return this;
        }

        /**
         * @return the evaluator
         * @throws InvalidConfigException if the function is null, a count is out of range, or the type is not
         *     FLOAT or DOUBLE
         */
        public DistributedEvaluator build() {
            if (function == null) {
                throw InvalidConfigException.of("function", "non-null", null);
            }
            if (batchSize < 1) {
                throw InvalidConfigException.of("batchSize", ">= 1", batchSize);
            }
            if (partitions < 0) {
                throw InvalidConfigException.of("partitions", ">= 0", partitions);
            }
            if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
                throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
            }
            return new DistributedEvaluator(this);
        }
    }
}
