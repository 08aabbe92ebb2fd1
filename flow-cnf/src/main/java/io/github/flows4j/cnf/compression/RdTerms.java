package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.autodiff.Tensor;

/**
 * One training step's rate–distortion terms of a {@link LatentDiscretization}: the differentiable objective and its
 * parts as numbers, averaged over the batch.
 *
 * <pre>{@code
 * RdTerms rd = model.objective(frames, times, rng);
 * rd.loss().backward();
 * System.out.printf("%.1f bits/s, PSNR %.1f dB%n", rd.bitsPerSecond(), rd.psnr());
 * }</pre>
 *
 * @param loss          {@code R + lambda D} (plus a zero-valued score-function term whose gradient trains the
 *                      transmit policy), rank 0
 * @param objective     the value of {@code R + lambda D}
 * @param timeBits      bits per sequence of the timestamps
 * @param valueBits     bits per sequence of the values (under additive uniform noise)
 * @param bitsPerSecond {@code (timeBits + valueBits) / duration}
 * @param mse           the mean squared error per value
 * @param transmits     transmitted latents per sequence, the one at time 0 included
 */
public record RdTerms(Tensor loss, double objective, double timeBits, double valueBits, double bitsPerSecond,
        double mse, double transmits) {

    /** @return {@code 10 log10(1 / mse)}, for values in {@code [0, 1]} */
    public double psnr() {
        return 10 * Math.log10(1 / Math.max(mse, 1e-12));
    }
}
