package io.github.flows4j.convex.icnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The shape of an {@link Icnn}, validated on construction.
 *
 * <pre>{@code
 * // CP-Flow's toy ICNN: 20 hidden layers of width 32, zero-shifted Gaussian softplus, half the units of each
 * // layer computed from the input alone, ActNorm before each activation
 * IcnnConfig c = IcnnConfig.builder().inputDim(2).width(32).depth(20)
 *         .activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO).augmented(true).actNorm(true)
 *         .symmetricFirst(true).dtype(DataType.DOUBLE).build();
 * }</pre>
 *
 * @param inputDim       d, &ge; 1
 * @param width          units per hidden layer, &ge; 1 (even when augmented)
 * @param depth          hidden layers, &ge; 1
 * @param activation     the convex non-decreasing activation of the z-path
 * @param augmented      each hidden layer after the first is half z-path units and half input-only units
 *                       σ(A x + b) (CP-Flow's {@code ICNN3})
 * @param actNorm        a data-initialised {@link io.github.flows4j.core.nn.ActNorm} before each hidden
 *                       activation and on the output
 * @param symmetricFirst input-only units use σ(u) − u/2 instead of σ(u)
 * @param dtype          FLOAT or DOUBLE
 */
public record IcnnConfig(int inputDim, int width, int depth, ConvexActivation activation, boolean augmented,
        boolean actNorm, boolean symmetricFirst, DataType dtype) {
    /** @throws InvalidConfigException if a value breaks its rule */
    public IcnnConfig {
        if (inputDim < 1) {
            throw InvalidConfigException.of("inputDim", ">= 1", inputDim);
        }
        if (width < 1) {
            throw InvalidConfigException.of("width", ">= 1", width);
        }
        if (depth < 1) {
            throw InvalidConfigException.of("depth", ">= 1", depth);
        }
        Checks.notNull("activation", activation);
        if (augmented && (width < 2 || width % 2 != 0)) {
            throw InvalidConfigException.of("width", "even and >= 2 when augmented", width);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
    }

    /**
     * @return a builder with width 64, depth 4, {@link ConvexActivation#SOFTPLUS}, no augmentation, no ActNorm,
     *     plain first layer, FLOAT; inputDim must be set
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects an {@link IcnnConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private int inputDim;
        private int width = 64;
        private int depth = 4;
        private ConvexActivation activation = ConvexActivation.SOFTPLUS;
        private boolean augmented;
        private boolean actNorm;
        private boolean symmetricFirst;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param d the input dimension (required) @return this builder */
        public Builder inputDim(int d) {
            this.inputDim = d;
            return this;
        }

        /** @param w units per hidden layer (default 64) @return this builder */
        public Builder width(int w) {
            this.width = w;
            return this;
        }

        /** @param l hidden layers (default 4) @return this builder */
        public Builder depth(int l) {
            this.depth = l;
            return this;
        }

        /** @param a the z-path activation (default softplus) @return this builder */
        public Builder activation(ConvexActivation a) {
            this.activation = a;
            return this;
        }

        /** @param on half input-only units per hidden layer (default off) @return this builder */
        public Builder augmented(boolean on) {
            this.augmented = on;
            return this;
        }

        /** @param on ActNorm before hidden activations and on the output (default off) @return this builder */
        public Builder actNorm(boolean on) {
            this.actNorm = on;
            return this;
        }

        /** @param on input-only units use σ(u) − u/2 (default off) @return this builder */
        public Builder symmetricFirst(boolean on) {
            this.symmetricFirst = on;
            return this;
        }

        /** @param t FLOAT or DOUBLE (default FLOAT) @return this builder */
        public Builder dtype(DataType t) {
            this.dtype = t;
            return this;
        }

        /**
         * @return the config
         * @throws InvalidConfigException if a value breaks its rule
         */
        public IcnnConfig build() {
            return new IcnnConfig(inputDim, width, depth, activation, augmented, actNorm, symmetricFirst, dtype);
        }
    }
}
