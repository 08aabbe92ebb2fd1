/**
 * flows4j on Apache Spark (optional module {@code flow-spark}): the pieces shared by distributed training
 * ({@code io.github.flows4j.spark.train}) and evaluation ({@code io.github.flows4j.spark.eval}) — arrays and
 * parameters in a serializable form ({@link io.github.flows4j.spark.HostArray},
 * {@link io.github.flows4j.spark.ParameterSnapshot}), model replicas on executors
 * ({@link io.github.flows4j.spark.ModelFactory}, {@link io.github.flows4j.spark.Replicas}), and the typed failures
 * of a Spark job ({@link io.github.flows4j.spark.RowFailedException},
 * {@link io.github.flows4j.spark.SparkJobException}).
 *
 * <pre>{@code
 * ParameterSnapshot p = ParameterSnapshot.of(model.parameters());   // driver
 * TimeMlp replica = Replicas.get("run-1", factory);                   // executor
 * p.loadInto(replica);
 * }</pre>
 */
package io.github.flows4j.spark;
