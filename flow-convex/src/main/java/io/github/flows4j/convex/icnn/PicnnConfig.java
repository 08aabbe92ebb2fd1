package io.github.flows4j.convex.icnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The shape of a {@link Picnn}, validated on construction.
 *
 * <pre>{@code
 * PicnnConfig c = PicnnConfig.builder().inputDim(1).contextDim(1).width(32).depth(3).dtype(DataType.DOUBLE).build();
 * }</pre>
 *
 * @param inputDim       d, the dimension the network is convex in, &ge; 1
 * @param contextDim     the context's dimension, &ge; 1
 * @param width          units per hidden layer (x-path and context path), &ge; 1
 * @param depth          hidden layers, &ge; 1
 * @param activation     the convex non-decreasing activation of the x-path
 * @param actNorm        a data-initialised ActNorm before each hidden activation and on the output
 * @param symmetricFirst the first layer uses σ(u) − u/2
 * @param dtype          FLOAT or DOUBLE
 */
public record PicnnConfig(int inputDim, int contextDim, int width, int depth, ConvexActivation activation,
        boolean actNorm, boolean symmetricFirst, DataType dtype) {
    /** @throws InvalidConfigException if a value breaks its rule */
    public PicnnConfig {
        if (inputDim < 1) {
            throw InvalidConfigException.of("inputDim", ">= 1", inputDim);
        }
        if (contextDim < 1) {
            throw InvalidConfigException.of("contextDim", ">= 1", contextDim);
        }
        if (width < 1) {
            throw InvalidConfigException.of("width", ">= 1", width);
        }
        if (depth < 1) {
            throw InvalidConfigException.of("depth", ">= 1", depth);
        }
        Checks.notNull("activation", activation);
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
    }

    /**
     * @return a builder with width 64, depth 3, {@link ConvexActivation#SOFTPLUS}, no ActNorm, plain first layer,
     *     FLOAT; inputDim and contextDim must be set
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a {@link PicnnConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private int inputDim;
        private int contextDim;
        private int width = 64;
        private int depth = 3;
        private ConvexActivation activation = ConvexActivation.SOFTPLUS;
        private boolean actNorm;
        private boolean symmetricFirst;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param d the convex input's dimension (required) @return this builder */
        public Builder inputDim(int d) {
            this.inputDim = d;
            return this;
        }

        /** @param c the context's dimension (required) @return this builder */
        public Builder contextDim(int c) {
            this.contextDim = c;
            return this;
        }

        /** @param w units per hidden layer (default 64) @return this builder */
        public Builder width(int w) {
            this.width = w;
            return this;
        }

        /** @param l hidden layers (default 3) @return this builder */
        public Builder depth(int l) {
            this.depth = l;
            return this;
        }

        /** @param a the x-path activation (default softplus) @return this builder */
        public Builder activation(ConvexActivation a) {
            this.activation = a;
            return this;
        }

        /** @param on ActNorm before hidden activations and on the output (default off) @return this builder */
        public Builder actNorm(boolean on) {
            this.actNorm = on;
            return this;
        }

        /** @param on the first layer uses σ(u) − u/2 (default off) @return this builder */
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
        public PicnnConfig build() {
            return new PicnnConfig(inputDim, contextDim, width, depth, activation, actNorm, symmetricFirst, dtype);
        }
    }
}
