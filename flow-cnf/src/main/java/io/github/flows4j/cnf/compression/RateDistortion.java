package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import java.util.function.Function;

/**
 * Measures a codec's operating point with real bitstreams: every test sequence is rendered at a frame rate,
 * encoded by {@link SequenceCodec} (or the per-frame baseline {@link PerFrameCodec}), decoded, and scored against the
 * frames it was encoded from and against the ground truth rendered at {@code fineFactor} times the frame rate (decoding between the input frames).
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
        return measure(tests, fps, fineFactor, s -> {
            SequenceCodec.Encoded enc = codec.encode(s, rng.split());
            Transmission t = enc.transmission();
            return new Coded(enc.streamBits(), enc.idealBits(), enc.idealTimeBits(), t.values().length,
                    at -> codec.reconstruct(t, at));
        });
    }

    /**
     * The per-frame baseline's operating point: every frame coded on its own ({@link PerFrameCodec}), decoded
     * frames interpolated linearly in time for the finer grid; "transmits" counts the coded frames and there are
     * no timestamp bits (the frames are evenly spaced).
     *
     * @param codec      a fitted per-frame codec
     * @param tests      ground-truth sequences, at least one
     * @param fps        the input frame rate, &gt; 0
     * @param fineFactor the finer decoding grid's factor, &gt;= 1
     * @return the averaged operating point
     */
    public static Point evaluate(PerFrameCodec codec, List<ContinuousSequence> tests, double fps, int fineFactor) {
        Checks.notNull("codec", codec);
        return measure(tests, fps, fineFactor, s -> {
            PerFrameCodec.Encoded enc = codec.encode(s);
            return new Coded(enc.streamBits(), enc.idealBits(), 0, s.length(),
                    at -> PerFrameCodec.reconstruct(enc.quantised(), at));
        });
    }

    /** One coded sequence: its bits and its decoder at any times. */
    private record Coded(long bits, double idealBits, double timeBits, int transmits,
            Function<double[], Sequence> decodeAt) {
    }

    private static Point measure(List<ContinuousSequence> tests, double fps, int fineFactor,
            Function<Sequence, Coded> coder) {
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
        double[] se = new double[2];
        long[] count = new long[2];
        double transmits = 0;
        for (ContinuousSequence truth : tests) {
            Sequence s = truth.render(fps);
            Coded c = coder.apply(s);
            bits += c.bits();
            ideal += c.idealBits();
            timeBits += c.timeBits();
            seconds += s.duration() - s.times()[0];
            transmits += c.transmits();
            accumulate(s, c.decodeAt().apply(s.times()), se, count, 0);
            Sequence fine = truth.render(fps * fineFactor);
            accumulate(fine, c.decodeAt().apply(fine.times()), se, count, 1);
        }
        return new Point(bits / seconds, ideal / seconds, timeBits / seconds, psnr(se[0] / count[0]),
                psnr(se[1] / count[1]), transmits / tests.size());
    }

    private static void accumulate(Sequence truth, Sequence decoded, double[] se, long[] count, int slot) {
        for (int j = 0; j < truth.length(); j++) {
            for (int i = 0; i < truth.frameSize(); i++) {
                double e = decoded.frames()[j][i] - truth.frames()[j][i];
                se[slot] += e * e;
                count[slot]++;
            }
        }
    }

    /**
     * The bit rate a rate–distortion curve needs at a given PSNR: the points that no other point dominates (as
     * high a PSNR for no more bits) are sorted by PSNR and the rate is interpolated linearly between the two that
     * bracket it — how "bits per second at equal PSNR" is read off measured curves.
     *
     * @param curve operating points of one codec
     * @param psnr  the PSNR to read the rate at, dB
     * @return bits per second, or NaN if no two points bracket {@code psnr}
     */
    public static double bitsAtPsnr(List<Point> curve, double psnr) {
        Checks.notNull("curve", curve);
        List<Point> sorted = new java.util.ArrayList<>();
        for (Point p : curve) {
            boolean dominated = false;
            for (Point o : curve) {
                dominated |= o != p && o.psnr() >= p.psnr() && o.bitsPerSecond() <= p.bitsPerSecond()
                        && (o.psnr() > p.psnr() || o.bitsPerSecond() < p.bitsPerSecond());
            }
            if (!dominated) {
                sorted.add(p);
            }
        }
        sorted.sort(java.util.Comparator.comparingDouble(Point::psnr));
        for (int i = 0; i + 1 < sorted.size(); i++) {
            Point a = sorted.get(i);
            Point b = sorted.get(i + 1);
            if (a.psnr() <= psnr && psnr <= b.psnr()) {
                double w = b.psnr() == a.psnr() ? 0 : (psnr - a.psnr()) / (b.psnr() - a.psnr());
                return a.bitsPerSecond() + w * (b.bitsPerSecond() - a.bitsPerSecond());
            }
        }
        return Double.NaN;
    }

    /**
     * @param mse a mean squared error of values in {@code [0, 1]}
     * @return {@code 10 log10(1 / mse)}
     */
    public static double psnr(double mse) {
        return 10 * Math.log10(1 / Math.max(mse, 1e-12));
    }
}
