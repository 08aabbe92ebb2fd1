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
 * A time-conditioned MLP {@code f(t, x)}, FFJORD's {@code ODEnet} for vectors: every layer sees the time (through
 * {@link ConcatLinear} or {@link ConcatSquashLinear}), with an activation between consecutive layers and none after
 * the last. The layers are a {@link ModuleList} named {@code layers}, so parameters read
 * {@code layers.0.layer.weight}, {@code layers.0.hyperGate.weight}, …
 *
 * <pre>{@code
 * TimeMlp field = TimeMlp.builder().sizes(2, 64, 64, 2).activation(Activation.SOFTPLUS)
 *         .conditioning(TimeMlp.Conditioning.CONCAT_SQUASH).dtype(DataType.FLOAT).build(Rng.seeded(0));
 * Tensor v = field.forward(Tensor.scalar(0.5, DataType.FLOAT), x);   // x: [batch, 2] -> v: [batch, 2]
 * }</pre>
 */
public final class TimeMlp extends Module implements TimeLayer {
    /** How each layer sees the time. */
    public enum Conditioning {
        /** {@link ConcatLinear}: {@code W·[t, x] + b}. */
        CONCAT,
        /** {@link ConcatSquashLinear}: {@code (W x + b) ⊙ σ(W_g t + b_g) + W_b t}. */
        CONCAT_SQUASH
    }

    private final ModuleList<Module> layers;
    private final Activation activation;
    private final int[] sizes;

    private TimeMlp(Builder b, Rng rng) {
        this.sizes = b.sizes.clone();
        this.activation = b.activation;
        List<Module> list = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            list.add(b.conditioning == Conditioning.CONCAT
                    ? new ConcatLinear(sizes[i], sizes[i + 1], b.dtype, rng)
                    : new ConcatSquashLinear(sizes[i], sizes[i + 1], b.dtype, rng));
        }
        this.layers = registerModule("layers", ModuleList.of(list));
    }

    /** @return a builder with activation {@link Activation#SOFTPLUS}, {@link Conditioning#CONCAT_SQUASH}, FLOAT */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param t one element, or {@code [batch, 1]}
     * @param x {@code [batch, sizes[0]]}
     * @return {@code [batch, sizes[last]]}
     * @throws io.github.flows4j.core.ShapeMismatchException if {@code t} or {@code x} has the wrong shape
     */
    @Override
    public Tensor forward(Tensor t, Tensor x) {
        Tensor h = x;
        int n = layers.size();
        for (int i = 0; i < n; i++) {
            h = ((TimeLayer) layers.get(i)).forward(t, h);
            if (i + 1 < n) {
                h = activation.forward(h);
            }
        }
        return h;
    }

    /** @return the layer sizes, input first (a copy) */
    public int[] sizes() {
        return sizes.clone();
    }

    /** @return the layers, each a {@link TimeLayer} */
    public ModuleList<Module> layers() {
        return layers;
    }

    @Override
    public String toString() {
        return "TimeMlp" + Arrays.toString(sizes) + " " + activation + " " + layers;
    }

    /** Collects a {@link TimeMlp}'s configuration; {@link #build(Rng)} validates it. */
    public static final class Builder {
        private int[] sizes;
        private Activation activation = Activation.SOFTPLUS;
        private Conditioning conditioning = Conditioning.CONCAT_SQUASH;
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
         * @param activation applied between layers (default SOFTPLUS, smooth as exact divergences want)
         * @return this builder
         */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /**
         * @param conditioning how each layer sees the time (default CONCAT_SQUASH)
         * @return this builder
         */
        public Builder conditioning(Conditioning conditioning) {
            this.conditioning = conditioning;
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
         * @throws InvalidConfigException if sizes are missing, fewer than two or &lt; 1, the activation or
         *     conditioning is null, the type is not FLOAT or DOUBLE, or rng is null
         */
        public TimeMlp build(Rng rng) {
            Mlp.checkSizes(sizes);
            Checks.notNull("activation", activation);
            Checks.notNull("conditioning", conditioning);
            Linear.checkDtype(dtype);
            Checks.notNull("rng", rng);
            return new TimeMlp(this, rng);
        }
    }
}
