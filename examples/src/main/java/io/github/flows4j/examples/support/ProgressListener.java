package io.github.flows4j.examples.support;

import io.github.flows4j.core.train.TrainingListener;
import java.util.Locale;

/**
 * The one way a training command shows its progress: a {@link io.github.flows4j.core.train.Trainer} listener that
 * advances a {@link Progress} bar on every step (showing the loss) and prints each validation score to stderr as
 * {@code "<label> step <n>: validation <score>"}. Both stay silent when the user turned progress off
 * ({@code --no-progress}); the bar also stays silent outside a terminal.
 *
 * <pre>{@code
 * try (ProgressListener bar = ProgressListener.start("rfm-torus", steps, progress.enabled())) {
 *     Trainer<TangentMlpField> trainer = Trainer.builder(field).config(config).loss(loss).listener(bar).build();
 *     trainer.fit(data, noise);
 * }
 * }</pre>
 */
public final class ProgressListener implements TrainingListener, AutoCloseable {
    private final Progress bar;
    private final String label;
    private final String lossLabel;
    private final boolean enabled;

    private ProgressListener(Progress bar, String label, String lossLabel, boolean enabled) {
        this.bar = bar;
        this.label = label;
        this.lossLabel = lossLabel;
        this.enabled = enabled;
    }

    /**
     * A bar that shows {@code loss=<value>}.
     *
     * @param label   the bar's label, also the prefix of printed validation lines
     * @param total   the number of steps
     * @param enabled whether the user allowed progress output (see {@link ProgressOption})
     * @return the listener; close it when training ends
     */
    public static ProgressListener start(String label, long total, boolean enabled) {
        return new ProgressListener(Progress.start(label, total, enabled), label, null, enabled);
    }

    /**
     * A bar that shows the loss under another name, e.g. {@code surrogate=<value>} for a training loss that is not
     * the quantity of interest.
     *
     * @param label     the bar's label
     * @param total     the number of steps
     * @param enabled   whether the user allowed progress output
     * @param lossLabel the name the loss is shown under
     * @return the listener; close it when training ends
     */
    public static ProgressListener start(String label, long total, boolean enabled, String lossLabel) {
        return new ProgressListener(Progress.start(label, total, enabled), label, lossLabel, enabled);
    }

    @Override
    public void onStep(long step, double loss, double lr) {
        if (lossLabel == null) {
            bar.step(loss);
        } else {
            bar.step(lossLabel, loss);
        }
    }

    @Override
    public void onValidation(long step, double score, boolean best) {
        if (enabled) {
            System.err.printf(Locale.ROOT, "%n%s step %d: validation %.4f%n", label, step, score);
        }
    }

    /** Draws the bar's final state and ends its line. */
    @Override
    public void close() {
        bar.close();
    }
}
