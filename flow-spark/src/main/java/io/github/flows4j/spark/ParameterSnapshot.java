package io.github.flows4j.spark;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a model's parameters by name, as {@link HostArray}s: what the driver broadcasts to the executors
 * each training step, and what an evaluation ships with its point function. The names and order are those of
 * {@link Module#parameters()}.
 *
 * <pre>{@code
 * ParameterSnapshot p = ParameterSnapshot.of(model.parameters());     // on the driver
 * p.loadInto(replica);                                                 // on an executor: same architecture
 * long wire = p.bytes();                                              // 4 bytes per FLOAT parameter
 * }</pre>
 */
public final class ParameterSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, HostArray> values;

    private ParameterSnapshot(LinkedHashMap<String, HostArray> values) {
        this.values = values;
    }

    /**
     * @param parameters parameters by name (their values are copied; gradients are ignored)
     * @return the snapshot
     * @throws InvalidConfigException if {@code parameters} is null or empty
     */
    public static ParameterSnapshot of(Map<String, Tensor> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            throw InvalidConfigException.of("parameters", "a non-empty map", parameters);
        }
        LinkedHashMap<String, HostArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            out.put(e.getKey(), HostArray.of(e.getValue().value()));
        }
        return new ParameterSnapshot(out);
    }

    /**
     * Overwrites the parameters of {@code model} (same names and shapes) with this snapshot's values.
     *
     * @param model a model of the same architecture
     * @throws InvalidConfigException if the parameter names differ
     * @throws io.github.flows4j.core.ShapeMismatchException if a parameter's shape differs
     */
    public void loadInto(Module model) {
        Map<String, Tensor> params = model.parameters();
        if (!params.keySet().equals(values.keySet())) {
            throw InvalidConfigException.of("model parameters", "named " + values.keySet(), params.keySet());
        }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            values.get(e.getKey()).copyInto(e.getValue().value());
        }
    }

    /** @return the values by name, in the model's order (unmodifiable) */
    public Map<String, HostArray> values() {
        return Collections.unmodifiableMap(values);
    }

    /** @return the number of scalar parameters */
    public long count() {
        long n = 0;
        for (HostArray a : values.values()) {
            n += a.length();
        }
        return n;
    }

    /** @return the payload's size in bytes (what one broadcast ships to each executor) */
    public long bytes() {
        long n = 0;
        for (HostArray a : values.values()) {
            n += a.bytes();
        }
        return n;
    }
}
