/**
 * Synchronous data-parallel training on Apache Spark: a {@link io.github.flows4j.spark.train.BatchObjective}
 * (a driver-side {@link io.github.flows4j.spark.train.BatchSampler} and an executor-side
 * {@link io.github.flows4j.spark.train.BatchLoss}) and the
 * {@link io.github.flows4j.spark.train.SparkGradientSource} that plugs it into the flows4j
 * {@link io.github.flows4j.core.train.Trainer}.
 *
 * <pre>{@code
 * BatchObjective<TimeMlp> objective = new BatchObjective<>(sampler, loss);
 * GradientSource<TimeMlp> grads = SparkGradientSource.builder(sc, factory, objective).partitions(4).build();
 * Trainer.builder(model).config(config).gradients(grads).build().fit(rng.split(), rng.split());
 * }</pre>
 */
package io.github.flows4j.spark.train;
