package io.github.flows4j.core.train;

import io.github.flows4j.core.NonFiniteException;

/**
 * Training produced a NaN or infinite loss or gradient. The {@link Trainer} stops before the optimizer applies the
 * bad step, so the model still holds the last good weights, and it writes no checkpoint: the last one on disk is the
 * last good state. The message names the step, the loss, the learning rate and, for a gradient, the parameter.
 *
 * <pre>{@code
 * try {
 *     trainer.fit(data, noise);
 * } catch (TrainingDivergedException e) {
 *     // "training diverged at step 812: gradient of 'layers.0.weight' is NaN at flat index 3 (loss 1.7e+12, lr 0.003)"
 *     retryWithLowerRate(e.learningRate() / 10);
 * }
 * }</pre>
 */
public class TrainingDivergedException extends NonFiniteException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final double loss;
    private final String parameter;
    private final double learningRate;

    /**
     * @param step         the step that diverged, counted from 1
     * @param loss         its loss value
     * @param parameter    the parameter whose gradient is not finite, or {@code null} if the loss is not
     * @param detail       where in the gradient (e.g. "NaN at flat index 3"), or {@code null}
     * @param learningRate the step's learning rate
     */
    public TrainingDivergedException(long step, double loss, String parameter, String detail, double learningRate) {
        super("training diverged at step " + step + ": "
                + (parameter == null ? "loss is " + loss
                        : "gradient of '" + parameter + "' is " + (detail == null ? "not finite" : detail)
                                + " (loss " + loss + ")")
                + ", learning rate " + learningRate + "; lower the learning rate, clip gradients (clipNorm) or "
                + "resume from the last checkpoint");
        this.step = step;
        this.loss = loss;
        this.parameter = parameter;
        this.learningRate = learningRate;
    }

    /** @return the step that diverged, counted from 1 */
    public long step() {
        return step;
    }

    /** @return its loss */
    public double loss() {
        return loss;
    }

    /** @return the parameter with a non-finite gradient, or {@code null} if the loss itself is not finite */
    public String parameter() {
        return parameter;
    }

    /** @return the step's learning rate */
    public double learningRate() {
        return learningRate;
    }
}
