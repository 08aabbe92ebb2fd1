package io.github.flows4j.cnf.compression;

/**
 * How a {@link LatentDiscretization} chooses its transmit times.
 *
 * <pre>{@code
 * CompressionConfig grid = CompressionConfig.builder().frameSize(256).mode(TransmitMode.GRID).gridEvery(4).build();
 * }</pre>
 */
public enum TransmitMode {
    /** A learned temporal point process over the latent path decides when to transmit. */
    LEARNED,
    /** Every {@code gridEvery}-th time bin, fixed and known to the decoder (costs no timestamp bits). */
    GRID
}
