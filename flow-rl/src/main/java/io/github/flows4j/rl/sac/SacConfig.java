package io.github.flows4j.rl.sac;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The hyper-parameters of Soft Actor-Critic (Haarnoja et al. 2018, "Soft Actor-Critic Algorithms and Applications",
 * Table 1), defaults as there: Adam learning rate 3·10⁻⁴ for critics, actor and temperature, discount 0.99, Polyak
 * rate τ = 0.005, batch 256, two hidden ReLU layers of 256, replay capacity 10⁶, automatic temperature with target
 * entropy −|A| ({@link Double#NaN} here), log σ clamped to [−20, 2], and 1,000 uniformly random start steps.
 *
 * <pre>{@code
 * SacConfig c = SacConfig.builder().batchSize(128).hidden(64, 64).build();
 * }</pre>
 *
 * @param gamma          discount γ in [0, 1)
 * @param tau            Polyak rate τ in (0, 1]: target ← (1 − τ) target + τ online
 * @param lr             Adam learning rate for all three losses, &gt; 0
 * @param batchSize      minibatch size, &ge; 1
 * @param hidden         hidden layer widths, each &ge; 1 (at least one layer)
 * @param bufferCapacity replay capacity, &ge; batchSize
 * @param startSteps     uniformly random actions collected before learning starts, &ge; batchSize
 * @param initialAlpha   the temperature α at the start, &gt; 0
 * @param targetEntropy  the entropy target H̄ of the temperature loss; NaN means −|A|
 * @param learnAlpha     whether α is tuned (else fixed at initialAlpha)
 * @param logStdMin      lower clamp of log σ
 * @param logStdMax      upper clamp of log σ, &gt; logStdMin
 * @param dtype          FLOAT or DOUBLE for networks and the buffer
 */
public record SacConfig(double gamma, double tau, double lr, int batchSize, int[] hidden, int bufferCapacity,
        int startSteps, double initialAlpha, double targetEntropy, boolean learnAlpha, double logStdMin,
        double logStdMax, DataType dtype) {
    /** @throws InvalidConfigException naming the first field out of range */
    public SacConfig {
        if (!(gamma >= 0 && gamma < 1)) {
            throw InvalidConfigException.of("gamma", "in [0, 1)", gamma);
        }
        if (!(tau > 0 && tau <= 1)) {
            throw InvalidConfigException.of("tau", "in (0, 1]", tau);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw InvalidConfigException.of("lr", "> 0 and finite", lr);
        }
        if (batchSize < 1) {
            throw InvalidConfigException.of("batchSize", ">= 1", batchSize);
        }
        if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw InvalidConfigException.of("hidden", "at least one width, each >= 1",
                    hidden == null ? null : Arrays.toString(hidden));
        }
        hidden = hidden.clone();
        if (bufferCapacity < batchSize) {
            throw InvalidConfigException.of("bufferCapacity", ">= batchSize (" + batchSize + ")", bufferCapacity);
        }
        if (startSteps < batchSize) {
            throw InvalidConfigException.of("startSteps", ">= batchSize (" + batchSize + ")", startSteps);
        }
        if (!(initialAlpha > 0) || Double.isInfinite(initialAlpha)) {
            throw InvalidConfigException.of("initialAlpha", "> 0 and finite", initialAlpha);
        }
        if (Double.isInfinite(targetEntropy)) {
            throw InvalidConfigException.of("targetEntropy", "finite, or NaN for -|A|", targetEntropy);
        }
        if (!(logStdMin < logStdMax)) {
            throw InvalidConfigException.of("logStdMax", "> logStdMin (" + logStdMin + ")", logStdMax);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /**
     * @param actionDim |A|
     * @return the entropy target: {@link #targetEntropy()}, or −|A| if that is NaN
     */
    public double entropyTarget(int actionDim) {
        return Double.isNaN(targetEntropy) ? -actionDim : targetEntropy;
    }

    /** @return a builder holding the paper's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a {@link SacConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private double gamma = 0.99;
        private double tau = 0.005;
        private double lr = 3e-4;
        private int batchSize = 256;
        private int[] hidden = {256, 256};
        private int bufferCapacity = 1_000_000;
        private int startSteps = 1000;
        private double initialAlpha = 1.0;
        private double targetEntropy = Double.NaN;
        private boolean learnAlpha = true;
        private double logStdMin = -20;
        private double logStdMax = 2;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param v discount @return this */
        public Builder gamma(double v) {
            gamma = v;
            return this;
        }

        /** @param v Polyak rate @return this */
        public Builder tau(double v) {
            tau = v;
            return this;
        }

        /** @param v learning rate @return this */
        public Builder lr(double v) {
            lr = v;
            return this;
        }

        /** @param v minibatch size @return this */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v hidden widths @return this */
        public Builder hidden(int... v) {
            hidden = v == null ? null : v.clone();
            return this;
        }

        /** @param v replay capacity @return this */
        public Builder bufferCapacity(int v) {
            bufferCapacity = v;
            return this;
        }

        /** @param v random start steps @return this */
        public Builder startSteps(int v) {
            startSteps = v;
            return this;
        }

        /** @param v initial temperature @return this */
        public Builder initialAlpha(double v) {
            initialAlpha = v;
            return this;
        }

        /** @param v entropy target (NaN: −|A|) @return this */
        public Builder targetEntropy(double v) {
            targetEntropy = v;
            return this;
        }

        /** @param v whether the temperature is learned @return this */
        public Builder learnAlpha(boolean v) {
            learnAlpha = v;
            return this;
        }

        /** @param min lower clamp of log σ @param max upper clamp @return this */
        public Builder logStdRange(double min, double max) {
            logStdMin = min;
            logStdMax = max;
            return this;
        }

        /** @param v FLOAT or DOUBLE @return this */
        public Builder dtype(DataType v) {
            dtype = v;
            return this;
        }

        /** @return the validated config */
        public SacConfig build() {
            return new SacConfig(gamma, tau, lr, batchSize, hidden, bufferCapacity, startSteps, initialAlpha,
                    targetEntropy, learnAlpha, logStdMin, logStdMax, dtype);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SacConfig c && gamma == c.gamma && tau == c.tau && lr == c.lr && batchSize == c.batchSize
                && Arrays.equals(hidden, c.hidden) && bufferCapacity == c.bufferCapacity && startSteps == c.startSteps
                && initialAlpha == c.initialAlpha && Double.compare(targetEntropy, c.targetEntropy) == 0
                && learnAlpha == c.learnAlpha && logStdMin == c.logStdMin && logStdMax == c.logStdMax
                && dtype == c.dtype;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31 + Double.hashCode(gamma) + batchSize;
    }

    @Override
    public String toString() {
        return "SacConfig(gamma=" + gamma + ", tau=" + tau + ", lr=" + lr + ", batchSize=" + batchSize + ", hidden="
                + Arrays.toString(hidden) + ", bufferCapacity=" + bufferCapacity + ", startSteps=" + startSteps
                + ", initialAlpha=" + initialAlpha + ", targetEntropy=" + targetEntropy + ", learnAlpha="
                + learnAlpha + ", logStd=[" + logStdMin + ", " + logStdMax + "], dtype=" + dtype + ")";
    }
}
