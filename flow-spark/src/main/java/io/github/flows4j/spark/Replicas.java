package io.github.flows4j.spark;

import io.github.flows4j.core.nn.Module;
import java.util.HashMap;
import java.util.Map;

/**
 * The model replicas of one executor thread: built once per (thread, key) by a {@link ModelFactory} and reused by
 * every later task of that key on that thread, so that a training step does not allocate a fresh model's off-heap
 * arrays. Spark runs the tasks of an executor on pooled threads; two tasks never share a replica.
 *
 * <pre>{@code
 * TimeMlp replica = Replicas.get(sourceId, factory);     // inside a task
 * snapshot.loadInto(replica);
 * }</pre>
 */
public final class Replicas {
    private static final ThreadLocal<Map<String, Module>> BY_KEY = ThreadLocal.withInitial(HashMap::new);

    private Replicas() {
    }

    /**
     * @param key     identifies the model (one per training run or evaluation)
     * @param factory builds the replica the first time
     * @param <M>     the model's type
     * @return this thread's replica for {@code key}
     */
    @SuppressWarnings("unchecked")
    public static <M extends Module> M get(String key, ModelFactory<M> factory) {
        return (M) BY_KEY.get().computeIfAbsent(key, k -> factory.create());
    }

    /**
     * Forgets this thread's replica for {@code key} (its arrays are then freed by the garbage collector).
     *
     * @param key the model's key
     */
    public static void forget(String key) {
        BY_KEY.get().remove(key);
    }
}
