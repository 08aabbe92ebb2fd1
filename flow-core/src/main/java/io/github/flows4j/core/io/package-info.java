/**
 * Checkpoints: a model's parameters and, optionally, its optimizer's state in one self-describing, checksummed
 * file, written atomically so a crash mid-save never leaves a half-written checkpoint under the target name.
 *
 * <p>Loading checks the file before touching the model: a damaged file throws
 * {@link io.github.flows4j.core.io.CorruptCheckpointException}, one that does not fit the model throws
 * {@link io.github.flows4j.core.io.CheckpointMismatchException} naming every parameter that differs.
 *
 * <pre>{@code
 * Checkpoint.save(Path.of("run/step-1000.f4j"), model, optimizer);
 * // later, in a new process, after building the same model and optimizer:
 * Checkpoint.load(Path.of("run/step-1000.f4j"), model, optimizer);
 * }</pre>
 */
package io.github.flows4j.core.io;
