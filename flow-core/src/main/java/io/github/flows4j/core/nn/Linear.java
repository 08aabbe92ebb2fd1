package io.github.flows4j.core.nn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The affine layer {@code y = x·Wᵀ + b} with PyTorch's {@code nn.Linear} layout and default initialisation:
 * {@code W [out, in]} and {@code b [out]} drawn from {@code U(−1/√in, 1/√in)} (Kaiming-uniform with
 * {@code a = √5}, which reduces to that bound). Parameters are named {@code weight} and {@code bias}.
 *
 * <pre>{@code
 * Linear layer = new Linear(3, 2, true, DataType.FLOAT, Rng.seeded(0));
 * Tensor y = layer.forward(x);               // x: [batch, 3] -> y: [batch, 2]
 * }</pre>
 */
public final class Linear extends Module implements Layer {
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
    public Linear(int in, int out, boolean bias, DataType dtype, Rng rng) {
        if (in < 1) {
            throw InvalidConfigException.of("in", ">= 1", in);
        }
        if (out < 1) {
            throw InvalidConfigException.of("out", ">= 1", out);
        }
        checkDtype(dtype);
        Checks.notNull("rng", rng);
        this.in = in;
        this.out = out;
        double bound = 1.0 / Math.sqrt(in);
        this.weight = registerParameter("weight", rng.uniform(-bound, bound, dtype, out, in));
        this.bias = bias ? registerParameter("bias", rng.uniform(-bound, bound, dtype, out)) : null;
    }

    static void checkDtype(DataType dtype) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
    }

    /**
     * @param x {@code [batch, in]}, of this layer's data type
     * @return {@code [batch, out]}
     * @throws ShapeMismatchException if {@code x} is not {@code [batch, in]}
     * @throws io.github.flows4j.core.DTypeMismatchException if {@code x} has another data type
     */
    @Override
    public Tensor forward(Tensor x) {
        long[] s = x.shape();
        if (s.length != 2 || s[1] != in) {
            throw ShapeMismatchException.of("x", "[batch, " + in + "]", s);
        }
        return Tensor.linear(x, weight, bias);
    }

    /** @return the weight, {@code [out, in]} */
    public Tensor weight() {
        return weight;
    }

    /** @return the bias, {@code [out]}, or {@code null} if this layer has none */
    public Tensor bias() {
        return bias;
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
        return "Linear(in=" + in + ", out=" + out + ", bias=" + (bias != null) + ", " + weight.dtype() + ")";
    }
}
