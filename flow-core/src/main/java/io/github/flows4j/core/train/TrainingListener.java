package io.github.flows4j.core.train;

import java.nio.file.Path;

/**
 * Hears what a {@link Trainer} does, e.g. to draw a progress bar or log metrics ({@link CsvMetricLog}). Step numbers
 * count from 1: {@code step} is the number of steps done, so the first call is {@code onStep(1, …)}. All methods do
 * nothing by default; an exception thrown by a listener stops training (the last checkpoint stays as it was).
 *
 * <pre>{@code
 * TrainingListener bar = new TrainingListener() {
 *     public void onStep(long step, double loss, double lr) {
 *         progress.step(loss);
 *     }
 * };
 * }</pre>
 */
public interface TrainingListener {
    /**
     * After every optimizer step.
     *
     * @param step the number of steps done, &ge; 1
     * @param loss the step's loss
     * @param lr   the learning rate the step used
     */
    default void onStep(long step, double loss, double lr) {
    }

    /**
     * After every validation.
     *
     * @param step  the number of steps done
     * @param score the scorer's value, lower is better
     * @param best  whether it is the best score so far
     */
    default void onValidation(long step, double score, boolean best) {
    }

    /**
     * After a checkpoint is written.
     *
     * @param step the number of steps done
     * @param file the checkpoint
     */
    default void onCheckpoint(long step, Path file) {
    }

    /**
     * When training ends normally (not on a {@link TrainingDivergedException}), after the final weights are in the
     * model.
     *
     * @param result what the run did
     */
    default void onEnd(TrainResult result) {
    }
}
