package io.github.flows4j.core.coding;

import io.github.flows4j.core.Checks;

/**
 * Reads symbols back from a stream written by {@link RansEncoder}, in the order they were put, given the same
 * {@link FrequencyTable} for each. Call {@link #finish()} after the last symbol: it checks that the coder returned
 * to its initial state and that no byte is left over, which catches damaged streams and mismatched tables.
 *
 * <pre>{@code
 * RansDecoder dec = new RansDecoder(stream);
 * int a = dec.get(table);
 * int b = dec.get(table);
 * dec.finish();                 // throws CorruptStreamException if the stream was damaged
 * }</pre>
 */
public final class RansDecoder {
    private final byte[] stream;
    private int pos;
    private long x;
    private int decoded;

    /**
     * @param stream a stream from {@link RansEncoder#finish()}; not copied, not modified
     * @throws CorruptStreamException if it is shorter than the four bytes of coder state, or its state is invalid
     */
    public RansDecoder(byte[] stream) {
        Checks.notNull("stream", stream);
        if (stream.length < 4) {
            throw new CorruptStreamException("rANS stream must hold at least 4 bytes of coder state; got "
                    + stream.length + " bytes");
        }
        this.stream = stream;
        x = (stream[0] & 0xffL) | ((stream[1] & 0xffL) << 8) | ((stream[2] & 0xffL) << 16)
                | ((stream[3] & 0xffL) << 24);
        pos = 4;
        if (x < RansEncoder.LOWER) {
            throw new CorruptStreamException("rANS stream starts with an invalid coder state " + x + " (must be >= "
                    + RansEncoder.LOWER + ")");
        }
    }

    /**
     * Decodes the next symbol.
     *
     * @param table the table it was encoded with
     * @return the symbol
     * @throws CorruptStreamException if the stream ends before this symbol
     */
    public int get(FrequencyTable table) {
        Checks.notNull("table", table);
        int scale = table.precision();
        int slot = (int) (x & ((1L << scale) - 1));
        int s = table.symbolAt(slot);
        x = table.freqUnchecked(s) * (x >>> scale) + slot - table.startUnchecked(s);
        while (x < RansEncoder.LOWER) {
            if (pos >= stream.length) {
                throw new CorruptStreamException("rANS stream ends after " + stream.length + " bytes, inside symbol "
                        + decoded + " (truncated?)");
            }
            x = (x << 8) | (stream[pos++] & 0xffL);
        }
        decoded++;
        return s;
    }

    /** @return the number of symbols decoded so far */
    public int decoded() {
        return decoded;
    }

    /**
     * Checks that the whole stream was consumed and the coder is back in its initial state.
     *
     * @throws CorruptStreamException if bytes are left over or the final state differs
     */
    public void finish() {
        if (pos != stream.length) {
            throw new CorruptStreamException("rANS stream has " + (stream.length - pos) + " unread bytes after "
                    + decoded + " symbols (damaged, or decoded with other tables)");
        }
        if (x != RansEncoder.LOWER) {
            throw new CorruptStreamException("rANS stream ends in coder state " + x + ", expected "
                    + RansEncoder.LOWER + " (damaged, or decoded with other tables)");
        }
    }
}
