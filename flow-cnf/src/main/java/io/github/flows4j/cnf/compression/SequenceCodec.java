package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.coding.CorruptStreamException;
import io.github.flows4j.core.coding.FrequencyTable;
import io.github.flows4j.core.coding.RansDecoder;
import io.github.flows4j.core.coding.RansEncoder;
import io.github.flows4j.core.io.AtomicFiles;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The real codec of a trained {@link LatentDiscretization}: a sequence becomes a {@code .bin} file holding a header
 * and one rANS stream ({@link RansEncoder}) that carries, in order, the transmit times — one binary symbol per time
 * bin coded under the model's renewal-process intensity — and then the quantised latent values, each coded under
 * the OU prior's transition from the previous decoded value; and back. One stream rather than two saves a second
 * coder state (32 bits). The bit count is the stream's; the model's ideal code lengths of the times and of the
 * values are reported beside it.
 *
 * <p>Format (version 1, big-endian): magic {@code "F4JC"}, version byte, the model's config (frame size, latent
 * dim, hidden, bin width, mode, grid spacing), a fingerprint of its weights, frame height and width, start and end
 * time, number of transmissions, the stream preceded by its length, and a CRC-32 of all that precedes.
 *
 * <pre>{@code
 * SequenceCodec codec = new SequenceCodec(model);
 * SequenceCodec.Encoded enc = codec.encode(sequence, Rng.seeded(0));
 * Transmission back = codec.read(enc.bytes());          // equals enc.transmission()
 * Sequence frames = codec.reconstruct(back, 40.0);      // decode at 40 fps
 * }</pre>
 */
public final class SequenceCodec {
    /** The file's first four bytes. */
    public static final byte[] MAGIC = {'F', '4', 'J', 'C'};
    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;
    private static final int PRECISION = FrequencyTable.MAX_PRECISION;
    private static final int MAX_RADIUS = 30_000;

    private final LatentDiscretization model;

    /**
     * @param model a trained model; its weights must not change while the codec is used
     */
    public SequenceCodec(LatentDiscretization model) {
        this.model = Checks.notNull("model", model);
    }

    /**
     * An encoded sequence.
     *
     * @param transmission   what was sent
     * @param bytes          the whole {@code .bin} file
     * @param streamBits     bits of the entropy-coded stream (times and values)
     * @param idealTimeBits  the model's ideal code length of the times, {@code -sum log2 p}
     * @param idealValueBits the model's ideal code length of the values
     */
    public record Encoded(Transmission transmission, byte[] bytes, long streamBits, double idealTimeBits,
            double idealValueBits) {
        /** @return the ideal code length of times and values */
        public double idealBits() {
            return idealTimeBits + idealValueBits;
        }
    }

