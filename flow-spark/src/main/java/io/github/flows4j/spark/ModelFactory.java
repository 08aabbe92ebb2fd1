package io.github.flows4j.spark;

import io.github.flows4j.core.nn.Module;
import java.io.Serializable;

/**
 * Builds an empty replica of the model on an executor: the same architecture (parameter names and shapes) as the
 * driver's model; its initial values are overwritten by a {@link ParameterSnapshot} before every use. Spark ships the
 * factory, not the model, because ND4J arrays are not serializable. Each executor thread builds one replica per
 * factory and reuses it.
 *
 * <pre>{@code
 * ModelFactory<TimeMlp> factory = () -> TimeMlp.builder().sizes(2, 64, 64, 2).dtype(DataType.FLOAT)
 *         .build(Rng.seeded(0));           // the seed does not matter: the values are replaced
 * }</pre>
 *
 * @param <M> the model's type
 */
@FunctionalInterface
public interface ModelFactory<M extends Module> extends Serializable {
    /** @return a fresh model of the shared architecture */
    M create();
}
