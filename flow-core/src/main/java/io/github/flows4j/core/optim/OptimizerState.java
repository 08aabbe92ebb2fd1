package io.github.flows4j.core.optim;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A snapshot of an optimizer's state, as {@link Optimizer#state()} returns it and
 * {@link io.github.flows4j.core.io.Checkpoint} stores it. Keys follow PyTorch's state names, prefixed with the
 * parameter's name and a slash: counters {@code "step"} (steps taken) and {@code "layers.0.weight/step"}; buffers
 * {@code "layers.0.weight/exp_avg"}, {@code "layers.0.weight/exp_avg_sq"} (Adam, AdamW) or
 * {@code "layers.0.weight/momentum_buffer"} (SGD with momentum).
 *
 * <pre>{@code
 * OptimizerState s = adam.state();
 * long steps = s.counters().get("step");
 * INDArray m = s.buffers().get("layers.0.weight/exp_avg");   // [out, in]
 * }</pre>
 *
 * @param kind     the optimizer: {@code "sgd"}, {@code "adam"} or {@code "adamw"}
 * @param counters integer state by key, in order (copied into an unmodifiable map)
 * @param buffers  array state by key, in order (the map is copied; the arrays are not)
 */
public record OptimizerState(String kind, Map<String, Long> counters, Map<String, INDArray> buffers) {
    /**
     * @throws InvalidConfigException if an argument, key or value is null
     */
    public OptimizerState {
        if (kind == null || kind.isEmpty()) {
            throw InvalidConfigException.of("kind", "a non-empty name", kind);
        }
        if (counters == null) {
            throw InvalidConfigException.of("counters", "non-null", null);
        }
        if (buffers == null) {
            throw InvalidConfigException.of("buffers", "non-null", null);
        }
        counters = Collections.unmodifiableMap(checked("counters", counters));
        buffers = Collections.unmodifiableMap(checked("buffers", buffers));
    }

    private static <V> Map<String, V> checked(String what, Map<String, V> map) {
        Map<String, V> copy = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw InvalidConfigException.of(what, "free of null keys and values", e.getKey() + "=" + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }
}
