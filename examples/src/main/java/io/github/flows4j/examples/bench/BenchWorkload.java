package io.github.flows4j.examples.bench;

import io.github.flows4j.core.random.Rng;

/**
 * One benchmark workload, specified in {@code shared/bench/WORKLOADS.md}: {@link #setUp} builds the fixed inputs
 * and weights once (untimed); {@link #runOnce} is one timed repetition and must do all the work the specification
 * lists, releasing what it allocates.
 *
 * <pre>{@code
 * BenchWorkload w = new HvpWorkload();
 * w.setUp(Rng.seeded(0));
 * w.runOnce();               // one Hessian-vector product
 * }</pre>
 */
public interface BenchWorkload {
    /** @return the workload's name, as in WORKLOADS.md and torch_ref.py (e.g. {@code "hvp"}) */
    String name();

    /**
     * Builds inputs and weights; called once before the warm-up.
     *
     * @param rng the random stream for every draw
     */
    void setUp(Rng rng);

    /** Runs one repetition. */
    void runOnce();
}
