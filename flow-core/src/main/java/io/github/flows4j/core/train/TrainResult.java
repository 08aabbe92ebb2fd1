package io.github.flows4j.core.train;

/**
 * What a {@link Trainer} run did.
 *
 * <pre>{@code
 * TrainResult r = trainer.fit(data, noise);
 * System.out.printf("%d steps in %.1f s, loss %.4f, best validation %.4f at step %d%n",
 *         r.steps(), r.seconds(), r.meanLoss(), r.bestScore(), r.bestStep());
 * }</pre>
 *
 * @param steps          steps done in total (a resumed run counts the steps before the checkpoint)
 * @param seconds        elapsed training time in total, validation and checkpoints included, by the configured clock
 * @param meanLoss       the mean loss over the last {@link TrainerConfig#lossWindow()} steps (fewer if fewer were
 *                       done; NaN if none)
 * @param finalLoss      the last step's loss (NaN if none)
 * @param bestStep       the step whose weights were kept: the best validation's step with
 *                       {@link TrainerConfig#keepBest()}, else {@code steps}
 * @param bestScore      the best validation score, NaN without validation
 * @param budgetExceeded whether the run stopped because its time budget ran out
 */
public record TrainResult(long steps, double seconds, double meanLoss, double finalLoss, long bestStep,
        double bestScore, boolean budgetExceeded) {
}
