package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The posterior drift of the weight SDE, written as the OU prior's drift plus a learned correction:
 * {@code g_φ(w, t) = −w + c_φ([w, t])}, with {@code c_φ} a one-hidden-layer tanh MLP whose output layer starts at
 * zero, so that at initialisation the posterior equals the prior and the KL is exactly 0 (Xu et al. 2022, §3).
 * Parameters: {@code hidden_weight [width, d_w + 1]}, {@code hidden_bias [width]}, {@code out_weight [d_w, width]},
 * {@code out_bias [d_w]}.
 *
 * <pre>{@code
 * PosteriorDrift g = new PosteriorDrift(304, 32, DataType.DOUBLE, Rng.seeded(0));
 * Tensor c = g.correction(0.5, w, false);          // w: [batch, 304] -> [batch, 304], zero at initialisation
 * }</pre>
 */
public final class PosteriorDrift extends Module {
    private final int dim;
    private final Tensor w1;
    private final Tensor b1;
    private final Tensor w2;
    private final Tensor b2;

    /**
     * @param dim   the weight dimension {@code d_w}, &ge; 1
     * @param width the hidden width, &ge; 1
     * @param dtype FLOAT or DOUBLE
     * @param rng   the source of the hidden layer's initial values
     */
    public PosteriorDrift(int dim, int width, DataType dtype, Rng rng) {
        this.dim = dim;
        double bound = 1.0 / Math.sqrt(dim + 1.0);
        this.w1 = registerParameter("hidden_weight", rng.uniform(-bound, bound, dtype, width, dim + 1));
        this.b1 = registerParameter("hidden_bias", rng.uniform(-bound, bound, dtype, width));
        this.w2 = registerParameter("out_weight", org.nd4j.linalg.factory.Nd4j.zeros(dtype, dim, width));
        this.b2 = registerParameter("out_bias", org.nd4j.linalg.factory.Nd4j.zeros(dtype, dim));
    }

    /**
     * @param t        the time
     * @param w        the weights, {@code [batch, d_w]}
     * @param constant evaluate with the parameters held constant (gradients reach {@code w} only): the STL
     *                 estimator's stochastic integrand
     * @return the correction {@code c_φ([w, t])}, {@code [batch, d_w]}; the drift is {@code −w} plus this
     */
    public Tensor correction(double t, Tensor w, boolean constant) {
        Tensor tc = Tensor.zeros(w.dtype(), w.size(0), 1).add(t);
        Tensor in = Tensor.concat(1, w, tc);
        Tensor a = constant ? w1.detach() : w1;
        Tensor b = constant ? b1.detach() : b1;
        Tensor c = constant ? w2.detach() : w2;
        Tensor d = constant ? b2.detach() : b2;
        return Tensor.linear(Tensor.linear(in, a, b).tanh(), c, d);
    }

    /** @return the output layer's bias {@code [d_w]} (a constant correction when the output weight is zero) */
    public Tensor outBias() {
        return b2;
    }

    /** @return the output layer's weight {@code [d_w, width]} */
    public Tensor outWeight() {
        return w2;
    }

    /** @return the weight dimension {@code d_w} */
    public int dim() {
        return dim;
    }
}
