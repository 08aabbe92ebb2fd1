package io.github.flows4j.core.coding;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;

/**
 * Integer frequencies of an alphabet {@code 0 .. size-1} that sum to {@code 2^precision}: the quantised CDF an
 * entropy coder works with. Every symbol has frequency at least 1, so every symbol stays encodable; a symbol of
 * frequency {@code f} costs {@code precision - log2(f)} bits. Immutable.
 *
 * <pre>{@code
 * FrequencyTable t = FrequencyTable.quantize(new double[] {0.5, 0.25, 0.25}, 12);
 * t.frequency(0);       // 2048
 * t.bits(1);            // 2.0
 * }</pre>
 */
public final class FrequencyTable {
    /** The largest supported precision in bits (the coder's state keeps 8 bits of headroom above it). */
    public static final int MAX_PRECISION = 16;

    private final int precision;
    private final int[] freq;
    private final int[] cum;

    private FrequencyTable(int precision, int[] freq) {
        this.precision = precision;
        this.freq = freq;
        this.cum = new int[freq.length + 1];
        for (int i = 0; i < freq.length; i++) {
            cum[i + 1] = cum[i] + freq[i];
        }
    }

    /**
     * Wraps integer frequencies as they are.
     *
     * @param frequencies one positive count per symbol, summing to exactly {@code 2^precision}; copied
     * @param precision   bits of the total, 1 to {@link #MAX_PRECISION}
     * @return the table
     * @throws InvalidConfigException if a frequency is not positive, the sum is not {@code 2^precision}, or the
     *                                precision is out of range
     */
    public static FrequencyTable of(int[] frequencies, int precision) {
        checkPrecision(precision);
        if (frequencies == null || frequencies.length == 0) {
            throw InvalidConfigException.of("frequencies", "at least one symbol",
                    frequencies == null ? null : "[]");
        }
        long sum = 0;
        for (int i = 0; i < frequencies.length; i++) {
            if (frequencies[i] <= 0) {
                throw InvalidConfigException.of("frequencies[" + i + "]", "> 0", frequencies[i]);
            }
            sum += frequencies[i];
        }
        if (sum != 1L << precision) {
            throw InvalidConfigException.of("frequencies", "sum == 2^" + precision + " = " + (1L << precision), sum);
        }
        return new FrequencyTable(precision, frequencies.clone());
    }

    /**
     * Quantises model probabilities to integer frequencies summing to {@code 2^precision}, each at least 1, by
     * largest-remainder rounding of {@code p_i / sum(p) * (2^precision - n) + 1}. The probabilities need not be
     * normalised; the table's ideal cost per symbol is close to {@code -log2 p_i} when {@code p_i >> 2^-precision}.
     *
     * @param probabilities one finite, non-negative weight per symbol, with a positive sum
     * @param precision     bits of the total, with {@code 2^precision >= probabilities.length}
     * @return the table
     * @throws InvalidConfigException if a weight is negative or not finite, all are zero, or the alphabet does not
     *                                fit the precision
     */
    public static FrequencyTable quantize(double[] probabilities, int precision) {
        checkPrecision(precision);
        if (probabilities == null || probabilities.length == 0) {
            throw InvalidConfigException.of("probabilities", "at least one symbol",
                    probabilities == null ? null : "[]");
        }
        int n = probabilities.length;
        int total = 1 << precision;
        if (n > total) {
            throw InvalidConfigException.of("probabilities.length", "<= 2^precision = " + total, n);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double p = probabilities[i];
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw InvalidConfigException.of("probabilities[" + i + "]", "finite and >= 0", p);
            }
            sum += p;
        }
        if (!(sum > 0)) {
            throw InvalidConfigException.of("probabilities", "a positive sum", sum);
        }
        int spare = total - n;
        int[] f = new int[n];
        double[] rem = new double[n];
        long used = 0;
        for (int i = 0; i < n; i++) {
            double share = probabilities[i] / sum * spare;
            int whole = (int) Math.floor(share);
            f[i] = 1 + whole;
            rem[i] = share - whole;
            used += f[i];
        }
        long left = total - used;
        if (left > 0) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(rem[b], rem[a]));
            for (int k = 0; left > 0; k = (k + 1) % n, left--) {
                f[order[k]]++;
            }
        }
        return new FrequencyTable(precision, f);
    }

    private static void checkPrecision(int precision) {
        if (precision < 1 || precision > MAX_PRECISION) {
            throw InvalidConfigException.of("precision", "1 .. " + MAX_PRECISION, precision);
        }
    }

    /** @return the number of symbols */
    public int size() {
        return freq.length;
    }

    /** @return bits of the total: the frequencies sum to {@code 2^precision()} */
    public int precision() {
        return precision;
    }

    /**
     * @param symbol a symbol in {@code 0 .. size()-1}
     * @return its frequency
     */
    public int frequency(int symbol) {
        checkSymbol(symbol);
        return freq[symbol];
    }

    /**
     * @param symbol a symbol in {@code 0 .. size()-1}
     * @return the sum of the frequencies of the symbols before it
     */
    public int start(int symbol) {
        checkSymbol(symbol);
        return cum[symbol];
    }

    /**
     * @param symbol a symbol in {@code 0 .. size()-1}
     * @return its ideal code length {@code precision - log2(frequency)} in bits
     */
    public double bits(int symbol) {
        return precision - Math.log(frequency(symbol)) / Math.log(2);
    }

    /** The symbol whose interval {@code [start, start + frequency)} holds {@code slot}. */
    int symbolAt(int slot) {
        int lo = 0;
        int hi = freq.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cum[mid] <= slot) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    int freqUnchecked(int symbol) {
        return freq[symbol];
    }

    int startUnchecked(int symbol) {
        return cum[symbol];
    }

    private void checkSymbol(int symbol) {
        if (symbol < 0 || symbol >= freq.length) {
            throw InvalidConfigException.of("symbol", "0 .. " + (freq.length - 1), symbol);
        }
    }

    @Override
    public String toString() {
        return "FrequencyTable[size=" + freq.length + ", precision=" + precision + "]";
    }
}
