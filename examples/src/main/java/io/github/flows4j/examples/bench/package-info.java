/**
 * The side-by-side benchmark harness behind {@code flows4j bench}: a
 * {@link io.github.flows4j.examples.bench.BenchWorkload} is one repeatable unit of work, the
 * {@link io.github.flows4j.examples.bench.BenchRegistry} names the available ones, and
 * {@link io.github.flows4j.examples.bench.BenchRunner} times them into a
 * {@link io.github.flows4j.examples.bench.BenchResult} printed in the same line format as the PyTorch reference
 * ({@code shared/bench/torch_ref.py}), so runs made back to back compare as a ratio.
 *
 * <pre>{@code
 * BenchResult r = BenchRunner.run(BenchRegistry.standard().create("hvp"), Rng.seeded(0), 3, 20, 1);
 * System.out.println(r.line());   // bench=hvp impl=flows4j threads=1 median_ms=... min_ms=... repeats=20
 * }</pre>
 */
package io.github.flows4j.examples.bench;
