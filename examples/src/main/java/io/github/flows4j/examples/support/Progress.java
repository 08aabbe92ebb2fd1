package io.github.flows4j.examples.support;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on stderr: the step count, the latest loss in scientific notation, a smoothed rate (an
 * exponential moving average of the recent iterations per second, not the average since the start) and the time
 * left, separated by {@code " | "}. In a terminal ({@link System#console()} non-null) it is a redrawn bar (me.tongfei
 * progressbar); elsewhere — a log file, a pipe, CI — it prints one plain line per tenth of the run and one at the
 * end, with no carriage returns and no blank lines. With {@code --no-progress} every call is a no-op. stdout is never
 * touched. Training commands drive it through {@link ProgressListener}.
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
    private static final int WIDTH = 110;
    private static final long RATE_WINDOW_NANOS = 500_000_000L;

    private final ProgressBar bar;
    private final PrintStream lines;
    private final String task;
    private final long total;
    private final LongSupplier clock;
    private final long started;
    private long done;
    private long nextLine;
    private long windowStart;
    private long windowSteps;
    private double rate = Double.NaN;
    private String value = "";
    private boolean closed;

    private Progress(ProgressBar bar, PrintStream lines, String task, long total, LongSupplier clock) {
        this.bar = bar;
        this.lines = lines;
        this.task = task;
        this.total = total;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.windowStart = started;
        this.nextLine = Math.max(1, total / 10);
    }

    /**
     * @param task    the label shown before the bar
     * @param total   the number of steps
     * @param enabled whether the user allowed progress output (see {@link ProgressOption})
     * @return a bar on stderr in a terminal, plain progress lines on stderr elsewhere, or a silent one if disabled
     */
    public static Progress start(String task, long total, boolean enabled) {
        if (!enabled) {
            return new Progress(null, null, task, total, System::nanoTime);
        }
        return System.console() != null
                ? to(System.err, task, total)
                : lines(System.err, task, total, System::nanoTime);
    }

    /** A bar drawn to {@code out} whatever the terminal (for tests). */
    static Progress to(PrintStream out, String task, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out, WIDTH))
                .hideEta().setUpdateIntervalMillis(250).build();
        return new Progress(bar, null, task, total, System::nanoTime);
    }

    /** Plain lines to {@code out}, one per tenth of the run and one at the end, timed by {@code clock} (ns). */
    static Progress lines(PrintStream out, String task, long total, LongSupplier clock) {
        return new Progress(null, out, task, total, clock);
    }

    /** @return whether this bar draws anything */
    public boolean isActive() {
        return bar != null || lines != null;
    }

    /**
     * Advances one step and shows the loss.
     *
     * @param loss the latest training loss
     */
    public void step(double loss) {
        step("loss", loss);
    }

    /**
     * Advances one step and shows a labelled value, e.g. {@code surrogate 1.234e+00} for a training loss that is not
     * the quantity of interest.
     *
     * @param label what the value is
     * @param value the value
     */
    public void step(String label, double value) {
        if (isActive()) {
            this.value = String.format(Locale.ROOT, "%s %.3e", label, value);
            advance();
        }
    }

    /** Advances one step. */
    public void step() {
        if (isActive()) {
            advance();
        }
    }

    private void advance() {
        done++;
        windowSteps++;
        long now = clock.getAsLong();
        long elapsed = now - windowStart;
        if (elapsed >= RATE_WINDOW_NANOS || Double.isNaN(rate) && elapsed > 0 && windowSteps >= 5) {
            double recent = windowSteps * 1e9 / elapsed;
            rate = Double.isNaN(rate) ? recent : 0.7 * rate + 0.3 * recent;
            windowStart = now;
            windowSteps = 0;
        }
        if (bar != null) {
            bar.setExtraMessage(" | " + status(false));
            bar.step();
        } else if (done >= nextLine && done < total) {
            lines.println(line());
            nextLine += Math.max(1, total / 10);
        }
    }

    /** @return "loss 1.234e-01 | 12.3 it/s | 0:00:42 left" (the parts that are known) */
    private String status(boolean finished) {
        StringBuilder s = new StringBuilder(value);
        double shown = finished ? done * 1e9 / Math.max(1, clock.getAsLong() - started) : rate;
        if (!Double.isNaN(shown)) {
            s.append(s.length() > 0 ? " | " : "").append(String.format(Locale.ROOT, "%.1f it/s", shown));
            if (!finished && total > done && shown > 0) {
                s.append(" | ").append(clockTime((long) ((total - done) / shown))).append(" left");
            }
        }
        return s.toString();
    }

    private String line() {
        boolean finished = done >= total;
        long pct = total > 0 ? Math.min(100, done * 100 / total) : 100;
        String st = status(finished);
        return String.format(Locale.ROOT, "%s: step %d/%d (%d%%)%s%s", task, done, total, pct,
                st.isEmpty() ? "" : " | ", st) + (finished ? String.format(Locale.ROOT, " | %s total",
                clockTime((clock.getAsLong() - started) / 1_000_000_000L)) : "");
    }

    private static String clockTime(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** Draws the final state and ends the line (outside a terminal: one summary line, if any step was taken). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
        } else if (lines != null && done > 0) {
            lines.println(line());
            lines.flush();
        }
    }
}
