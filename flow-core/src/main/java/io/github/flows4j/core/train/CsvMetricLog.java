package io.github.flows4j.core.train;

import io.github.flows4j.core.InvalidConfigException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link TrainingListener} that writes one CSV row per step: {@code step,loss,lr,val}, where {@code val} is the
 * validation score of that step or empty. Numbers are written as {@link Double#toString} writes them, so they read
 * back exactly. Close it (try-with-resources) to flush the last row; it is also flushed at the end of a run.
 *
 * <pre>{@code
 * try (CsvMetricLog log = CsvMetricLog.create(Path.of("runs/moons/metrics.csv"))) {
 *     Trainer<Mlp> trainer = Trainer.builder(model).config(config).loss(loss).listener(log).build();
 *     trainer.fit(data, noise);
 * }
 * // step,loss,lr,val
 * // 1,0.8412,0.001,
 * // 2,0.7935,0.001,0.7712
 * }</pre>
 */
public final class CsvMetricLog implements TrainingListener, AutoCloseable {
    /** The header row. */
    public static final String HEADER = "step,loss,lr,val";

    private final Path file;
    private final BufferedWriter out;
    private long pendingStep = -1;
    private double pendingLoss;
    private double pendingLr;
    private double pendingVal = Double.NaN;

    private CsvMetricLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /**
     * @param file the CSV file, created or truncated, starting with {@link #HEADER}
     * @return the log
     * @throws IOException if the file cannot be written
     */
    public static CsvMetricLog create(Path file) throws IOException {
        if (file == null) {
            throw InvalidConfigException.of("file", "non-null", null);
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        w.write(HEADER);
        w.newLine();
        return new CsvMetricLog(file, w);
    }

    /**
     * For a resumed run: appends to an existing log, or creates it with a header.
     *
     * @param file the CSV file
     * @return the log
     * @throws IOException if the file cannot be written
     */
    public static CsvMetricLog append(Path file) throws IOException {
        if (file == null) {
            throw InvalidConfigException.of("file", "non-null", null);
        }
        if (!Files.exists(file) || Files.size(file) == 0) {
            return create(file);
        }
        return new CsvMetricLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.APPEND));
    }

    /** @return the file written */
    public Path file() {
        return file;
    }

    @Override
    public void onStep(long step, double loss, double lr) {
        writePending();
        pendingStep = step;
        pendingLoss = loss;
        pendingLr = lr;
        pendingVal = Double.NaN;
    }

    @Override
    public void onValidation(long step, double score, boolean best) {
        if (step == pendingStep) {
            pendingVal = score;
        }
    }

    @Override
    public void onEnd(TrainResult result) {
        writePending();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void writePending() {
        if (pendingStep < 0) {
            return;
        }
        try {
            out.write(pendingStep + "," + pendingLoss + "," + pendingLr + ","
                    + (Double.isNaN(pendingVal) ? "" : Double.toString(pendingVal)));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        pendingStep = -1;
    }

    /** Writes the last row and closes the file. */
    @Override
    public void close() throws IOException {
        try {
            writePending();
        } finally {
            out.close();
        }
    }
}
