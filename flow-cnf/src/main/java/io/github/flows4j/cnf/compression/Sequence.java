package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;

/**
 * Frames observed at increasing times: what the codec encodes and what it decodes to.
 *
 * <pre>{@code
 * Sequence s = new Sequence(new double[] {0, 0.1}, new double[][] {{0, 1}, {1, 0}}, new int[] {1, 2});
 * s.length();                 // 2
 * }</pre>
 *
 * @param times      observation times, non-decreasing from 0 (not copied: treat as read-only)
 * @param frames     one flattened frame per time, all of length {@code height * width}, finite
 * @param frameShape {@code {height, width}}
 */
public record Sequence(double[] times, double[][] frames, int[] frameShape) {
    /**
     * @throws InvalidConfigException if the arrays disagree or times are not increasing
     * @throws NonFiniteException     if a time or a pixel is NaN or infinite
     */
    public Sequence {
        if (times == null || frames == null || frameShape == null) {
            throw InvalidConfigException.of("times/frames/frameShape", "non-null", null);
        }
        if (times.length == 0 || times.length != frames.length) {
            throw InvalidConfigException.of("frames.length", "== times.length = " + times.length + " and > 0",
                    frames.length);
        }
        if (frameShape.length != 2 || frameShape[0] <= 0 || frameShape[1] <= 0) {
            throw InvalidConfigException.of("frameShape", "{height > 0, width > 0}",
                    java.util.Arrays.toString(frameShape));
        }
        int dim = frameShape[0] * frameShape[1];
        for (int j = 0; j < times.length; j++) {
            if (!Double.isFinite(times[j])) {
                throw new NonFiniteException("times[" + j + "] must be finite; got " + times[j]);
            }
            if (j > 0 && !(times[j] > times[j - 1])) {
                throw InvalidConfigException.of("times[" + j + "]", "> times[" + (j - 1) + "] = " + times[j - 1],
                        times[j]);
            }
            if (frames[j] == null || frames[j].length != dim) {
                throw InvalidConfigException.of("frames[" + j + "].length", "== " + dim,
                        frames[j] == null ? null : frames[j].length);
            }
            for (int i = 0; i < dim; i++) {
                if (!Double.isFinite(frames[j][i])) {
                    throw new NonFiniteException("frames[" + j + "][" + i + "] must be finite; got "
                            + frames[j][i]);
                }
            }
        }
        if (times[0] < 0) {
            throw InvalidConfigException.of("times[0]", ">= 0", times[0]);
        }
    }

    /** @return the number of frames */
    public int length() {
        return times.length;
    }

    /** @return the number of values per frame */
    public int frameSize() {
        return frameShape[0] * frameShape[1];
    }

    /** @return the time of the last frame */
    public double duration() {
        return times[times.length - 1];
    }
}
