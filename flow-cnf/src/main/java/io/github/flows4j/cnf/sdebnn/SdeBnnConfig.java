package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.nn.Activation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The architecture and SDE settings of an {@link SdeBnn}: an input layer {@code inputDim → hiddenDim}, hidden
 * dynamics {@code dh/dt = f(h, t; w(t))} (a two-layer time-concatenated MLP {@code hiddenDim + 1 → width →
 * hiddenDim} whose weights are the state {@code w}), an output layer {@code hiddenDim → outputDim}, the weight
 * SDE's diffusion {@code σ} (prior {@code dw = −w dt + σ dB}), the time horizon, the number of Euler–Maruyama steps,
 * the width of the posterior drift network and the {@link KlEstimator}.
 *
 * <pre>{@code
 * SdeBnnConfig config = SdeBnnConfig.builder()
 *         .inputDim(1).hiddenDim(8).width(16).outputDim(1)
 *         .sigma(0.1).t1(1.0).steps(10)
 *         .driftWidth(32).estimator(KlEstimator.STL)
 *         .dtype(DataType.DOUBLE)
 *         .build();
 * }</pre>
 *
 * @param inputDim   input features, &ge; 1
 * @param hiddenDim  the hidden state's size {@code d_h}, &ge; 1
 * @param width      the hidden field's inner width, &ge; 1
 * @param outputDim  outputs (classes, or regression targets), &ge; 1
 * @param sigma      the weight diffusion {@code σ}, &gt; 0 and finite
 * @param t1         the depth (time horizon), &gt; 0 and finite
 * @param steps      Euler–Maruyama steps on {@code [0, t1]}, &ge; 1
 * @param driftWidth hidden width of the posterior drift network {@code g_φ}, &ge; 1
 * @param activation the hidden field's activation
 * @param estimator  the KL estimator
 * @param dtype      FLOAT or DOUBLE
 */
public record SdeBnnConfig(int inputDim, int hiddenDim, int width, int outputDim, double sigma, double t1, int steps,
        int driftWidth, Activation activation, KlEstimator estimator, DataType dtype) {

    /**
     * Validates every field.
     *
     * @throws InvalidConfigException naming the first field that breaks its rule
     */
    public SdeBnnConfig {
        positive("inputDim", inputDim);
        positive("hiddenDim", hiddenDim);
        positive("width", width);
        positive("outputDim", outputDim);
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw InvalidConfigException.of("sigma", "> 0 and finite", sigma);
        }
        if (!(t1 > 0) || !Double.isFinite(t1)) {
            throw InvalidConfigException.of("t1", "> 0 and finite", t1);
        }
        positive("steps", steps);
        positive("driftWidth", driftWidth);
        if (activation == null) {
            throw InvalidConfigException.of("activation", "not null", null);
        }
        if (estimator == null) {
            throw InvalidConfigException.of("estimator", "one of STL, PLAIN, QUADRATIC", null);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw InvalidConfigException.of(field, ">= 1", value);
        }
    }

    /** @return the number of weights {@code d_w} in the state: {@code (d_h + 1)·width + width + (width + 1)·d_h + d_h} */
    public int weightDim() {
        return (hiddenDim + 1) * width + width + (width + 1) * hiddenDim + hiddenDim;
    }

    /** @return the step size {@code t1 / steps} */
    public double dt() {
        return t1 / steps;
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        return new Builder().inputDim(inputDim).hiddenDim(hiddenDim).width(width).outputDim(outputDim).sigma(sigma)
                .t1(t1).steps(steps).driftWidth(driftWidth).activation(activation).estimator(estimator).dtype(dtype);
    }

    /**
     * @return a builder: inputDim and outputDim required; hiddenDim 8, width 16, σ 0.1, t1 1, 10 steps, driftWidth
     *     32, TANH, {@link KlEstimator#STL}, FLOAT
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link SdeBnnConfig}; {@link #build()} validates. */
    public static final class Builder {
        private int inputDim;
        private int hiddenDim = 8;
        private int width = 16;
        private int outputDim;
        private double sigma = 0.1;
        private double t1 = 1.0;
        private int steps = 10;
        private int driftWidth = 32;
        private Activation activation = Activation.TANH;
        private KlEstimator estimator = KlEstimator.STL;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param value input features (required) @return this */
        public Builder inputDim(int value) {
            this.inputDim = value;
            return this;
        }

        /** @param value hidden state size (default 8) @return this */
        public Builder hiddenDim(int value) {
            this.hiddenDim = value;
            return this;
        }

        /** @param value the hidden field's inner width (default 16) @return this */
        public Builder width(int value) {
            this.width = value;
            return this;
        }

        /** @param value outputs (required) @return this */
        public Builder outputDim(int value) {
            this.outputDim = value;
            return this;
        }

        /** @param value the weight diffusion σ &gt; 0 (default 0.1) @return this */
        public Builder sigma(double value) {
            this.sigma = value;
            return this;
        }

        /** @param value the depth (default 1) @return this */
        public Builder t1(double value) {
            this.t1 = value;
            return this;
        }

        /** @param value Euler–Maruyama steps (default 10) @return this */
        public Builder steps(int value) {
            this.steps = value;
            return this;
        }

        /** @param value the posterior drift network's hidden width (default 32) @return this */
        public Builder driftWidth(int value) {
            this.driftWidth = value;
            return this;
        }

        /** @param value the hidden field's activation (default TANH) @return this */
        public Builder activation(Activation value) {
            this.activation = value;
            return this;
        }

        /** @param value the KL estimator (default STL) @return this */
        public Builder estimator(KlEstimator value) {
            this.estimator = value;
            return this;
        }

        /** @param value FLOAT (default) or DOUBLE @return this */
        public Builder dtype(DataType value) {
            this.dtype = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws InvalidConfigException naming the first field that breaks its rule
         */
        public SdeBnnConfig build() {
            return new SdeBnnConfig(inputDim, hiddenDim, width, outputDim, sigma, t1, steps, driftWidth, activation,
                    estimator, dtype);
        }
    }
}
