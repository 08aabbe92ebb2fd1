package io.github.flows4j.cnf.model;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The standard Flow Matching network for vector data: an MLP on the concatenation [x, t] (and the context c when
 * conditional), as in the toy experiments of Lipman et al. (2023) and TorchCFM. Parameters are named
 * {@code net.layers.0.weight}, ...
 *
 * <pre>{@code
 * MlpVelocityField v = MlpVelocityField.builder().dim(2).hidden(512, 512, 512)
 *         .activation(Activation.SILU).build(Rng.seeded(0));
 * Tensor u = v.velocity(x, t);              // [batch, 2]
 * }</pre>
 */
public final class MlpVelocityField extends Module implements VelocityField, ConditionalVelocityField {
    private final int dim;
    private final int conditionDim;
    private final Mlp net;

    private MlpVelocityField(Builder b, Rng rng) {
        this.dim = b.dim;
        this.conditionDim = b.conditionDim;
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = dim + 1 + conditionDim;
        System.arraycopy(b.hidden, 0, sizes, 1, b.hidden.length);
        sizes[sizes.length - 1] = dim;
        this.net = registerModule("net", Mlp.builder().sizes(sizes).activation(b.activation).dtype(b.dtype).build(rng));
    }

    /** @return a builder; {@code dim} is required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int conditionDim() {
        return conditionDim;
    }

    @Override
    public Tensor velocity(Tensor x, Tensor t) {
        check(x, t);
        if (conditionDim == 0) {
            return net.forward(Tensor.concat(1, x, t));
        }
        INDArray zeros = Nd4j.zeros(x.dtype(), x.size(0), conditionDim);
        return net.forward(Tensor.concat(1, x, t, Tensor.constant(zeros)));
    }

    @Override
    public Tensor velocity(Tensor x, Tensor t, Tensor cond) {
        check(x, t);
        if (conditionDim == 0) {
            throw new InvalidConfigException("this field was built without a condition (conditionDim 0); "
                    + "call velocity(x, t) or build with conditionDim(k)");
        }
        if (cond.rank() != 2 || cond.size(0) != x.size(0) || cond.size(1) != conditionDim) {
            throw ShapeMismatchException.of("cond", "[" + x.size(0) + ", " + conditionDim + "]", cond.shape());
        }
        return net.forward(Tensor.concat(1, x, t, cond));
    }

    private void check(Tensor x, Tensor t) {
        if (x.rank() != 2 || x.size(1) != dim) {
            throw ShapeMismatchException.of("x", "[batch, " + dim + "]", x.shape());
        }
        if (t.rank() != 2 || t.size(0) != x.size(0) || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + x.size(0) + ", 1]", t.shape());
        }
    }

    @Override
    public String toString() {
        return "MlpVelocityField[dim=" + dim + ", conditionDim=" + conditionDim + ", net=" + net + "]";
    }

    /** Builds an {@link MlpVelocityField}; validated in {@link #build}. */
    public static final class Builder {
        private int dim;
        private int conditionDim;
        private int[] hidden = {256, 256, 256};
        private Activation activation = Activation.SILU;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param value the data dimension (required, &ge; 1) @return this */
        public Builder dim(int value) {
            dim = value;
            return this;
        }

        /** @param value the context dimension (0 for unconditional; the default) @return this */
        public Builder conditionDim(int value) {
            conditionDim = value;
            return this;
        }

        /** @param sizes hidden layer widths (default 256, 256, 256) @return this */
        public Builder hidden(int... sizes) {
            hidden = sizes.clone();
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
         * @return the field
         * @throws InvalidConfigException if a size is not positive
         */
        public MlpVelocityField build(Rng rng) {
            if (dim < 1) {
                throw InvalidConfigException.of("dim", ">= 1", dim);
            }
            if (conditionDim < 0) {
                throw InvalidConfigException.of("conditionDim", ">= 0", conditionDim);
            }
            for (int h : hidden) {
                if (h < 1) {
                    throw InvalidConfigException.of("hidden", "positive widths", Arrays.toString(hidden));
                }
            }
            return new MlpVelocityField(this, rng);
        }
    }
}
