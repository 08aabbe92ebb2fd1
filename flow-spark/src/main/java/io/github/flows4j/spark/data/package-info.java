/**
 * Data held by Spark, validated and numbered: {@link io.github.flows4j.spark.data.SparkPoints} from a
 * {@code Dataset<Row>} (Parquet, CSV) or an RDD of {@code double[]}.
 *
 * <pre>{@code
 * SparkPoints points = SparkPoints.fromDataset(spark.read().parquet("test.parquet"), 2);
 * }</pre>
 */
package io.github.flows4j.spark.data;
