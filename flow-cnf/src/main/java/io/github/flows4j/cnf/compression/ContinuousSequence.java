package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.InvalidConfigException;

/**
 * A sequence defined at every time of {@code [0, duration]}, so it can be rendered at any frame rate: the ground
 * truth the compression experiments sample, and against which a decoding at a finer time grid is scored.
 *
 * <pre>{@code
 * ContinuousSequence balls = BouncingBalls.builder().size(16).balls(2).build().sample(Rng.seeded(1));
 * Sequence at10 = balls.render(10);       // 10 frames per second
 * Sequence at40 = balls.render(40);       // the same motion, 4x the frames
 * }</pre>
 */
public interface ContinuousSequence {
    /** @return the length of the sequence in seconds, &gt; 0 */
    double duration();

    /** @return the frame's shape, {@code {height, width}} for images, {@code {1, dim}} for vectors */
    int[] frameShape();

    /**
     * @param t a time in {@code [0, duration()]}
     * @return the frame at t, flattened row-major, values in {@code [0, 1]}
     */
    double[] frame(double t);

    /**
     * Renders frames at {@code t_j = j / fps} for {@code j = 0 .. floor(duration * fps)}.
     *
     * @param fps frames per second, &gt; 0
     * @return the frames
     * @throws InvalidConfigException if fps is not finite and positive
     */
    default Sequence render(double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw InvalidConfigException.of("fps", "finite and > 0", fps);
        }
        int n = (int) Math.floor(duration() * fps + 1e-9) + 1;
        double[] times = new double[n];
        double[][] frames = new double[n][];
        for (int j = 0; j < n; j++) {
            times[j] = Math.min(j / fps, duration());
            frames[j] = frame(times[j]);
        }
        return new Sequence(times, frames, frameShape());
    }
}
