package io.github.flows4j.core.coding;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;

/**
 * Writes symbols into an rANS bitstream (Duda 2013; 32-bit state with byte-wise renormalisation as in Giesen's
 * {@code rans_byte}). Each symbol comes with its own {@link FrequencyTable}, so adaptive and learned models work;
 * the decoder must be given the same tables in the same order. rANS is last-in-first-out: the encoder buffers the
 * symbols and codes them in reverse in {@link #finish()}, so the decoder reads them in the order they were put.
 * One instance writes one stream.
 *
 * <p>Output length: {@code sum_i (precision - log2 freq_i)} bits plus at most 32 bits of final state and under one
 * byte of renormalisation slack per stream.
 *
 * <pre>{@code
 * FrequencyTable t = FrequencyTable.quantize(new double[] {0.9, 0.1}, 12);
 * RansEncoder enc = new RansEncoder();
 * enc.put(0, t);
 * enc.put(1, t);
 * byte[] stream = enc.finish();
 * }</pre>
 */
public final class RansEncoder {
    static final long LOWER = 1L << 23;

    private int[] starts = new int[64];
    private int[] freqs = new int[64];
    private byte[] precisions = new byte[64];
    private int count;
    private double idealBits;
    private boolean finished;

    /** Creates an empty encoder. */
    public RansEncoder() {
    }

    /**
     * Queues one symbol.
     *
     * @param symbol a symbol of the table's alphabet
     * @param table  its frequencies
     * @throws InvalidConfigException if the symbol is outside the table's alphabet
     * @throws IllegalStateException  after {@link #finish()}
     */
    public void put(int symbol, FrequencyTable table) {
        Checks.notNull("table", table);
        if (finished) {
            throw new IllegalStateException("the encoder has finished its stream; create a new one");
        }
        int f = table.frequency(symbol);
        if (count == starts.length) {
            int n = count * 2;
            starts = Arrays.copyOf(starts, n);
            freqs = Arrays.copyOf(freqs, n);
            precisions = Arrays.copyOf(precisions, n);
        }
        starts[count] = table.startUnchecked(symbol);
        freqs[count] = f;
        precisions[count] = (byte) table.precision();
        count++;
        idealBits += table.bits(symbol);
    }

    /** @return the number of symbols queued so far */
    public int size() {
        return count;
    }

    /** @return the ideal code length {@code sum -log2(freq / 2^precision)} of the queued symbols, in bits */
    public double idealBits() {
        return idealBits;
    }

    /**
     * Codes the queued symbols and returns the stream. The encoder cannot be used afterwards.
     *
     * @return the stream, at least four bytes long
     * @throws IllegalStateException if called twice
     */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("finish() was already called");
        }
        finished = true;
        byte[] out = new byte[Math.max(16, count / 2 + 8)];
        int n = 0;
        long x = LOWER;
        for (int i = count - 1; i >= 0; i--) {
            long f = freqs[i];
            int scale = precisions[i];
            long xMax = ((LOWER >> scale) << 8) * f;
            while (x >= xMax) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = (byte) x;
                x >>>= 8;
            }
            x = ((x / f) << scale) + (x % f) + starts[i];
        }
        if (n + 4 > out.length) {
            out = Arrays.copyOf(out, n + 4);
        }
        out[n++] = (byte) (x >>> 24);
        out[n++] = (byte) (x >>> 16);
        out[n++] = (byte) (x >>> 8);
        out[n++] = (byte) x;
        byte[] stream = new byte[n];
        for (int i = 0; i < n; i++) {
            stream[i] = out[n - 1 - i];
        }
        return stream;
    }
}
