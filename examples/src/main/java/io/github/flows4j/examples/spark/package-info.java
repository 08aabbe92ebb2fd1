/**
 * {@code flows4j spark-fm}: Flow Matching trained with data-parallel gradients on Apache Spark and evaluated there
 * ({@link io.github.flows4j.examples.spark.SparkFmCommand}); {@link io.github.flows4j.examples.spark.FmRows} is
 * the Flow Matching objective in {@code flow-spark}'s row form.
 *
 * <pre>{@code
 * spark-submit --master local[2] --class io.github.flows4j.examples.Flows4jCli flows4j.jar spark-fm
 * }</pre>
 */
package io.github.flows4j.examples.spark;
