package io.github.flows4j.spark.eval;

import io.github.flows4j.core.random.Rng;
import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-point value that draws random numbers — a Hutchinson estimate of the negative log-likelihood (random
 * probes), samples from noise drawn on the executor — computed a batch at a time. {@link DistributedEvaluator}
 * hands every batch its own generator, derived from the evaluator's seed and the batch's index alone, so a batch
 * draws the same numbers on whichever executor (or on one JVM, {@link DistributedEvaluator#evaluateLocal}) it runs,
 * and the results are identical on any cluster and partitioning.
 *
 * <pre>{@code
 * StochasticPointFunction nll = ModelPoints.stochastic(factory, ParameterSnapshot.of(field.parameters()),
 *         (f, x, rng) -> CnfLikelihood.builder()                      // built on the executor
 *                 .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 8)).build()
 *                 .evaluate(f, x, rng).logProb().neg());                 // [n] nats
 * DistributedEvaluator eval = DistributedEvaluator.builder(nll, 7L).batchSize(500).build();
 * }</pre>
 */
@FunctionalInterface
public interface StochasticPointFunction extends Serializable {
    /**
     * @param points {@code [n, dim]}, of the evaluator's data type
     * @param rng    this batch's generator (the same for the same seed and batch index, wherever the batch runs)
     * @return {@code [n]} or {@code [n, k]}, as {@link PointFunction#apply}; a fresh array the caller may close
     */
    INDArray apply(INDArray points, Rng rng);
}
