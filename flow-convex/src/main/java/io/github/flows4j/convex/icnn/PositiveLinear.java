package io.github.flows4j.convex.icnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Layer;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A linear layer with non-negative weights, y = z · softplus(W)ᵀ / in + b: the hidden-to-hidden map of an
 * input-convex network, where a non-negative combination keeps convex inputs convex (Amos et al., ICML 2017).
 * The softplus reparameterisation keeps every weight positive without clipping; dividing by the fan-in keeps the
 * output on the scale of the input's mean (CP-Flow's {@code PosLinear}, Huang et al., ICLR 2021). The raw weight W
 * [out, in] and the optional bias b [out] are initialised as PyTorch's {@code nn.Linear}: U(±1/√in).
 *
 * <pre>{@code
 * PositiveLinear layer = new PositiveLinear(64, 32, false, DataType.DOUBLE, Rng.seeded(0));
 * Tensor y = layer.forward(z);              // z: [batch, 64] -> y: [batch, 32]
 * }</pre>
 */
final class PositiveLinear extends Module implements Layer {
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    /**
     * @param in    input features, &ge; 1
     * @param out   output features, &ge; 1
     * @param bias  whether to add a bias
     * @param dtype FLOAT or DOUBLE
     * @param rng   the source of the initial values
     * @throws InvalidConfigException if a size is &lt; 1, the type is not FLOAT or DOUBLE, or rng is null
     */
    PositiveLinear(int in, int out, boolean bias, DataType dtype, Rng rng) {
        if (in < 1) {
            throw InvalidConfigException.of("in", ">= 1", in);
        }
        if (out < 1) {
            throw InvalidConfigException.of("out", ">= 1", out);
        }
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
        Checks.notNull("rng", rng);
        this.in = in;
        this.out = out;
        double bound = 1.0 / Math.sqrt(in);
        this.weight = registerParameter("weight", rng.uniform(-bound, bound, dtype, out, in));
        this.bias = bias ? registerParameter("bias", rng.uniform(-bound, bound, dtype, out)) : null;
    }

    /**
     * @param z [batch, in]
     * @return z · softplus(W)ᵀ / in + b, [batch, out]; non-decreasing in every entry of z
     * @throws ShapeMismatchException if z is not [batch, in]
     */
    @Override
    public Tensor forward(Tensor z) {
        long[] s = z.shape();
        if (s.length != 2 || s[1] != in) {
            throw ShapeMismatchException.of("z", "[batch, " + in + "]", s);
        }
        return Tensor.linear(z, weight.softplus().mul(1.0 / in), bias);
    }

    /** @return the raw weight W, [out, in]; the effective weight is softplus(W) / in */
    public Tensor rawWeight() {
        return weight;
    }

    /** @return the number of input features */
    public int inFeatures() {
        return in;
    }

    /** @return the number of output features */
    public int outFeatures() {
        return out;
    }

    @Override
    public String toString() {
        return "PositiveLinear(in=" + in + ", out=" + out + ", bias=" + (bias != null) + ")";
    }
}
