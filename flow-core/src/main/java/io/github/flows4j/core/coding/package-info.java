/**
 * Entropy coding: a range asymmetric numeral system (rANS) coder that turns symbols and their model probabilities
 * into an actual bitstream, and back, bit-exactly.
 *
 * <p>A learned codec supplies, for every symbol, a {@link io.github.flows4j.core.coding.FrequencyTable} — integer
 * frequencies summing to {@code 2^precision} — usually built by {@link
 * io.github.flows4j.core.coding.FrequencyTable#quantize(double[], int)} from the model's probabilities. The coder
 * spends {@code -log2(freq / 2^precision)} bits per symbol plus a constant four bytes per stream (Duda 2013,
 * "Asymmetric numeral systems"; the byte-wise renormalisation of Giesen's {@code rans_byte}). Encoding is
 * last-in-first-out, so {@link io.github.flows4j.core.coding.RansEncoder} buffers the symbols and writes them in
 * reverse on {@code finish()}; {@link io.github.flows4j.core.coding.RansDecoder} reads them in the original order.
 * Truncated or damaged streams throw {@link io.github.flows4j.core.coding.CorruptStreamException}.
 *
 * <p>It lives in flow-core because nothing in it is specific to one model: any flow or latent-variable model that
 * wants to report real bits instead of ideal code lengths can use it. No Maven library fits: the general-purpose
 * compressors (zstd, xz, lz4, commons-compress) bring their own models and take no external per-symbol
 * probabilities.
 *
 * <pre>{@code
 * FrequencyTable t = FrequencyTable.quantize(new double[] {0.7, 0.2, 0.1}, 14);
 * RansEncoder enc = new RansEncoder();
 * for (int s : new int[] {0, 0, 2, 1}) {
 *     enc.put(s, t);
 * }
 * byte[] bits = enc.finish();
 * RansDecoder dec = new RansDecoder(bits);
 * int first = dec.get(t);          // 0
 * }</pre>
 */
package io.github.flows4j.core.coding;
