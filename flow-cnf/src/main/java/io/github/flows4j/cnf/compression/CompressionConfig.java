package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The size and rate–distortion trade-off of a {@link LatentDiscretization} model. Immutable; built by a bare-name
 * builder whose {@link Builder#build()} validates.
 *
 * <pre>{@code
 * CompressionConfig cfg = CompressionConfig.builder().frameSize(16 * 16).latentDim(4).hidden(64)
 *         .binWidth(1.0 / 32).lambda(2000).build();
 * }</pre>
 *
 * @param frameSize  values per frame D
 * @param latentDim  latent dimension d
 * @param hidden     width of the hidden layers
 * @param binWidth   the time resolution of transmit times, in seconds
 * @param lambda     the distortion weight of {@code R + lambda D} (R in bits per second, D the mean squared error)
 * @param mode       learned or fixed-grid transmit times
 * @param gridEvery  in GRID mode, transmit in every gridEvery-th bin
 * @param initRate   the transmit policy's initial rate, events per second
 * @param policySamples in LEARNED mode, transmit-time draws per sequence and step: 1 baselines the score function
 *                   by the batch mean, more by the other draws of the same sequence
 * @param policyAge  in LEARNED mode, whether the transmit policy also sees the time since the last transmission
 *                   (its intensity is then history-dependent, so it can draw regular, content-paced schedules
 *                   rather than Poisson-like ones; its bins are then drawn one after another)
 * @param localGradient in LEARNED mode, train the transmit policy by the local-expectation gradient instead of
 *                   the score function: for every bin the loss is evaluated with that bin's decision flipped (the
 *                   other draws and the quantisation noise held fixed), and the gradient is
 *                   {@code sum_k dP(transmit in bin k) (L(k sent) - L(k not sent))} — unbiased for a policy whose
 *                   bins are independent given the latent, with far lower variance than the score function;
 *                   requires {@code policyAge} false
 */
public record CompressionConfig(int frameSize, int latentDim, int hidden, double binWidth, double lambda,
        TransmitMode mode, int gridEvery, double initRate, int policySamples, boolean policyAge,
        boolean localGradient) {

    /**
     * @throws InvalidConfigException naming the first field out of range
     */
    public CompressionConfig {
        if (frameSize < 1) {
            throw InvalidConfigException.of("frameSize", ">= 1", frameSize);
        }
        if (latentDim < 1 || latentDim > 64) {
            throw InvalidConfigException.of("latentDim", "1 .. 64", latentDim);
        }
        if (hidden < 1) {
            throw InvalidConfigException.of("hidden", ">= 1", hidden);
        }
        if (!(binWidth > 0) || Double.isInfinite(binWidth)) {
            throw InvalidConfigException.of("binWidth", "finite and > 0", binWidth);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw InvalidConfigException.of("lambda", "finite and >= 0", lambda);
        }
        if (mode == null) {
            throw InvalidConfigException.of("mode", "LEARNED or GRID", null);
        }
        if (gridEvery < 1) {
            throw InvalidConfigException.of("gridEvery", ">= 1", gridEvery);
        }
        if (!(initRate > 0) || Double.isInfinite(initRate)) {
            throw InvalidConfigException.of("initRate", "finite and > 0", initRate);
        }
        if (policySamples < 1 || policySamples > 16) {
            throw InvalidConfigException.of("policySamples", "1 .. 16", policySamples);
        }
        if (localGradient && policyAge) {
            throw InvalidConfigException.of("localGradient", "false when policyAge is true (its bins are not "
                    + "independent given the latent)", true);
        }
    }

    /**
     * @return a builder: latentDim 4, hidden 64, binWidth 1/32 s, lambda 1000, LEARNED, gridEvery 4, 4 events/s,
     *     one policy sample, a policy that does not see the time since the last transmission, trained by the
     *     score function
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Bare-name builder. */
    public static final class Builder {
        private int frameSize;
        private int latentDim = 4;
        private int hidden = 64;
        private double binWidth = 1.0 / 32;
        private double lambda = 1000;
        private TransmitMode mode = TransmitMode.LEARNED;
        private int gridEvery = 4;
        private double initRate = 4;
        private int policySamples = 1;
        private boolean policyAge;
        private boolean localGradient;

        private Builder() {
        }

        /** @param v values per frame (required) @return this */
        public Builder frameSize(int v) {
            frameSize = v;
            return this;
        }

        /** @param v latent dimension @return this */
        public Builder latentDim(int v) {
            latentDim = v;
            return this;
        }

        /** @param v hidden width @return this */
        public Builder hidden(int v) {
            hidden = v;
            return this;
        }

        /** @param v time resolution of transmit times, seconds @return this */
        public Builder binWidth(double v) {
            binWidth = v;
            return this;
        }

        /** @param v distortion weight @return this */
        public Builder lambda(double v) {
            lambda = v;
            return this;
        }

        /** @param v transmit mode @return this */
        public Builder mode(TransmitMode v) {
            mode = v;
            return this;
        }

        /** @param v grid spacing in bins (GRID mode) @return this */
        public Builder gridEvery(int v) {
            gridEvery = v;
            return this;
        }

        /** @param v initial events per second of the learned policy @return this */
        public Builder initRate(double v) {
            initRate = v;
            return this;
        }

        /** @param v transmit-time draws per sequence and step (LEARNED mode) @return this */
        public Builder policySamples(int v) {
            policySamples = v;
            return this;
        }

        /** @param v whether the learned policy sees the time since the last transmission @return this */
        public Builder policyAge(boolean v) {
            policyAge = v;
            return this;
        }

        /** @param v whether the learned policy is trained by the local-expectation gradient @return this */
        public Builder localGradient(boolean v) {
            localGradient = v;
            return this;
        }

        /** @return the validated config */
        public CompressionConfig build() {
            return new CompressionConfig(frameSize, latentDim, hidden, binWidth, lambda, mode, gridEvery, initRate,
                    policySamples, policyAge, localGradient);
        }
    }
}
