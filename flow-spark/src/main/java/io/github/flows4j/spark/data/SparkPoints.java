package io.github.flows4j.spark.data;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.spark.RowFailedException;
import io.github.flows4j.spark.SparkJobException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * Points of dimension {@code dim} held by Spark — from a {@code Dataset<Row>} (Parquet, CSV, a table) or an RDD of
 * {@code double[]} — numbered 0, 1, … in the data set's order. Structure is checked up front on the driver (a
 * missing or non-numeric column, a column count other than {@code dim}, an empty data set: typed errors naming the
 * column); values are checked on the executors while the points are counted (one pass over the data, at
 * construction) and again wherever they are read, and a null or non-finite value fails with a
 * {@link RowFailedException} naming the row and the column.
 *
 * <pre>{@code
 * Dataset<Row> df = spark.read().parquet("test.parquet");
 * SparkPoints points = SparkPoints.fromDataset(df, "x", "y");          // 2-D points, column names checked
 * double[] nll = evaluator.evaluate(points);
 * }</pre>
 */
public final class SparkPoints {
    private final JavaPairRDD<Long, double[]> indexed;
    private final int dim;
    private final long count;

    private SparkPoints(JavaPairRDD<Long, double[]> indexed, int dim, long count) {
        this.indexed = indexed;
        this.dim = dim;
        this.count = count;
    }

    /**
     * @param ds      the data set
     * @param columns the numeric columns that form a point, in order (at least one)
     * @return the points
     * @throws InvalidConfigException if a column is missing or not numeric, none is named, or {@code ds} is empty
     */
    public static SparkPoints fromDataset(Dataset<Row> ds, String... columns) {
        if (ds == null) {
            throw InvalidConfigException.of("dataset", "non-null", null);
        }
        if (columns == null || columns.length == 0) {
            throw InvalidConfigException.of("columns", "at least one column name", Arrays.toString(columns));
        }
        List<String> present = Arrays.asList(ds.columns());
        int[] idx = new int[columns.length];
        for (int j = 0; j < columns.length; j++) {
            int at = present.indexOf(columns[j]);
            if (at < 0) {
                throw InvalidConfigException.of("column '" + columns[j] + "'", "one of " + present, "missing");
            }
            StructField f = ds.schema().fields()[at];
            if (!numeric(f.dataType())) {
                throw InvalidConfigException.of("column '" + columns[j] + "'", "numeric", f.dataType().simpleString());
            }
            idx[j] = at;
        }
        String[] names = columns.clone();
        JavaRDD<Row> rows = ds.toJavaRDD();
        return indexedRows(rows.zipWithIndex().mapToPair(p -> new Tuple2<>(p._2(), toPoint(p._1(), idx, names,
                p._2()))), columns.length);
    }

    /**
     * @param ds  the data set; all its columns form a point, in schema order
     * @param dim the expected dimension
     * @return the points
     * @throws ShapeMismatchException if {@code ds} has a column count other than {@code dim}
     * @throws InvalidConfigException if a column is not numeric or {@code ds} is empty
     */
    public static SparkPoints fromDataset(Dataset<Row> ds, int dim) {
        if (ds == null) {
            throw InvalidConfigException.of("dataset", "non-null", null);
        }
        String[] cols = ds.columns();
        if (cols.length != dim) {
            throw new ShapeMismatchException("dataset must have " + dim + " columns (the points' dimension); got "
                    + cols.length + " " + Arrays.toString(cols));
        }
        return fromDataset(ds, cols);
    }

    /**
     * @param rdd points as arrays of length {@code dim}, in order
     * @param dim the dimension
     * @return the points; a row of another length fails the job with a {@link RowFailedException}
     * @throws InvalidConfigException if {@code dim < 1} or {@code rdd} is empty
     */
    public static SparkPoints fromRdd(JavaRDD<double[]> rdd, int dim) {
        if (dim < 1) {
            throw InvalidConfigException.of("dim", ">= 1", dim);
        }
        String[] names = new String[dim];
        for (int j = 0; j < dim; j++) {
            names[j] = "c" + j;
        }
        return indexedRows(rdd.zipWithIndex().mapToPair(p -> new Tuple2<>(p._2(), checked(p._1(), names,
                p._2()))), dim);
    }

    /**
     * @param sc         the context
     * @param points     {@code [n, dim]} (copied to the heap)
     * @param partitions the number of partitions
     * @return the points, for tests and small data
     */
    public static SparkPoints fromArray(JavaSparkContext sc, INDArray points, int partitions) {
        if (points == null || points.rank() != 2) {
            throw ShapeMismatchException.of("points", "[n, dim]", points == null ? null : points.shape());
        }
        List<double[]> rows = new ArrayList<>(points.rows());
        double[][] m = points.toDoubleMatrix();
        rows.addAll(Arrays.asList(m));
        return fromRdd(sc.parallelize(rows, partitions), points.columns());
    }

    private static SparkPoints indexedRows(JavaPairRDD<Long, double[]> indexed, int dim) {
        long n;
        try {
            n = indexed.count();
        } catch (Exception e) {                // Spark's job failure is a (Scala-unchecked) checked SparkException
            throw SparkJobException.of("reading the points", e);
        }
        if (n == 0) {
            throw InvalidConfigException.of("dataset", "at least one row", "0 rows");
        }
        return new SparkPoints(indexed, dim, n);
    }

    private static boolean numeric(DataType t) {
        return t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType) || t.equals(DataTypes.IntegerType)
                || t.equals(DataTypes.LongType) || t.equals(DataTypes.ShortType) || t.equals(DataTypes.ByteType)
                || t instanceof org.apache.spark.sql.types.DecimalType;
    }

    private static double[] toPoint(Row r, int[] idx, String[] names, long row) {
        double[] out = new double[idx.length];
        for (int j = 0; j < idx.length; j++) {
            if (r.isNullAt(idx[j])) {
                throw new RowFailedException(row, names[j], "is null");
            }
            out[j] = ((Number) r.get(idx[j])).doubleValue();
        }
        return checked(out, names, row);
    }

    private static double[] checked(double[] p, String[] names, long row) {
        if (p == null || p.length != names.length) {
            throw new RowFailedException(row, null, "has " + (p == null ? "no" : p.length) + " values; expected "
                    + names.length);
        }
        for (int j = 0; j < p.length; j++) {
            if (!Double.isFinite(p[j])) {
                throw new RowFailedException(row, names[j], "is " + p[j]);
            }
        }
        return p;
    }

    /** @return the points keyed by their 0-based index (validated lazily, as they are read) */
    public JavaPairRDD<Long, double[]> indexed() {
        return indexed;
    }

    /** @return the dimension of a point */
    public int dim() {
        return dim;
    }

    /** @return the number of points */
    public long count() {
        return count;
    }
}
