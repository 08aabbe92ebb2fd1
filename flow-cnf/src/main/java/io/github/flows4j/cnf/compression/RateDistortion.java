package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.List;

/**
 * Measures a codec's operating point with real bitstreams: every test sequence is rendered at a frame rate,
 * encoded by {@link SequenceCodec}, decoded, and scored against the frames it was encoded from and against the
 * ground truth rendered at {@code fineFactor} times the frame rate (decoding between the input frames).
 *
 * <pre>{@code
 * RateDistortion.Point p = RateDistortion.evaluate(new SequenceCodec(model), tests, 10, 4, Rng.seeded(0));
 * System.out.printf("%.0f bits/s at %.1f dB (%.1f dB at 40 fps)%n", p.bitsPerSecond(), p.psnr(), p.psnrFine());
 * }</pre>
 */
public final class RateDistortion {
    private RateDistortion() {
    }

    /**
     * One operating point, averaged over the test sequences.
     *
     * @param bitsPerSecond      stream bits (times and values, one rANS stream) per second of sequence
     * @param idealBitsPerSecond the model's ideal code length per second
     * @param timeBitsPerSecond  the model's ideal code length of the transmit times per second (their share)
     * @param psnr               PSNR at the input frames, from the mean squared error over all sequences
     * @param psnrFine           PSNR at {@code fineFactor} times the frame rate against the ground truth
     * @param transmits          transmitted latents per sequence
     */
    public record Point(double bitsPerSecond, double idealBitsPerSecond, double timeBitsPerSecond, double psnr,
            double psnrFine, double transmits) {
    }

    /**
     * @param codec      the codec of a trained model
     * @param tests      ground-truth sequences, at least one
     * @param fps        the input frame rate, &gt; 0
     * @param fineFactor the finer decoding grid's factor, &gt;= 1
     * @param rng        the generator of the transmit draws
     * @return the averaged operating point
     */
    public static Point evaluate(SequenceCodec codec, List<ContinuousSequence> tests, double fps, int fineFactor,
            Rng rng) {
        Checks.notNull("codec", codec);
        Checks.notNull("rng", rng);
        if (tests == null || tests.isEmpty()) {
            throw InvalidConfigException.of("tests", "at least one sequence", tests == null ? null : "[]");
        }
        if (fineFactor < 1) {
            throw InvalidConfigException.of("fineFactor", ">= 1", fineFactor);
        }
        double bits = 0;
        double ideal = 0;
        double timeBits = 0;
        double seconds = 0;
        double se = 0;
        long count = 0;
        double seFine = 0;
        long countFine = 0;
        double transmits = 0;
        for (ContinuousSequence truth : tests) {
            Sequence s = truth.render(fps);
            SequenceCodec.Encoded enc = codec.encode(s, rng.split());
            Transmission t = enc.transmission();
            bits += enc.streamBits();
            ideal += enc.idealBits();
            timeBits += enc.idealTimeBits();
            seconds += s.duration() - s.times()[0];
            transmits += t.values().length;
            Sequence dec = codec.reconstruct(t, s.times());
            for (int j = 0; j < s.length(); j++) {
                for (int i = 0; i < s.frameSize(); i++) {
                    double e = dec.frames()[j][i] - s.frames()[j][i];
                    se += e * e;
                    count++;
                }
            }
            Sequence fine = truth.render(fps * fineFactor);
            Sequence decFine = codec.reconstruct(t, fine.times());
            for (int j = 0; j < fine.length(); j++) {
                for (int i = 0; i < fine.frameSize(); i++) {
                    double e = decFine.frames()[j][i] - fine.frames()[j][i];
                    seFine += e * e;
                    countFine++;
                }
            }
        }
        return new Point(bits / seconds, ideal / seconds, timeBits / seconds, psnr(se / count),
                psnr(seFine / countFine), transmits / tests.size());
    }

    /**
     * @param mse a mean squared error of values in {@code [0, 1]}
     * @return {@code 10 log10(1 / mse)}
     */
    public static double psnr(double mse) {
        return 10 * Math.log10(1 / Math.max(mse, 1e-12));
    }
}
