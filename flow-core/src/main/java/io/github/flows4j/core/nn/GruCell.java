package io.github.flows4j.core.nn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One step of a gated recurrent unit (Cho et al. 2014) with PyTorch's {@code nn.GRUCell} layout, gate order and
 * initialisation: for input x [b, in] and state h [b, H],
 * <pre>
 *   r  = σ(W_ir x + b_ir + W_hr h + b_hr)
 *   z  = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 * with {@code weight_ih [3H, in]} = [W_ir; W_iz; W_in], {@code weight_hh [3H, H]}, {@code bias_ih [3H]},
 * {@code bias_hh [3H]}, all drawn from U(−1/√H, 1/√H). Written with {@link Tensor} ops, so gradients of every order
 * flow through it; unroll it over time by calling {@link #forward} once per step.
 *
 * <pre>{@code
 * GruCell cell = new GruCell(3, 16, DataType.FLOAT, Rng.seeded(0));
 * Tensor h = cell.initialState(batch);                   // [batch, 16] of zeros
 * for (Tensor x : inputs) { h = cell.forward(x, h); }    // x: [batch, 3]
 * }</pre>
 */
public final class GruCell extends Module {
    private final int in;
    private final int hidden;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    /**
     * @param in     input features, &ge; 1
     * @param hidden state size H, &ge; 1
     * @param dtype  FLOAT or DOUBLE
     * @param rng    the source of the initial values
     * @throws InvalidConfigException if a size is &lt; 1, the type is not FLOAT or DOUBLE, or rng is null
     */
    public GruCell(int in, int hidden, DataType dtype, Rng rng) {
        if (in < 1) {
            throw InvalidConfigException.of("in", ">= 1", in);
        }
        if (hidden < 1) {
            throw InvalidConfigException.of("hidden", ">= 1", hidden);
        }
        Linear.checkDtype(dtype);
        Checks.notNull("rng", rng);
        this.in = in;
        this.hidden = hidden;
        double bound = 1.0 / Math.sqrt(hidden);
        weightIh = registerParameter("weight_ih", rng.uniform(-bound, bound, dtype, 3L * hidden, in));
        weightHh = registerParameter("weight_hh", rng.uniform(-bound, bound, dtype, 3L * hidden, hidden));
        biasIh = registerParameter("bias_ih", rng.uniform(-bound, bound, dtype, 3L * hidden));
        biasHh = registerParameter("bias_hh", rng.uniform(-bound, bound, dtype, 3L * hidden));
    }

    /**
     * @param x input [b, in], of this cell's data type
     * @param h state [b, H]
     * @return the next state h' [b, H]
     * @throws ShapeMismatchException if x or h has the wrong shape
     */
    public Tensor forward(Tensor x, Tensor h) {
        long[] sx = x.shape();
        if (sx.length != 2 || sx[1] != in) {
            throw ShapeMismatchException.of("x", "[batch, " + in + "]", sx);
        }
        long[] sh = h.shape();
        if (sh.length != 2 || sh[0] != sx[0] || sh[1] != hidden) {
            throw ShapeMismatchException.of("h", "[" + sx[0] + ", " + hidden + "]", sh);
        }
        Tensor[] gi = Tensor.split(Tensor.linear(x, weightIh, biasIh), 1, hidden, hidden, hidden);
        Tensor[] gh = Tensor.split(Tensor.linear(h, weightHh, biasHh), 1, hidden, hidden, hidden);
        Tensor r = gi[0].add(gh[0]).sigmoid();
        Tensor z = gi[1].add(gh[1]).sigmoid();
        Tensor n = gi[2].add(r.mul(gh[2])).tanh();
        return n.add(z.mul(h.sub(n)));              // (1 − z) n + z h
    }

    /**
     * @param batch rows, &ge; 1
     * @return a zero state [batch, H] of this cell's data type
     */
    public Tensor initialState(long batch) {
        if (batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", batch);
        }
        return Tensor.zeros(weightHh.dtype(), batch, hidden);
    }

    /** @return the input size */
    public int inFeatures() {
        return in;
    }

    /** @return the state size H */
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public String toString() {
        return "GruCell(in=" + in + ", hidden=" + hidden + ", " + weightHh.dtype() + ")";
    }
}
