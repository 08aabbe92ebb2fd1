package io.github.flows4j.core.nn;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * FFJORD's time-conditioned {@code ConcatSquashLinear} (Grathwohl et al., 2019, {@code diffeq_layers/basic.py}):
 *
 * <pre>
 *   y = (W x + b) ⊙ σ(W_g t + b_g) + W_b t
 * </pre>
 *
 * <p>the time gates each output feature and shifts it. Parameters: {@code layer.weight [out, in]},
 * {@code layer.bias [out]}, {@code hyperGate.weight [out, 1]}, {@code hyperGate.bias [out]},
 * {@code hyperBias.weight [out, 1]} (no bias), each initialised like PyTorch's {@code nn.Linear}.
 *
 * <pre>{@code
 * ConcatSquashLinear layer = new ConcatSquashLinear(2, 64, DataType.FLOAT, rng);
 * Tensor h = layer.forward(t, x);            // t: one element or [batch, 1], x: [batch, 2] -> h: [batch, 64]
 * }</pre>
 */
public final class ConcatSquashLinear extends Module implements TimeLayer {
    private final int in;
    private final Linear layer;
    private final Linear hyperGate;
    private final Linear hyperBias;

    /**
     * @param in    input features, &ge; 1
     * @param out   output features, &ge; 1
     * @param dtype FLOAT or DOUBLE
     * @param rng   the source of the initial values
     * @throws io.github.flows4j.core.InvalidConfigException if a size is &lt; 1, the type is not FLOAT or DOUBLE,
     *     or rng is null
     */
    public ConcatSquashLinear(int in, int out, DataType dtype, Rng rng) {
        this.layer = registerModule("layer", new Linear(in, out, true, dtype, rng));
        this.in = in;
        this.hyperGate = registerModule("hyperGate", new Linear(1, out, true, dtype, rng));
        this.hyperBias = registerModule("hyperBias", new Linear(1, out, false, dtype, rng));
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
        Tensor gate = hyperGate.forward(tc).sigmoid();
        return layer.forward(x).mul(gate).add(hyperBias.forward(tc));
    }

    /** @return the main layer, {@code W x + b} */
    public Linear layer() {
        return layer;
    }

    /** @return the gate layer, {@code W_g t + b_g} */
    public Linear hyperGate() {
        return hyperGate;
    }

    /** @return the shift layer, {@code W_b t} */
    public Linear hyperBias() {
        return hyperBias;
    }

    @Override
    public String toString() {
        return "ConcatSquashLinear(in=" + in + ", out=" + layer.outFeatures() + ")";
    }
}
