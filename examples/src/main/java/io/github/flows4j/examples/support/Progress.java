package io.github.flows4j.examples.support;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A training progress bar on stderr (me.tongfei progressbar) showing the step count, the latest loss, iterations
 * per second and the ETA. It draws only when allowed ({@code --no-progress} absent) and the process runs in a
 * terminal ({@link System#console()} non-null), so logs and redirected runs stay clean; otherwise every call is a
 * no-op. stdout is never touched. Training commands drive it through {@link ProgressListener}.
 *
 * <pre>{@code
 * try (Progress bar = Progress.start("fm2d", steps, progress.enabled())) {
 *     for (int step = 0; step < steps; step++) {
 *         double loss = trainStep();
 *         bar.step(loss);
 *     }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    private static final int WIDTH = 100;

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param task    the label shown before the bar
     * @param total   the number of steps
     * @param enabled whether the user allowed a bar (see {@link ProgressOption})
     * @return a bar on stderr if enabled and in a terminal, else a silent one
     */
    public static Progress start(String task, long total, boolean enabled) {
        return enabled && System.console() != null ? to(System.err, task, total) : new Progress(null);
    }

    /** A bar drawn to {@code out} whatever the terminal (for tests). */
    static Progress to(PrintStream out, String task, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out, WIDTH))
                .setUnit(" it", 1).showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setSpeedUnit(ChronoUnit.SECONDS).setUpdateIntervalMillis(250).build();
        return new Progress(bar);
    }

    /** @return whether this bar draws anything */
    public boolean isActive() {
        return bar != null;
    }

    /**
     * Advances one step and shows the loss.
     *
     * @param loss the latest training loss
     */
    public void step(double loss) {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, "loss=%.4f", loss));
            bar.step();
        }
    }

    /**
     * Advances one step and shows a labelled value, e.g. {@code surrogate=1.2345} for a training loss that is not
     * the quantity of interest.
     *
     * @param label what the value is
     * @param value the value
     */
    public void step(String label, double value) {
        if (bar != null) {
            bar.setExtraMessage(String.format(Locale.ROOT, "%s=%.4f", label, value));
            bar.step();
        }
    }

    /** Advances one step. */
    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    /** Draws the final state and ends the line. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
