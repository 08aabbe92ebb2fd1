package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small whole-sequence denoiser: an MLP on the flattened one-hot encoding of x_t ([batch, L · K_in]) and a
 * time embedding (t, sin πkt, cos πkt for k = 1 … F), giving [batch, L · K] logits that are read as
 * [batch · L, K]. Every position sees the whole sequence, so the model can learn dependencies between tokens;
 * it is meant for short sequences on the CPU. Parameters are named {@code net.layers.0.weight}, ...
 *
 * <pre>{@code
 * MlpDenoiser model = MlpDenoiser.builder().source(new MaskSource(8)).length(16).hidden(256, 256)
 *         .build(Rng.seeded(0));
 * Tensor logits = model.logits(xt, t);    // [batch * 16, 8]
 * }</pre>
 */
public final class MlpDenoiser extends Module implements DiscreteDenoiser {
    private final int vocabulary;
    private final int inputVocabulary;
    private final int length;
    private final int frequencies;
    private final DataType dtype;
    private final Mlp net;

    private MlpDenoiser(Builder b, Rng rng) {
        this.vocabulary = b.source.vocabulary();
        this.inputVocabulary = b.source.inputVocabulary();
        this.length = b.length;
        this.frequencies = b.frequencies;
        this.dtype = b.dtype;
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = length * inputVocabulary + 1 + 2 * frequencies;
        System.arraycopy(b.hidden, 0, sizes, 1, b.hidden.length);
        sizes[sizes.length - 1] = length * vocabulary;
        this.net = registerModule("net", Mlp.builder().sizes(sizes).activation(b.activation).dtype(dtype).build(rng));
    }

    /** @return a builder; {@code source} and {@code length} are required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int vocabulary() {
        return vocabulary;
    }

    @Override
    public int inputVocabulary() {
        return inputVocabulary;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public Tensor logits(INDArray xt, INDArray t) {
        int[] tokens = Tokens.read("xt", xt, length, inputVocabulary);
        int batch = (int) xt.size(0);
        if (t == null || t.rank() != 2 || t.size(0) != batch || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + batch + ", 1]", t == null ? new long[0] : t.shape());
        }
        double[] ts = HostArrays.toDoubles(t);
        int width = length * inputVocabulary + 1 + 2 * frequencies;
        double[] in = new double[batch * width];
        for (int b = 0; b < batch; b++) {
            int row = b * width;
            for (int i = 0; i < length; i++) {
                in[row + i * inputVocabulary + tokens[b * length + i]] = 1;
            }
            int at = row + length * inputVocabulary;
            in[at] = ts[b];
            for (int k = 1; k <= frequencies; k++) {
                in[at + 2 * k - 1] = Math.sin(Math.PI * k * ts[b]);
                in[at + 2 * k] = Math.cos(Math.PI * k * ts[b]);
            }
        }
        Tensor x = Tensor.constant(HostArrays.fromDoubles(in, dtype, batch, width));
        return net.forward(x).reshape((long) batch * length, vocabulary);
    }

    @Override
    public String toString() {
        return "MlpDenoiser[vocabulary=" + vocabulary + ", inputVocabulary=" + inputVocabulary + ", length=" + length
                + ", net=" + net + "]";
    }

    /** Builds an {@link MlpDenoiser}; validated in {@link #build}. */
    public static final class Builder {
        private DiscreteSource source;
        private int length;
        private int[] hidden = {256, 256};
        private int frequencies = 4;
        private Activation activation = Activation.SILU;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param value the path's source; fixes K and the input vocabulary (required) @return this */
        public Builder source(DiscreteSource value) {
            source = value;
            return this;
        }

        /** @param value the sequence length L (required, &ge; 1) @return this */
        public Builder length(int value) {
            length = value;
            return this;
        }

        /** @param sizes hidden widths (default 256, 256) @return this */
        public Builder hidden(int... sizes) {
            hidden = sizes.clone();
            return this;
        }

        /** @param value F, the sinusoidal time frequencies (default 4, &ge; 0) @return this */
        public Builder frequencies(int value) {
            frequencies = value;
            return this;
        }

        /** @param value the hidden activation (default SiLU) @return this */
        public Builder activation(Activation value) {
            activation = value;
            return this;
        }

        /** @param value FLOAT (default) or DOUBLE @return this */
        public Builder dtype(DataType value) {
            dtype = value;
            return this;
        }

        /**
         * @param rng initialises the weights
         * @return the model
         * @throws InvalidConfigException if source is missing or a size is out of range
         */
        public MlpDenoiser build(Rng rng) {
            if (source == null) {
                throw InvalidConfigException.of("source", "set (a MaskSource or UniformSource)", null);
            }
            if (length < 1) {
                throw InvalidConfigException.of("length", ">= 1", length);
            }
            if (frequencies < 0) {
                throw InvalidConfigException.of("frequencies", ">= 0", frequencies);
            }
            if (hidden.length == 0) {
                throw InvalidConfigException.of("hidden", "at least one width", "[]");
            }
            for (int h : hidden) {
                if (h < 1) {
                    throw InvalidConfigException.of("hidden", "positive widths", Arrays.toString(hidden));
                }
            }
            if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
                throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
            }
            return new MlpDenoiser(this, rng);
        }
    }
}
