package io.github.flows4j.core.flows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;

/**
 * The affine coupling layer of Real NVP (Dinh et al. 2017, Sec. 3.3): on the transformed features,
 * {@code y = x ⊙ e^s + t} with (s_raw, t) = NN(x_A, c), so log |det ∂y/∂x| = Σ_j s_j. The log-scale is soft-clamped,
 * {@code s = b · tanh(s_raw / b)} with the scale bound b (default 3), which keeps every step's volume change within
 * e^{±b} per feature and training stable. The inverse is {@code x = (y − t) ⊙ e^{−s}}.
 *
 * <pre>{@code
 * AffineCoupling layer = AffineCoupling.builder().dim(2).contextDim(1).hidden(64, 64).scaleBound(3)
 *         .dtype(DataType.DOUBLE).build(Rng.seeded(0));
 * Transformed t = layer.forward(x, c);        // x: [n, 2], c: [n, 1] -> value [n, 2], logDet [n]
 * Tensor back = layer.inverse(t.value(), c).value();   // == x
 * }</pre>
 */
public final class AffineCoupling extends Coupling {
    private final double scaleBound;
    private final Tensor selectShift;
    private final Tensor selectScale;

    private AffineCoupling(Builder b, Rng rng) {
        super(b, 2, rng);
        this.scaleBound = b.scaleBound;
        int nb = transformedCount();
        int[] shift = new int[nb];
        int[] scale = new int[nb];
        for (int j = 0; j < nb; j++) {
            shift[j] = 2 * j;
            scale[j] = 2 * j + 1;
        }
        this.selectShift = selector(2 * nb, shift, dtype());
        this.selectScale = selector(2 * nb, scale, dtype());
    }

    /** @return a builder (defaults: no context, hidden 64, 64, RELU, parity false, scale bound 3, FLOAT) */
    public static Builder builder() {
        return new Builder();
    }

    private Tensor[] shiftAndLogScale(Tensor theta) {
        Tensor shift = theta.matmul(selectShift);
        Tensor raw = theta.matmul(selectScale);
        Tensor s = raw.div(scaleBound).tanh().mul(scaleBound);
        return new Tensor[] {shift, s};
    }

    @Override
    Transformed forwardElementwise(Tensor x, Tensor theta) {
        Tensor[] ts = shiftAndLogScale(theta);
        return new Transformed(x.mul(ts[1].exp()).add(ts[0]), ts[1].sum(1));
    }

    @Override
    Transformed inverseElementwise(Tensor y, Tensor theta) {
        Tensor[] ts = shiftAndLogScale(theta);
        return new Transformed(y.sub(ts[0]).mul(ts[1].neg().exp()), ts[1].sum(1).neg());
    }

    /** @return the bound b of the soft-clamped log-scale */
    public double scaleBound() {
        return scaleBound;
    }

    @Override
    public String toString() {
        return "AffineCoupling(dim=" + dim() + ", contextDim=" + contextDim() + ", scaleBound=" + scaleBound + ", "
                + dtype() + ")";
    }

    /** Collects an {@link AffineCoupling}'s configuration; {@link #build(Rng)} validates it. */
    public static final class Builder extends Coupling.Builder<Builder> {
        private double scaleBound = 3.0;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @param scaleBound b &gt; 0, finite: the log-scale is b·tanh(s_raw/b) (default 3)
         * @return this builder
         */
        public Builder scaleBound(double scaleBound) {
            this.scaleBound = scaleBound;
            return this;
        }

        /**
         * @param rng the source of the conditioner's initial weights (its last layer starts at zero)
         * @return the layer, the identity map until trained
         * @throws InvalidConfigException naming the field: dim &lt; 2, contextDim &lt; 0, a hidden width &lt; 1, a
         *     bad mask, scaleBound not positive and finite, a null activation or rng, dtype not FLOAT/DOUBLE
         */
        public AffineCoupling build(Rng rng) {
            validate(rng);
            if (!(scaleBound > 0) || Double.isInfinite(scaleBound)) {
                throw InvalidConfigException.of("scaleBound", "> 0 and finite", scaleBound);
            }
            return new AffineCoupling(this, rng);
        }
    }
}
