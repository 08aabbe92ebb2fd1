package io.github.flows4j.examples.bench;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The named benchmark workloads {@code flows4j bench} can run. {@link #standard()} is the one place workloads are
 * registered: a new workload is one more {@code put} there.
 *
 * <pre>{@code
 * BenchRegistry registry = BenchRegistry.standard();
 * BenchWorkload w = registry.create("hvp");
 * }</pre>
 */
public final class BenchRegistry {
    private final Map<String, Supplier<BenchWorkload>> workloads;

    private BenchRegistry(Map<String, Supplier<BenchWorkload>> workloads) {
        this.workloads = Collections.unmodifiableMap(new LinkedHashMap<>(workloads));
    }

    /** @return every workload flows4j implements, in WORKLOADS.md order, then the flows4j-only
     *     {@code voronoi_loglik_K<k>} ones (issue #15) */
    public static BenchRegistry standard() {
        Map<String, Supplier<BenchWorkload>> m = new LinkedHashMap<>();
        m.put(MlpStepWorkload.NAME, MlpStepWorkload::new);
        m.put(Fm2dStepWorkload.NAME, Fm2dStepWorkload::new);
        m.put(SampleRk4Workload.NAME, SampleRk4Workload::new);
        m.put(LoglikRk4Workload.NAME, LoglikRk4Workload::new);
        m.put(Hutchinson2ndWorkload.NAME, Hutchinson2ndWorkload::new);
        m.put(CpflowStepWorkload.NAME, CpflowStepWorkload::new);
        m.put(HvpWorkload.NAME, HvpWorkload::new);
        m.put(DivfreeStepWorkload.NAME, DivfreeStepWorkload::new);
        m.put(SacUpdateWorkload.NAME, SacUpdateWorkload::new);
        for (int k : VoronoiLoglikWorkload.STANDARD_K) {
            m.put(VoronoiLoglikWorkload.nameFor(k), () -> new VoronoiLoglikWorkload(k));
        }
        return new BenchRegistry(m);
    }

    /** @return the registered names, in registration order */
    public Set<String> names() {
        return workloads.keySet();
    }

    /**
     * @param name a workload name
     * @return whether it is registered
     */
    public boolean contains(String name) {
        return workloads.containsKey(name);
    }

    /**
     * @param name a registered name
     * @return a fresh, not yet set-up workload
     * @throws InvalidConfigException naming the known workloads if {@code name} is not registered
     */
    public BenchWorkload create(String name) {
        Supplier<BenchWorkload> s = workloads.get(name);
        if (s == null) {
            throw new InvalidConfigException(unknown(name));
        }
        return s.get();
    }

    /**
     * @param name an unregistered name
     * @return the message for it: {@code "unknown workload 'x'; known workloads: a, b"}
     */
    public String unknown(String name) {
        return "unknown workload '" + name + "'; known workloads: " + String.join(", ", workloads.keySet());
    }
}
