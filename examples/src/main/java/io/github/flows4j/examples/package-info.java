/**
 * flows4j examples: one runnable command per method and the side-by-side benchmarks, in one executable jar whose
 * entry point is {@link io.github.flows4j.examples.Flows4jCli} ({@code java -jar flows4j.jar <command>}).
 * Results go to stdout, one line each; logs, warnings and progress bars go to stderr.
 *
 * <pre>{@code
 * java -jar examples/target/flows4j.jar datasets checkerboard --samples 4096 --seed 0 --out checkerboard.png
 * java -jar examples/target/flows4j.jar bench --threads 1 hvp
 * java -jar examples/target/flows4j.jar cpflow-ot --iterations 2000 --ema 0.99
 * }</pre>
 */
package io.github.flows4j.examples;
