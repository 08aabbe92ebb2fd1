/**
 * Utilities shared by the example commands: PNG charts ({@link io.github.flows4j.examples.support.Plots}), a
 * training progress bar on stderr ({@link io.github.flows4j.examples.support.Progress}), its
 * {@code --no-progress} switch ({@link io.github.flows4j.examples.support.ProgressOption}) and the
 * {@link io.github.flows4j.core.train.Trainer} listener that drives it
 * ({@link io.github.flows4j.examples.support.ProgressListener}), the checkpoint options every training command takes
 * ({@link io.github.flows4j.examples.support.CheckpointOptions}: {@code --checkpoint-every}, {@code --resume},
 * {@code --metrics}), and the command-line
 * conventions every command follows: shared picocli mixins ({@code OptimizerOptions}, {@code MlpTrainingOptions},
 * {@code TrainingOptions}, {@code SolverOptions}, {@code OutputOptions}, {@code ToyDataOptions}) whose defaults a
 * command overrides with {@code CommandDefaults}; enum-typed options through {@code Choices} (and {@code NameChoices}
 * for names passed on as strings), whose unknown values are usage errors listing the valid names; and range checks
 * as converters in {@code Bounds}. Exit codes are picocli's: 0 ok, 1 failure (a diverged training run included), 2
 * usage error.
 *
 * <pre>{@code
 * Plots.scatter(Path.of("samples.png"), "samples", samples);     // samples: [n, 2]
 * }</pre>
 */
package io.github.flows4j.examples.support;
