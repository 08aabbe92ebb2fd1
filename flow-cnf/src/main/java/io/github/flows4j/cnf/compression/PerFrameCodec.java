package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.coding.CorruptStreamException;
import io.github.flows4j.core.coding.FrequencyTable;
import io.github.flows4j.core.coding.RansDecoder;
import io.github.flows4j.core.coding.RansEncoder;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The per-frame baseline of the rate–distortion comparison (issue #19): every frame is coded on its own, with no
 * reference to other frames, so its bit rate grows with the frame rate. Each value is quantised to one of {@code L}
 * uniform levels of {@code [0, 1]} ({@code q = round(x (L - 1))}, decoded as {@code q / (L - 1)}) and entropy-coded
 * with the same rANS coder as {@link SequenceCodec}, under a static context model fitted on training frames: the
 * probability of a level given the levels of its left and upper neighbours in the same frame (JBIG-style intra-frame
 * context; {@code (L + 1)^2} contexts, counts with add-½ smoothing). The number of levels is the baseline's
 * rate–distortion knob.
 *
 * <p>Format (version 1, big-endian): magic {@code "F4JF"}, version byte, levels, a fingerprint of the context
 * model, frame height and width, number of frames, first and last time (frames are evenly spaced between them), the
 * rANS stream preceded by its length, and a CRC-32 of all that precedes. Between decoded frames the decoding is
 * linear in time ({@link #reconstruct(Sequence, double[])}).
 *
 * <pre>{@code
 * SequenceSource balls = BouncingBalls.builder().size(16).build();
 * Rng rng = Rng.seeded(0);
 * List<Sequence> train = List.of(balls.sample(rng.split()).render(10), balls.sample(rng.split()).render(10));
 * PerFrameCodec codec = PerFrameCodec.fit(train, 4);
 * PerFrameCodec.Encoded enc = codec.encode(balls.sample(rng.split()).render(10));
 * Sequence back = codec.decode(enc.bytes());          // the quantised frames, bit-exact
 * }</pre>
 */
public final class PerFrameCodec {
    /** The file's first four bytes. */
    public static final byte[] MAGIC = {'F', '4', 'J', 'F'};
    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;
    /** The most quantisation levels. */
    public static final int MAX_LEVELS = 256;
    private static final int PRECISION = FrequencyTable.MAX_PRECISION;

    private final int levels;
    private final FrequencyTable[] tables;
    private final long fingerprint;

    private PerFrameCodec(int levels, double[][] counts) {
        this.levels = levels;
        this.tables = new FrequencyTable[counts.length];
        long h = 1125899906842597L + levels;
        for (int c = 0; c < counts.length; c++) {
            tables[c] = FrequencyTable.quantize(counts[c], PRECISION);
            for (int s = 0; s < levels; s++) {
                h = 31 * h + tables[c].frequency(s);
            }
        }
        this.fingerprint = h;
    }

    /**
     * Fits the context model: counts of each level given its neighbours' levels over all training frames.
     *
     * @param training sequences whose frames all have the same shape, at least one
     * @param levels   quantisation levels, {@code 2 .. MAX_LEVELS}
     * @return the codec
     * @throws InvalidConfigException if there is no training sequence, the shapes differ or levels is out of range
     */
    public static PerFrameCodec fit(List<Sequence> training, int levels) {
        if (levels < 2 || levels > MAX_LEVELS) {
            throw InvalidConfigException.of("levels", "in [2, " + MAX_LEVELS + "]", levels);
        }
        if (training == null || training.isEmpty()) {
            throw InvalidConfigException.of("training", "at least one sequence", training == null ? null : "[]");
        }
        int[] shape = training.get(0).frameShape();
        double[][] counts = new double[(levels + 1) * (levels + 1)][levels];
        for (double[] row : counts) {
            Arrays.fill(row, 0.5);
        }
        for (int i = 0; i < training.size(); i++) {
            Sequence s = Checks.notNull("training[" + i + "]", training.get(i));
            if (!Arrays.equals(s.frameShape(), shape)) {
                throw InvalidConfigException.of("training[" + i + "].frameShape", Arrays.toString(shape),
                        Arrays.toString(s.frameShape()));
            }
            for (double[] frame : s.frames()) {
                int[] q = quantize(frame, levels);
                for (int p = 0; p < q.length; p++) {
                    counts[context(q, p, shape[1], levels)][q[p]]++;
                }
            }
        }
        return new PerFrameCodec(levels, counts);
    }

    /** @return the number of quantisation levels */
    public int levels() {
        return levels;
    }

    /**
     * An encoded sequence.
     *
     * @param quantised  the frames as the decoder will see them
     * @param bytes      the whole file
     * @param streamBits bits of the entropy-coded stream
     * @param idealBits  the context model's ideal code length, {@code -sum log2 p} of the quantised tables
     */
    public record Encoded(Sequence quantised, byte[] bytes, long streamBits, double idealBits) {
    }

    /**
     * Encodes every frame on its own.
     *
     * @param sequence evenly spaced frames (as rendered at a frame rate), values in {@code [0, 1]} (clamped)
     * @return the file and the quantised frames
     * @throws InvalidConfigException if the frames are not evenly spaced in time
     */
    public Encoded encode(Sequence sequence) {
        Checks.notNull("sequence", sequence);
        double[] t = sequence.times();
        int n = t.length;
        for (int j = 1; j < n; j++) {
            double expected = t[0] + (t[n - 1] - t[0]) * j / (n - 1);
            if (Math.abs(t[j] - expected) > 1e-9 * Math.max(1, Math.abs(t[n - 1]))) {
                throw InvalidConfigException.of("sequence.times[" + j + "]", "evenly spaced: " + expected, t[j]);
            }
        }
        int w = sequence.frameShape()[1];
        RansEncoder enc = new RansEncoder();
        double ideal = 0;
        double[][] out = new double[n][];
        for (int j = 0; j < n; j++) {
            int[] q = quantize(sequence.frames()[j], levels);
            for (int p = 0; p < q.length; p++) {
                FrequencyTable table = tables[context(q, p, w, levels)];
                enc.put(q[p], table);
                ideal += table.bits(q[p]);
            }
            out[j] = dequantize(q);
        }
        byte[] stream = enc.finish();
        Sequence quantised = new Sequence(t.clone(), out, sequence.frameShape().clone());
        return new Encoded(quantised, write(sequence, stream), 8L * stream.length, ideal);
    }

    /**
     * Reads a file back into the quantised frames.
     *
     * @param bytes the file's content
     * @return the frames, equal to {@link Encoded#quantised()}
     * @throws CompressedFormatException if the magic, version, checksum, model or stream do not check out
     */
    public Sequence decode(byte[] bytes) throws CompressedFormatException {
        Checks.notNull("bytes", bytes);
        ByteBuffer in = CodecFiles.body(bytes, MAGIC, VERSION, "a flows4j per-frame file");
        try {
            int l = in.getInt();
            long fp = in.getLong();
            if (l != levels || fp != fingerprint) {
                throw new CompressedFormatException("encoded with another context model (levels " + l
                        + ", fingerprint " + Long.toHexString(fp) + "); this codec has levels " + levels
                        + ", fingerprint " + Long.toHexString(fingerprint));
            }
            int[] shape = {in.getInt(), in.getInt()};
            int n = in.getInt();
            double start = in.getDouble();
            double end = in.getDouble();
            int len = in.getInt();
            if (shape[0] <= 0 || shape[1] <= 0 || n < 1 || !(end >= start) || (n == 1 && end != start)
                    || len < 0 || len > in.remaining()) {
                throw new CompressedFormatException("inconsistent header: frame " + shape[0] + "x" + shape[1]
                        + ", frames " + n + ", start " + start + ", end " + end + ", stream " + len + " bytes");
            }
            byte[] stream = new byte[len];
            in.get(stream);
            if (in.hasRemaining()) {
                throw new CompressedFormatException(in.remaining() + " unexpected bytes after the stream");
            }
            RansDecoder dec = new RansDecoder(stream);
            double[] times = new double[n];
            double[][] frames = new double[n][];
            for (int j = 0; j < n; j++) {
                times[j] = n == 1 ? start : start + (end - start) * j / (n - 1);
                int[] q = new int[shape[0] * shape[1]];
                for (int p = 0; p < q.length; p++) {
                    q[p] = dec.get(tables[context(q, p, shape[1], levels)]);
                }
                frames[j] = dequantize(q);
            }
            dec.finish();
            return new Sequence(times, frames, shape);
        } catch (BufferUnderflowException e) {
            throw new CompressedFormatException("truncated header or stream", e);
        } catch (CorruptStreamException e) {
            throw new CompressedFormatException("damaged entropy-coded stream: " + e.getMessage(), e);
        }
    }

    /**
     * The decoding between frames: linear in time between the neighbouring decoded frames (held before the first
     * and after the last).
     *
     * @param decoded decoded frames
     * @param times   the query times, increasing
     * @return the frames at {@code times}
     */
    public static Sequence reconstruct(Sequence decoded, double[] times) {
        Checks.notNull("decoded", decoded);
        Checks.notNull("times", times);
        double[] t = decoded.times();
        int n = t.length;
        double[][] out = new double[times.length][];
        int j = 0;
        for (int i = 0; i < times.length; i++) {
            double s = times[i];
            while (j + 1 < n - 1 && t[j + 1] <= s) {
                j++;
            }
            if (n == 1 || s <= t[0]) {
                out[i] = decoded.frames()[0].clone();
            } else if (s >= t[n - 1]) {
                out[i] = decoded.frames()[n - 1].clone();
            } else {
                double a = (s - t[j]) / (t[j + 1] - t[j]);
                double[] f0 = decoded.frames()[j];
                double[] f1 = decoded.frames()[j + 1];
                out[i] = new double[f0.length];
                for (int p = 0; p < f0.length; p++) {
                    out[i][p] = (1 - a) * f0[p] + a * f1[p];
                }
            }
        }
        return new Sequence(times.clone(), out, decoded.frameShape().clone());
    }

    private static int[] quantize(double[] frame, int levels) {
        int[] q = new int[frame.length];
        for (int p = 0; p < frame.length; p++) {
            double x = Math.max(0, Math.min(1, frame[p]));
            q[p] = (int) Math.round(x * (levels - 1));
        }
        return q;
    }

    private double[] dequantize(int[] q) {
        double[] x = new double[q.length];
        for (int p = 0; p < q.length; p++) {
            x[p] = q[p] / (double) (levels - 1);
        }
        return x;
    }

    /** The context of value p: its left and upper neighbours' levels, {@code levels} standing for "none". */
    private static int context(int[] q, int p, int width, int levels) {
        int left = p % width == 0 ? levels : q[p - 1];
        int up = p < width ? levels : q[p - width];
        return left * (levels + 1) + up;
    }

    private byte[] write(Sequence s, byte[] stream) {
        return CodecFiles.write(MAGIC, VERSION, out -> {
            out.writeInt(levels);
            out.writeLong(fingerprint);
            out.writeInt(s.frameShape()[0]);
            out.writeInt(s.frameShape()[1]);
            out.writeInt(s.length());
            out.writeDouble(s.times()[0]);
            out.writeDouble(s.duration());
            out.writeInt(stream.length);
            out.write(stream);
        });
    }
}