    /**
     * Encodes a sequence: latents from the encoder, transmit bins from the policy (drawn with {@code rng}) or the
     * grid, values rounded, both streams entropy-coded.
     *
     * @param sequence frames whose frame size matches the model
     * @param rng      the generator of the transmit draws (LEARNED mode)
     * @return the transmission and the file's bytes
     */
    @SuppressWarnings("try")
    public Encoded encode(Sequence sequence, Rng rng) {
        Checks.notNull("sequence", sequence);
        Checks.notNull("rng", rng);
        CompressionConfig cfg = model.config();
        if (sequence.frameSize() != cfg.frameSize()) {
            throw InvalidConfigException.of("sequence.frameSize", "== model frameSize " + cfg.frameSize(),
                    sequence.frameSize());
        }
        double[] times = sequence.times();
        int k = model.bins(sequence.duration());
        int d = cfg.latentDim();
        double[] z;
        double[] zBins;
        double[] events;
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor zf = model.encode(LatentDiscretization.frames(List.of(sequence)));
            Tensor zb = model.binLatents(zf, times, k);
            z = zf.value().dup().reshape(zf.length()).toDoubleVector();
            zBins = zb.value().dup().reshape(zb.length()).toDoubleVector();
            INDArray e = cfg.mode() == TransmitMode.LEARNED
                    ? model.samplePolicy(zb.value(), sequence.duration(), rng)
                    : model.gridEvents(1, k);
            events = e.dup().reshape(k).toDoubleVector();
        }
        int[] bins = model.transmitBins(times[0], events);
        double[][] latent = new double[bins.length + 1][d];
        System.arraycopy(z, 0, latent[0], 0, d);
        for (int i = 0; i < bins.length; i++) {
            System.arraycopy(zBins, bins[i] * d, latent[i + 1], 0, d);
        }
        double[] idealTime = new double[1];
        RansEncoder enc = new RansEncoder();
        if (cfg.mode() == TransmitMode.LEARNED) {
            forEachTimeSymbol(times[0], k, events, (bin, table, p) -> {
                int s = events[bin] > 0.5 ? 1 : 0;
                enc.put(s, table);
                idealTime[0] -= log2(s == 1 ? p : 1 - p);
            });
        }
        double[] taus = new Transmission(times[0], sequence.duration(), sequence.frameShape(), bins, new int[0][])
                .times(model);
        int[][] q = new int[taus.length][d];
        double idealValue = 0;
        for (int i = 0; i < taus.length; i++) {
            for (int c = 0; c < d; c++) {
                ValueTable vt = valueTable(q, taus, i, c);
                long r = Math.round(latent[i][c]);
                int v = (int) Math.max(vt.lo, Math.min(vt.lo + vt.table.size() - 1L, r));
                q[i][c] = v;
                enc.put(v - vt.lo, vt.table);
                idealValue -= log2(vt.probs[v - vt.lo]);
            }
        }
        byte[] stream = enc.finish();
        Transmission t = new Transmission(times[0], sequence.duration(), sequence.frameShape().clone(), bins, q);
        return new Encoded(t, write(t, stream), 8L * stream.length, idealTime[0], idealValue);
    }

    /**
     * Reads a {@code .bin} file's bytes back into the transmission.
     *
     * @param bytes the file's content
     * @return the transmission, equal to the encoded one
     * @throws CompressedFormatException if the magic, version, checksum, model or streams do not check out
     */
    public Transmission read(byte[] bytes) throws CompressedFormatException {
        Checks.notNull("bytes", bytes);
        ByteBuffer in = CodecFiles.body(bytes, MAGIC, VERSION, "a flows4j compressed sequence");
        try {
            CompressionConfig cfg = model.config();
            int frameSize = in.getInt();
            int latentDim = in.getInt();
            int hidden = in.getInt();
            double binWidth = in.getDouble();
            int mode = in.get();
            int gridEvery = in.getInt();
            long fingerprint = in.getLong();
            if (frameSize != cfg.frameSize() || latentDim != cfg.latentDim() || hidden != cfg.hidden()
                    || binWidth != cfg.binWidth() || mode != cfg.mode().ordinal() || gridEvery != cfg.gridEvery()
                    || fingerprint != fingerprint(model)) {
                throw new CompressedFormatException("encoded with another model (frameSize " + frameSize
                        + ", latentDim " + latentDim + ", hidden " + hidden + ", fingerprint "
                        + Long.toHexString(fingerprint) + "); this codec's model has fingerprint "
                        + Long.toHexString(fingerprint(model)));
            }
            int[] shape = {in.getInt(), in.getInt()};
            double start = in.getDouble();
            double end = in.getDouble();
            int m = in.getInt();
            byte[] stream = new byte[checkedLength(in.getInt(), in)];
            in.get(stream);
            if (in.hasRemaining()) {
                throw new CompressedFormatException(in.remaining() + " unexpected bytes after the stream");
            }
            if (!(end >= start) || shape[0] * shape[1] != frameSize || m < 1) {
                throw new CompressedFormatException("inconsistent header: start " + start + ", end " + end
                        + ", frame " + shape[0] + "x" + shape[1] + ", transmissions " + m);
            }
            int k = model.bins(end);
            int[] bins;
            RansDecoder dec = new RansDecoder(stream);
            if (cfg.mode() == TransmitMode.LEARNED) {
                double[] events = new double[k];
                forEachTimeSymbol(start, k, events, (bin, table, p) -> events[bin] = dec.get(table));
                bins = model.transmitBins(start, events);
            } else {
                bins = model.transmitBins(start, model.gridEvents(1, k).dup().reshape(k).toDoubleVector());
            }
            if (bins.length + 1 != m) {
                throw new CompressedFormatException("times stream gives " + (bins.length + 1)
                        + " transmissions, header says " + m);
            }
            double[] taus = new Transmission(start, end, shape, bins, new int[0][]).times(model);
            int d = cfg.latentDim();
            int[][] q = new int[m][d];
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < d; c++) {
                    ValueTable vt = valueTable(q, taus, i, c);
                    q[i][c] = vt.lo + dec.get(vt.table);
                }
            }
            dec.finish();
            return new Transmission(start, end, shape, bins, q);
        } catch (BufferUnderflowException e) {
            throw new CompressedFormatException("truncated header or stream", e);
        } catch (CorruptStreamException e) {
            throw new CompressedFormatException("damaged entropy-coded stream: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes frames at {@code start + j / fps} up to the end time.
     *
     * @param t   a transmission
     * @param fps frames per second, &gt; 0 (any rate, not only the source's)
     * @return the frames
     * @throws InvalidConfigException if fps is not finite and positive
     */
    public Sequence reconstruct(Transmission t, double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw InvalidConfigException.of("fps", "finite and > 0", fps);
        }
        int n = (int) Math.floor((t.end() - t.start()) * fps + 1e-9) + 1;
        double[] at = new double[n];
        for (int j = 0; j < n; j++) {
            at[j] = Math.min(t.start() + j / fps, t.end());
        }
        if (n > 1 && at[n - 1] <= at[n - 2]) {
            at = java.util.Arrays.copyOf(at, n - 1);
        }
        return reconstruct(t, at);
    }

    /**
     * Decodes frames at the given times.
     *
     * @param t     a transmission
     * @param times increasing times
     * @return the frames
     */
    @SuppressWarnings("try")
    public Sequence reconstruct(Transmission t, double[] times) {
        Checks.notNull("times", times);
        double[][] frames;
        try (GradMode.Scope off = GradMode.noGrad()) {
            frames = model.reconstruct(values(t), t.times(model), times).value().toDoubleMatrix();
        }
        return new Sequence(times.clone(), frames, t.frameShape().clone());
    }

    /**
     * Decodes one sample instead of the mean: the latent path drawn from the OU prior conditioned on the
     * transmitted values ({@link LatentDiscretization#reconstructSample}).
     *
     * @param t     a transmission
     * @param times increasing times, none before the start
     * @param rng   the generator of the path draws
     * @return the frames
     */
    @SuppressWarnings("try")
    public Sequence reconstructSample(Transmission t, double[] times, Rng rng) {
        Checks.notNull("times", times);
        double[][] frames;
        try (GradMode.Scope off = GradMode.noGrad()) {
            frames = model.reconstructSample(values(t), t.times(model), times, rng).value().toDoubleMatrix();
        }
        return new Sequence(times.clone(), frames, t.frameShape().clone());
    }

    private Tensor values(Transmission t) {
        int d = model.config().latentDim();
        double[][] v = new double[t.values().length][d];
        for (int i = 0; i < v.length; i++) {
            for (int c = 0; c < d; c++) {
                v[i][c] = t.values()[i][c];
            }
        }
        return Tensor.constant(org.nd4j.linalg.factory.Nd4j.createFromArray(v));
    }

    /**
     * Encodes a {@code .seq} file into a {@code .bin} file, written atomically.
     *
     * @param seq the input
     * @param bin the output
     * @param rng the transmit draws
     * @return the encoded result
     * @throws IOException if reading or writing fails, or the input is not a sequence file
     */
    public Encoded encodeFile(Path seq, Path bin, Rng rng) throws IOException {
        Encoded e = encode(SequenceFile.read(seq), rng);
        AtomicFiles.write(bin, e.bytes());
        return e;
    }

    /**
     * Reads a {@code .bin} file.
     *
     * @param bin the file
     * @return its transmission
     * @throws IOException if it cannot be read or does not check out
     */
    public Transmission readFile(Path bin) throws IOException {
        return read(Files.readAllBytes(bin));
    }

    /** A fingerprint of the model's weights: a decoder with other weights would build other tables. */
    static long fingerprint(LatentDiscretization model) {
        long h = 1125899906842597L;
        for (var e : model.parameters().entrySet()) {
            h = 31 * h + e.getKey().hashCode();
            for (double x : e.getValue().value().dup().reshape(e.getValue().length()).toDoubleVector()) {
                h = 31 * h + Double.doubleToLongBits(x);
            }
        }
        return h;
    }

    private byte[] write(Transmission t, byte[] stream) {
        CompressionConfig cfg = model.config();
        return CodecFiles.write(MAGIC, VERSION, out -> {
            out.writeInt(cfg.frameSize());
            out.writeInt(cfg.latentDim());
            out.writeInt(cfg.hidden());
            out.writeDouble(cfg.binWidth());
            out.writeByte(cfg.mode().ordinal());
            out.writeInt(cfg.gridEvery());
            out.writeLong(fingerprint(model));
            out.writeInt(t.frameShape()[0]);
            out.writeInt(t.frameShape()[1]);
            out.writeDouble(t.start());
            out.writeDouble(t.end());
            out.writeInt(t.values().length);
            out.writeInt(stream.length);
            out.write(stream);
        });
    }

    private static int checkedLength(int n, ByteBuffer in) throws CompressedFormatException {
        if (n < 0 || n > in.remaining()) {
            throw new CompressedFormatException("stream length " + n + " exceeds the " + in.remaining()
                    + " bytes left");
        }
        return n;
    }

    private interface TimeSymbol {
        void apply(int bin, FrequencyTable table, double p);
    }

    /** Walks the bins after {@code start} in order with the timestamp code's table of each. */
    private void forEachTimeSymbol(double start, int k, double[] events, TimeSymbol f) {
        double last = start;
        double w = model.config().binWidth();
        for (int bin = 0; bin < k; bin++) {
            double t = model.binTime(bin);
            if (t <= start) {
                continue;
            }
            double p = -Math.expm1(-model.timingRate(t - last) * w);
            p = Math.min(1 - 1e-6, Math.max(1e-6, p));
            f.apply(bin, FrequencyTable.quantize(new double[] {1 - p, p}, PRECISION), p);
            if (events[bin] > 0.5) {
                last = t;
            }
        }
    }

    private record ValueTable(int lo, FrequencyTable table, double[] probs) {
    }

    /** The OU transition's probabilities of the integers around its mean, given the decoded values before i. */
    private ValueTable valueTable(int[][] q, double[] taus, int i, int c) {
        double theta = model.theta();
        double sigma = model.sigma()[c];
        double stationary = sigma * sigma / (2 * theta);
        double mean = 0;
        double var = stationary;
        if (i > 0) {
            double h = taus[i] - taus[i - 1];
            mean = q[i - 1][c] * Math.exp(-theta * h);
            var = stationary * -Math.expm1(-2 * theta * h);
        }
        double sd = Math.sqrt(var + 1e-9);
        int radius = (int) Math.min(MAX_RADIUS, Math.ceil(8 * sd) + 2);
        int centre = (int) Math.round(mean);
        int lo = centre - radius;
        double[] p = new double[2 * radius + 1];
        double sum = 0;
        for (int v = 0; v < p.length; v++) {
            double x = lo + v;
            p[v] = Math.max(0, normalCdf((x + 0.5 - mean) / sd) - normalCdf((x - 0.5 - mean) / sd));
            sum += p[v];
        }
        for (int v = 0; v < p.length; v++) {
            p[v] = Math.max(p[v] / sum, 1e-300);
        }
        return new ValueTable(lo, FrequencyTable.quantize(p, PRECISION), p);
    }

    private static double log2(double p) {
        return Math.log(p) / Math.log(2);
    }

    /** Phi(x) via erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7): pure Java, reproducible. */
    static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
