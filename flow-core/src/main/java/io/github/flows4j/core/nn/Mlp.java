package io.github.flows4j.core.nn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A multilayer perceptron: {@link Linear} layers of the given sizes with an activation between consecutive layers
 * (and optionally after the last). Held in a {@link Sequential} named {@code layers}, so parameter names match
 * PyTorch's {@code self.layers = nn.Sequential(Linear, act, Linear, …)}: {@code layers.0.weight},
 * {@code layers.0.bias}, {@code layers.2.weight}, …
 *
 * <pre>{@code
 * Mlp net = Mlp.builder().sizes(3, 256, 256, 2).activation(Activation.SILU).dtype(DataType.FLOAT)
 *         .build(Rng.seeded(0));
 * Tensor y = net.forward(x);                 // x: [batch, 3] -> y: [batch, 2]
 * }</pre>
 */
public final class Mlp extends Module implements Layer {
    private final Sequential layers;
    private final int[] sizes;

    private Mlp(Builder b, Rng rng) {
        this.sizes = b.sizes.clone();
        List<Layer> list = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            list.add(new Linear(sizes[i], sizes[i + 1], b.bias, b.dtype, rng));
            boolean last = i + 2 == sizes.length;
            Activation act = last ? b.outputActivation : b.activation;
            if (act != Activation.IDENTITY) {
                list.add(act);
            }
        }
        this.layers = registerModule("layers", Sequential.of(list.toArray(new Layer[0])));
    }

    /** @return a builder with activation {@link Activation#SILU}, no output activation, biases, FLOAT */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param x {@code [batch, sizes[0]]}
     * @return {@code [batch, sizes[last]]}
     */
    @Override
    public Tensor forward(Tensor x) {
        return layers.forward(x);
    }

    /** @return the layer sizes, input first (a copy) */
    public int[] sizes() {
        return sizes.clone();
    }

    /** @return the underlying layers */
    public Sequential layers() {
        return layers;
    }

    @Override
    public String toString() {
        return "Mlp" + Arrays.toString(sizes) + " " + layers;
    }

    /** Collects an {@link Mlp}'s configuration; {@link #build(Rng)} validates it. */
    public static final class Builder {
        private int[] sizes;
        private Activation activation = Activation.SILU;
        private Activation outputActivation = Activation.IDENTITY;
        private boolean bias = true;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /**
         * @param sizes input size, hidden sizes, output size: at least two, each &ge; 1 (required)
         * @return this builder
         */
        public Builder sizes(int... sizes) {
            this.sizes = sizes == null ? null : sizes.clone();
            return this;
        }

        /**
         * @param activation applied after every layer but the last (default SILU)
         * @return this builder
         */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /**
         * @param outputActivation applied after the last layer (default IDENTITY: none)
         * @return this builder
         */
        public Builder outputActivation(Activation outputActivation) {
            this.outputActivation = outputActivation;
            return this;
        }

        /**
         * @param bias whether the layers have biases (default true)
         * @return this builder
         */
        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * @param dtype FLOAT (default) or DOUBLE
         * @return this builder
         */
        public Builder dtype(DataType dtype) {
            this.dtype = dtype;
            return this;
        }

        /**
         * @param rng the source of the initial values
         * @return the network
         * @throws InvalidConfigException if sizes are missing, fewer than two or &lt; 1, an activation is null,
         *     the type is not FLOAT or DOUBLE, or rng is null
         */
        public Mlp build(Rng rng) {
            checkSizes(sizes);
            Checks.notNull("activation", activation);
            Checks.notNull("outputActivation", outputActivation);
            Linear.checkDtype(dtype);
            Checks.notNull("rng", rng);
            return new Mlp(this, rng);
        }
    }

    static void checkSizes(int[] sizes) {
        if (sizes == null || sizes.length < 2) {
            throw InvalidConfigException.of("sizes", "at least two sizes (input and output)",
                    sizes == null ? null : Arrays.toString(sizes));
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw InvalidConfigException.of("sizes[" + i + "]", ">= 1", sizes[i] + " in " + Arrays.toString(sizes));
            }
        }
    }
}
