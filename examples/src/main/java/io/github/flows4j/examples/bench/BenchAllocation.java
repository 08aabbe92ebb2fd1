package io.github.flows4j.examples.bench;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Locale;

/**
 * What one step of a workload allocates, printed by {@code bench --alloc} under its timing line:
 * {@code alloc=<name> impl=flows4j heap_bytes_per_step=<b> fresh_offheap_bytes_per_step=<b> steps=<s>}. Heap bytes are
 * the Java objects the benchmark thread allocated; off-heap bytes are the ND4J arrays the array pool could not serve
 * (a steady step reuses its arrays, so this is near 0 once warm).
 *
 * <pre>{@code
 * BenchAllocation a = new BenchAllocation("hvp", 2048.0, 0.0, 20);
 * a.line();   // "alloc=hvp impl=flows4j heap_bytes_per_step=2048 fresh_offheap_bytes_per_step=0 steps=20"
 * }</pre>
 *
 * @param name                  the workload's name
 * @param heapBytesPerStep      Java-heap bytes per step on the benchmark thread, &ge; 0
 * @param freshOffHeapPerStep   off-heap bytes per step of arrays allocated anew, &ge; 0
 * @param steps                 how many steps were measured, &ge; 1
 */
public record BenchAllocation(String name, double heapBytesPerStep, double freshOffHeapPerStep, int steps) {
    /** @throws InvalidConfigException if a value is out of range */
    public BenchAllocation {
        if (steps < 1) {
            throw InvalidConfigException.of("steps", ">= 1", steps);
        }
        if (!(heapBytesPerStep >= 0) || !(freshOffHeapPerStep >= 0)) {
            throw InvalidConfigException.of("bytes per step", ">= 0", heapBytesPerStep + ", " + freshOffHeapPerStep);
        }
    }

    /** @return the line {@code bench --alloc} prints */
    public String line() {
        return String.format(Locale.ROOT,
                "alloc=%s impl=flows4j heap_bytes_per_step=%.0f fresh_offheap_bytes_per_step=%.0f steps=%d", name,
                heapBytesPerStep, freshOffHeapPerStep, steps);
    }
}
