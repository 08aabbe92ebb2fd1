package io.github.flows4j.core.nn;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A time-conditioned affine layer that appends the time to the input: {@code y = W·[t, x] + b}, FFJORD's
 * {@code ConcatLinear} (Grathwohl et al., 2019, {@code diffeq_layers/basic.py}). The time comes first, so
 * {@code W [out, in + 1]}'s column 0 multiplies {@code t}. Parameters: {@code layer.weight}, {@code layer.bias}.
 *
 * <pre>{@code
 * ConcatLinear layer = new ConcatLinear(2, 64, DataType.FLOAT, rng);
 * Tensor h = layer.forward(Tensor.scalar(0.5, DataType.FLOAT), x);   // x: [batch, 2] -> h: [batch, 64]
 * }</pre>
 */
public final class ConcatLinear extends Module implements TimeLayer {
    private final int in;
    private final Linear layer;

    /**
     * @param in    input features (without the time), &ge; 1
     * @param out   output features, &ge; 1
     * @param dtype FLOAT or DOUBLE
     * @param rng   the source of the initial values (PyTorch's default: {@code U(±1/√(in + 1))})
     * @throws io.github.flows4j.core.InvalidConfigException if a size is &lt; 1, the type is not FLOAT or DOUBLE,
     *     or rng is null
     */
    public ConcatLinear(int in, int out, DataType dtype, Rng rng) {
        if (in < 1) {
            throw io.github.flows4j.core.InvalidConfigException.of("in", ">= 1", in);
        }
        this.in = in;
        this.layer = registerModule("layer", new Linear(in + 1, out, true, dtype, rng));
    }

    /**
     * @param t one element, or {@code [batch, 1]}
     * @param x {@code [batch, in]}
     * @return {@code [batch, out]}
     * @throws io.github.flows4j.core.ShapeMismatchException if {@code t} or {@code x} has the wrong shape
     */
    @Override
    public Tensor forward(Tensor t, Tensor x) {
        TimeInput.checkX(x, in);
        Tensor tc = TimeInput.column(t, x);
        long batch = x.size(0);
        if (tc.size(0) != batch) {
            tc = tc.broadcastTo(batch, 1);
        }
        return layer.forward(Tensor.concat(1, tc, x));
    }

    /** @return the inner layer, weight {@code [out, in + 1]} */
    public Linear layer() {
        return layer;
    }

    @Override
    public String toString() {
        return "ConcatLinear(in=" + in + ", out=" + layer.outFeatures() + ")";
    }
}
