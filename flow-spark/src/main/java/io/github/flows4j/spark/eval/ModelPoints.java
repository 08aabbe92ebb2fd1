package io.github.flows4j.spark.eval;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.spark.ModelFactory;
import io.github.flows4j.spark.ParameterSnapshot;
import io.github.flows4j.spark.Replicas;
import io.github.flows4j.core.random.Rng;
import java.io.Serializable;
import java.util.UUID;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link PointFunction} of a trained model: ships the {@link ModelFactory} and a {@link ParameterSnapshot} of the
 * weights, and on each executor thread evaluates a replica holding them.
 *
 * <pre>{@code
 * PointFunction nll = ModelPoints.of(factory, ParameterSnapshot.of(field.parameters()),
 *         (f, x) -> likelihood.evaluate(f, x).values().neg());
 * double[] perPoint = DistributedEvaluator.builder(nll).batchSize(500).build().evaluate(points);
 *
 * // a scorer that draws random numbers (here Hutchinson probes) gets its batch's generator
 * StochasticPointFunction estimate = ModelPoints.stochastic(factory, ParameterSnapshot.of(field.parameters()),
 *         (f, x, rng) -> CnfLikelihood.builder()
 *                 .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 8)).build()
 *                 .evaluate(f, x, rng).logProb().neg());
 * double[] estimates = DistributedEvaluator.builder(estimate, 7L).batchSize(500).build().evaluate(points);
 * }</pre>
 */
public final class ModelPoints {
    private ModelPoints() {
    }

    /**
     * How a model scores a batch of points.
     *
     * @param <M> the model's type
     */
    @FunctionalInterface
    public interface Scorer<M extends Module> extends Serializable {
        /**
         * @param model  the replica, holding the snapshot's weights
         * @param points {@code [n, dim]}
         * @return {@code [n]} or {@code [n, 1]} values
         */
        INDArray score(M model, INDArray points);
    }

    /**
     * How a model scores a batch of points with random draws (Hutchinson probes, noise for samples).
     *
     * @param <M> the model's type
     */
    @FunctionalInterface
    public interface StochasticScorer<M extends Module> extends Serializable {
        /**
         * @param model  the replica, holding the snapshot's weights
         * @param points {@code [n, dim]}
         * @param rng    the batch's generator
         * @return {@code [n]} or {@code [n, k]} values
         */
        INDArray score(M model, INDArray points, Rng rng);
    }

    /**
     * @param factory  builds an empty replica of the model
     * @param weights  the weights to evaluate
     * @param scorer   how the model scores a batch
     * @param <M>      the model's type
     * @return the point function
     * @throws InvalidConfigException if an argument is null
     */
    public static <M extends Module> PointFunction of(ModelFactory<M> factory, ParameterSnapshot weights,
            Scorer<M> scorer) {
        requireNonNull(factory, weights, scorer);
        StochasticPointFunction f = stochastic(factory, weights, (model, points, rng) -> scorer.score(model, points));
        return points -> f.apply(points, null);
    }

    /**
     * A {@link StochasticPointFunction} of a trained model, for {@link DistributedEvaluator#builder(
     * StochasticPointFunction, long)}.
     *
     * @param factory builds an empty replica of the model
     * @param weights the weights to evaluate
     * @param scorer  how the model scores a batch with the batch's generator
     * @param <M>     the model's type
     * @return the point function
     * @throws InvalidConfigException if an argument is null
     */
    public static <M extends Module> StochasticPointFunction stochastic(ModelFactory<M> factory,
            ParameterSnapshot weights, StochasticScorer<M> scorer) {
        requireNonNull(factory, weights, scorer);
        String key = "eval-" + UUID.randomUUID();
        return (points, rng) -> {
            M model = Replicas.get(key, factory);
            weights.loadInto(model);
            return scorer.score(model, points, rng);
        };
    }

    private static void requireNonNull(Object factory, Object weights, Object scorer) {
        if (factory == null || weights == null || scorer == null) {
            throw InvalidConfigException.of(factory == null ? "factory" : weights == null ? "weights" : "scorer",
                    "non-null", null);
        }
    }
}
