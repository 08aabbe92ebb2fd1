package io.github.flows4j.cnf.compression;

import java.util.Arrays;

/**
 * What the codec sends for one sequence: the time window, the bins that carry a transmission and the integer
 * (quantised) latent values — the value at the start first, then one per transmit bin. Equality is by content, so
 * a decoded transmission can be compared with the encoded one.
 *
 * <pre>{@code
 * Transmission t = codec.encode(sequence, Rng.seeded(0)).transmission();
 * double[] taus = t.times(model);      // start, then the centres of the transmit bins
 * }</pre>
 *
 * @param start      the first frame time
 * @param end        the last frame time
 * @param frameShape {@code {height, width}}
 * @param bins       the transmit bins, increasing
 * @param values     {@code [1 + bins.length][latentDim]} quantised latents
 */
public record Transmission(double start, double end, int[] frameShape, int[] bins, int[][] values) {

    /**
     * @param model the model that defines the bin times
     * @return the transmit times, {@code 1 + bins.length} of them
     */
    public double[] times(LatentDiscretization model) {
        double[] t = new double[bins.length + 1];
        t[0] = start;
        for (int i = 0; i < bins.length; i++) {
            t[i + 1] = model.binTime(bins[i]);
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transmission t && start == t.start && end == t.end
                && Arrays.equals(frameShape, t.frameShape) && Arrays.equals(bins, t.bins)
                && Arrays.deepEquals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {start, end, frameShape, bins, values});
    }

    @Override
    public String toString() {
        return "Transmission[start=" + start + ", end=" + end + ", transmits=" + values.length + "]";
    }
}
