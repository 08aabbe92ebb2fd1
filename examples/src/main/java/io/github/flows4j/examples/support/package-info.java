/**
 * Utilities shared by the example commands: PNG charts ({@link io.github.flows4j.examples.support.Plots}), a
 * training progress bar on stderr ({@link io.github.flows4j.examples.support.Progress}) and its
 * {@code --no-progress} switch ({@link io.github.flows4j.examples.support.ProgressOption}).
 *
 * <pre>{@code
 * Plots.scatter(Path.of("samples.png"), "samples", samples);     // samples: [n, 2]
 * }</pre>
 */
package io.github.flows4j.examples.support;
