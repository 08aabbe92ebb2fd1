package io.github.flows4j.spark.eval;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.spark.ModelFactory;
import io.github.flows4j.spark.ParameterSnapshot;
import io.github.flows4j.spark.Replicas;
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
     * @param factory  builds an empty replica of the model
     * @param weights  the weights to evaluate
     * @param scorer   how the model scores a batch
     * @param <M>      the model's type
     * @return the point function
     * @throws InvalidConfigException if an argument is null
     */
    public static <M extends Module> PointFunction of(ModelFactory<M> factory, ParameterSnapshot weights,
            Scorer<M> scorer) {
        if (factory == null || weights == null || scorer == null) {
            throw InvalidConfigException.of(factory == null ? "factory" : weights == null ? "weights" : "scorer",
                    "non-null", null);
        }
        String key = "eval-" + UUID.randomUUID();
        return points -> {
            M model = Replicas.get(key, factory);
            weights.loadInto(model);
            return scorer.score(model, points);
        };
    }
}
