package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mean-field Gaussian Bayesian MLP baseline ("Bayes by backprop", Blundell et al. 2015): every weight and bias
 * has a posterior {@code N(μ, softplus(ρ)²)} against the prior {@code N(0, s²)}; each forward pass draws one weight
 * sample for the whole batch by reparameterisation and returns the closed-form KL. Layers
 * {@code sizes[0] → … → sizes[last]} with an activation between them. Parameters: {@code mu_i}, {@code rho_i}
 * (weights {@code [in, out]}) and {@code bmu_i}, {@code brho_i} per layer.
 *
 * <pre>{@code
 * MeanFieldBnn bnn = new MeanFieldBnn(new int[] {1, 32, 1}, Activation.TANH, 1.0, DataType.DOUBLE, Rng.seeded(0));
 * MeanFieldBnn.Sample s = bnn.sample(x, rng);        // s.output(): [batch, 1]; s.kl(): a scalar
 * }</pre>
 */
public final class MeanFieldBnn extends Module {
    private final int[] sizes;
    private final Activation activation;
    private final double priorStd;
    private final Tensor[] mu;
    private final Tensor[] rho;
    private final Tensor[] bmu;
    private final Tensor[] brho;

    /** One forward pass: the outputs and the KL of the whole weight posterior against the prior. */
    public record Sample(Tensor output, Tensor kl) {
    }

    /**
     * @param sizes      layer sizes, at least two, each &ge; 1
     * @param activation between layers
     * @param priorStd   the prior's standard deviation s &gt; 0
     * @param dtype      FLOAT or DOUBLE
     * @param rng        the source of the initial means
     */
    public MeanFieldBnn(int[] sizes, Activation activation, double priorStd, DataType dtype, Rng rng) {
        Checks.notNull("sizes", sizes);
        if (sizes.length < 2) {
            throw InvalidConfigException.of("sizes", "at least two", sizes.length);
        }
        if (!(priorStd > 0)) {
            throw InvalidConfigException.of("priorStd", "> 0", priorStd);
        }
        Checks.notNull("activation", activation);
        this.sizes = sizes.clone();
        this.activation = activation;
        this.priorStd = priorStd;
        int n = sizes.length - 1;
        mu = new Tensor[n];
        rho = new Tensor[n];
        bmu = new Tensor[n];
        brho = new Tensor[n];
        double rho0 = Math.log(Math.expm1(1e-3 + 0.05));
        for (int i = 0; i < n; i++) {
            double bound = 1.0 / Math.sqrt(sizes[i]);
            mu[i] = registerParameter("mu_" + i, rng.uniform(-bound, bound, dtype, sizes[i], sizes[i + 1]));
            rho[i] = registerParameter("rho_" + i, Nd4j.zeros(dtype, sizes[i], sizes[i + 1]).addi(rho0));
            bmu[i] = registerParameter("bmu_" + i, Nd4j.zeros(dtype, 1, sizes[i + 1]));
            brho[i] = registerParameter("brho_" + i, Nd4j.zeros(dtype, 1, sizes[i + 1]).addi(rho0));
        }
    }

    /**
     * @param x   the inputs, {@code [batch, sizes[0]]}
     * @param rng the source of the weight sample
     * @return the outputs {@code [batch, sizes[last]]} and the KL (a scalar)
     */
    public Sample sample(Tensor x, Rng rng) {
        long[] s = x.shape();
        if (s.length != 2 || s[1] != sizes[0]) {
            throw ShapeMismatchException.of("x", "[batch, " + sizes[0] + "]", s);
        }
        Tensor h = x;
        Tensor kl = null;
        for (int i = 0; i < mu.length; i++) {
            Tensor w = draw(mu[i], rho[i], rng);
            Tensor b = draw(bmu[i], brho[i], rng);
            h = h.matmul(w).add(b);
            if (i + 1 < mu.length) {
                h = activation.forward(h);
            }
            Tensor k = kl(mu[i], rho[i]).add(kl(bmu[i], brho[i]));
            kl = kl == null ? k : kl.add(k);
        }
        return new Sample(h, kl);
    }

    private static Tensor draw(Tensor mean, Tensor rho, Rng rng) {
        Tensor eps = Tensor.constant(rng.normal(mean.dtype(), mean.shape()));
        return mean.add(rho.softplus().mul(eps));
    }

    /** {@code Σ KL(N(μ, σ²) ‖ N(0, s²)) = Σ log(s/σ) + (σ² + μ²)/(2 s²) − ½}. */
    private Tensor kl(Tensor mean, Tensor rho) {
        Tensor sd = rho.softplus();
        return sd.log().neg().add(Math.log(priorStd))
                .add(sd.square().add(mean.square()).div(2 * priorStd * priorStd)).sub(0.5).sum();
    }
}
