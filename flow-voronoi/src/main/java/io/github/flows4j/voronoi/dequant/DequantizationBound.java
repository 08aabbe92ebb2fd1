package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;

/**
 * Variational lower bounds on the log-probability of discrete data under a dequantized continuous model
 * (Theis et al. 2016; Ho et al. 2019; Burda et al. 2016). Because the regions of q partition the space,
 * P(x) = ∫_{region(x)} p(z) dz and, with S draws z_s ~ q(· | x),
 * <pre>
 *   log P(x) ≥ log (1/S) Σ_s p(z_s) / q(z_s | x)     (IWAE; S = 1 is the ELBO),
 * </pre>
 * which tightens as S grows. Bits are −bound / ln 2 (lower bounds on P give upper bounds on the bits, which are
 * themselves at least the data's entropy on average).
 *
 * <pre>{@code
 * Tensor elbo = DequantizationBound.bound(p, q, x, 1, rng);            // [n] nats, differentiable
 * double bits = DequantizationBound.bits(p, q, x, 100, 500, rng);      // IWAE-100, mean over rows, in bits
 * }</pre>
 */
public final class DequantizationBound {
    private DequantizationBound() {
    }

    /**
     * @param p       the continuous model, on R^{q.dim()}
     * @param q       the dequantizer
     * @param x       discrete data, n rows of N classes
     * @param samples S &ge; 1 importance samples per row
     * @param rng     the source of the draws
     * @return the IWAE bound log (1/S) Σ_s p(z_s) / q(z_s | x) per row, [n], in nats, differentiable in both
     *     models' parameters
     * @throws InvalidConfigException if samples &lt; 1 or a class is out of range
     * @throws ShapeMismatchException if a row has not N entries, or p's output is not [n·S]
     */
    public static Tensor bound(LogDensity p, Dequantizer q, int[][] x, int samples, Rng rng) {
        Checks.notNull("p", p);
        Checks.notNull("q", q);
        Checks.notNull("rng", rng);
        if (samples < 1) {
            throw InvalidConfigException.of("samples", ">= 1", samples);
        }
        Dequantizer.checkData(x, q.numVariables(), q.numClasses());
        int n = x.length;
        int[][] rep = x;
        if (samples > 1) {
            rep = new int[n * samples][];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < samples; s++) {
                    rep[i * samples + s] = x[i];
                }
            }
        }
        Dequantized d = q.dequantize(rep, rng);
        Tensor logP = p.logProb(d.z());
        if (logP.rank() != 1 || logP.size(0) != rep.length) {
            throw ShapeMismatchException.of("p.logProb(z)", "[" + rep.length + "]", logP.shape());
        }
        Tensor logW = logP.sub(d.logQ());
        if (samples == 1) {
            return logW;
        }
        return logW.reshape(n, samples).logsumexp(1).sub(Math.log(samples));
    }

    /**
     * The mean bound over the rows in bits per example, without gradients, in chunks.
     *
     * @param p       the continuous model
     * @param q       the dequantizer
     * @param x       discrete data
     * @param samples S &ge; 1 importance samples per row
     * @param chunk   rows per evaluation, &ge; 1
     * @param rng     the source of the draws
     * @return −mean bound / ln 2
     * @throws InvalidConfigException if samples or chunk &lt; 1
     */
    @SuppressWarnings("try")
    public static double bits(LogDensity p, Dequantizer q, int[][] x, int samples, int chunk, Rng rng) {
        if (chunk < 1) {
            throw InvalidConfigException.of("chunk", ">= 1", chunk);
        }
        Checks.notNull("x", x);
        double sum = 0;
        try (GradMode.Scope ng = GradMode.noGrad()) {
            for (int from = 0; from < x.length; from += chunk) {
                int to = Math.min(x.length, from + chunk);
                int[][] part = Arrays.copyOfRange(x, from, to);
                try (TensorScope s = TensorScope.open()) {
                    sum += bound(p, q, part, samples, rng).sum().item();
                }
            }
        }
        return -sum / x.length / Math.log(2);
    }
}
