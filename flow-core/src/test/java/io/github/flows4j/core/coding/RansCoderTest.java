package io.github.flows4j.core.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RansCoderTest {

    private static double[] skewed(int n, double decay) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.pow(decay, i);
        }
        return normalise(p);
    }

    private static double[] normalise(double[] p) {
        double s = Arrays.stream(p).sum();
        return Arrays.stream(p).map(v -> v / s).toArray();
    }

    private static int sample(double[] p, Rng rng) {
        double u = rng.nextDouble();
        double c = 0;
        for (int i = 0; i < p.length; i++) {
            c += p[i];
            if (u < c) {
                return i;
            }
        }
        return p.length - 1;
    }

    private static byte[] encode(int[] symbols, FrequencyTable[] tables) {
        RansEncoder enc = new RansEncoder();
        for (int i = 0; i < symbols.length; i++) {
            enc.put(symbols[i], tables[i]);
        }
        return enc.finish();
    }

    private static int[] decode(byte[] stream, FrequencyTable[] tables) {
        RansDecoder dec = new RansDecoder(stream);
        int[] out = new int[tables.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = dec.get(tables[i]);
        }
        dec.finish();
        return out;
    }

    @Test
    void roundTripsRandomStreamsBitExactlyOverSeveralAlphabets() {
        Rng rng = Rng.seeded(19);
        int[][] cases = {{1, 12}, {2, 1}, {2, 16}, {3, 8}, {16, 12}, {256, 16}, {1000, 14}};
        for (int[] c : cases) {
            int n = c[0];
            int precision = c[1];
            for (double[] p : new double[][] {uniform(n),
                    skewed(n, 0.5), skewed(n, 0.95)}) {
                FrequencyTable t = FrequencyTable.quantize(p, precision);
                int len = 5000;
                int[] symbols = new int[len];
                FrequencyTable[] tables = new FrequencyTable[len];
                Rng draw = rng.split();
                for (int i = 0; i < len; i++) {
                    symbols[i] = sample(p, draw);
                    tables[i] = t;
                }
                byte[] stream = encode(symbols, tables);
                assertArrayEquals(symbols, decode(stream, tables), "alphabet " + n + ", precision " + precision);
            }
        }
    }

    private static double[] uniform(int n) {
        double[] p = new double[n];
        Arrays.fill(p, 1.0 / n);
        return p;
    }

    @Test
    void roundTripsWithADifferentTableForEverySymbol() {
        Rng rng = Rng.seeded(7);
        int len = 3000;
        int[] symbols = new int[len];
        FrequencyTable[] tables = new FrequencyTable[len];
        for (int i = 0; i < len; i++) {
            int n = 1 + rng.nextInt(40);
            double[] p = new double[n];
            for (int k = 0; k < n; k++) {
                p[k] = Math.exp(3 * rng.nextGaussian());
            }
            p = normalise(p);
            tables[i] = FrequencyTable.quantize(p, 6 + rng.nextInt(11));
            symbols[i] = sample(p, rng);
        }
        assertArrayEquals(symbols, decode(encode(symbols, tables), tables));
    }

    @Test
    void emptyStreamRoundTrips() {
        byte[] stream = new RansEncoder().finish();
        assertEquals(4, stream.length);
        new RansDecoder(stream).finish();
    }

    @Test
    void lengthIsWithinOnePercentOfTheIdealCodeLengthOnLongStreams() {
        Rng rng = Rng.seeded(3);
        for (double[] p : new double[][] {skewed(8, 0.5), uniform(10), skewed(64, 0.9), {0.97, 0.02, 0.01}}) {
            FrequencyTable t = FrequencyTable.quantize(p, 16);
            int len = 200_000;
            RansEncoder enc = new RansEncoder();
            double modelBits = 0;
            for (int i = 0; i < len; i++) {
                int s = sample(p, rng);
                modelBits -= Math.log(p[s]) / Math.log(2);
                enc.put(s, t);
            }
            double tableBits = enc.idealBits();
            long actual = 8L * enc.finish().length;
            assertTrue(actual >= tableBits - 1e-6, "no coder beats the ideal: " + actual + " < " + tableBits);
            assertTrue(actual <= 1.01 * tableBits, "actual " + actual + " vs table-ideal " + tableBits);
            assertTrue(actual <= 1.01 * modelBits, "actual " + actual + " vs model-ideal -sum log2 p " + modelBits);
        }
    }

    @Test
    void truncatedStreamThrowsTypedError() {
        Rng rng = Rng.seeded(11);
        double[] p = skewed(20, 0.8);
        FrequencyTable t = FrequencyTable.quantize(p, 12);
        int len = 2000;
        int[] symbols = new int[len];
        FrequencyTable[] tables = new FrequencyTable[len];
        for (int i = 0; i < len; i++) {
            symbols[i] = sample(p, rng);
            tables[i] = t;
        }
        byte[] stream = encode(symbols, tables);
        for (int cut : new int[] {0, 3, stream.length / 2, stream.length - 1}) {
            byte[] truncated = Arrays.copyOf(stream, cut);
            assertThrows(CorruptStreamException.class, () -> decode(truncated, tables), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(stream, stream.length + 1);
        assertThrows(CorruptStreamException.class, () -> decode(longer, tables));
    }

    @Test
    void corruptedBytesAreDetected() {
        Rng rng = Rng.seeded(12);
        double[] p = skewed(20, 0.8);
        FrequencyTable t = FrequencyTable.quantize(p, 12);
        int len = 2000;
        int[] symbols = new int[len];
        FrequencyTable[] tables = new FrequencyTable[len];
        for (int i = 0; i < len; i++) {
            symbols[i] = sample(p, rng);
            tables[i] = t;
        }
        byte[] stream = encode(symbols, tables);
        for (int trial = 0; trial < 50; trial++) {
            byte[] bad = stream.clone();
            int at = rng.nextInt(bad.length);
            bad[at] ^= (byte) (1 + rng.nextInt(255));
            assertThrows(CorruptStreamException.class, () -> decode(bad, tables), "flipped byte " + at);
        }
        FrequencyTable other = FrequencyTable.quantize(skewed(20, 0.7), 12);
        FrequencyTable[] wrong = new FrequencyTable[len];
        Arrays.fill(wrong, other);
        assertThrows(CorruptStreamException.class, () -> decode(stream, wrong));
    }

    @Test
    void quantizeKeepsEverySymbolAndSumsToThePowerOfTwo() {
        FrequencyTable t = FrequencyTable.quantize(new double[] {1e-12, 0.5, 0, 0.5}, 10);
        int sum = 0;
        for (int i = 0; i < t.size(); i++) {
            assertTrue(t.frequency(i) >= 1);
            sum += t.frequency(i);
        }
        assertEquals(1024, sum);
        assertEquals(1.0, FrequencyTable.quantize(new double[] {1, 1}, 8).bits(0), 1e-12);
    }

    @Test
    void badTablesAndSymbolsThrowTypedErrors() {
        assertThrows(InvalidConfigException.class, () -> FrequencyTable.quantize(new double[] {1, Double.NaN}, 8));
        assertThrows(InvalidConfigException.class, () -> FrequencyTable.quantize(new double[] {0, 0}, 8));
        assertThrows(InvalidConfigException.class, () -> FrequencyTable.quantize(new double[5], 2));
        assertThrows(InvalidConfigException.class, () -> FrequencyTable.quantize(new double[] {1}, 17));
        assertThrows(InvalidConfigException.class, () -> FrequencyTable.of(new int[] {1, 2}, 2));
        assertThrows(InvalidConfigException.class, () -> FrequencyTable.of(new int[] {0, 4}, 2));
        FrequencyTable t = FrequencyTable.of(new int[] {1, 3}, 2);
        RansEncoder enc = new RansEncoder();
        assertThrows(InvalidConfigException.class, () -> enc.put(2, t));
        enc.finish();
        assertThrows(IllegalStateException.class, () -> enc.put(0, t));
    }
}
