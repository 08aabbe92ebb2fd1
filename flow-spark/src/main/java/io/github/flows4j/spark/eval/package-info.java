/**
 * Distributed evaluation: a {@link io.github.flows4j.spark.eval.PointFunction} (exact NLL by an adaptive solve, any
 * per-point statistic) or a {@link io.github.flows4j.spark.eval.StochasticPointFunction} (a Hutchinson estimate,
 * samples from noise drawn on the executor; each batch gets a generator seeded by its index) —
 * {@link io.github.flows4j.spark.eval.ModelPoints} for a trained model — mapped over points held by Spark, batch by
 * batch, by a
 * {@link io.github.flows4j.spark.eval.DistributedEvaluator} — with the same batches, and hence the same values, as
 * its single-JVM path.
 *
 * <pre>{@code
 * double[] nll = DistributedEvaluator.builder(nllFunction).batchSize(500).build()
 *         .evaluate(SparkPoints.fromDataset(df, "x", "y"));
 * }</pre>
 */
package io.github.flows4j.spark.eval;
