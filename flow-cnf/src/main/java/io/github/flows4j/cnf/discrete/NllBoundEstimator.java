package io.github.flows4j.cnf.discrete;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The continuous-time evidence bound of a mixture-path model (Shaul et al. 2024, "Flow Matching with General
 * Discrete Paths", §5; the masked-diffusion ELBO for the mask source):
 * <pre>
 *   −log p^θ(x₁) ≤ ∫₀¹ E_{x_t ~ p_t(· | x₁)} Σᵢ ℓᵢ(x₁, x_t, t) dt,
 * </pre>
 * with ℓ the {@link GeneralizedKlLoss}, for the CTMC that the model's velocity generates from p₀ (the exact-time
 * process, not its Euler discretisation). The integral is a midpoint rule on {@code timePoints} times with one
 * draw of x_t per sequence and time; the result is divided by the length L (per token).
 *
 * <pre>{@code
 * NllBound b = new NllBoundEstimator(path, 32).estimate(model, test, rng);   // test: [n, L] tokens
 * }</pre>
 *
 * @param path       the path the model was trained on
 * @param timePoints the midpoint rule's times, &ge; 1
 */
public record NllBoundEstimator(MixtureDiscretePath path, int timePoints) {
    private static final int CHUNK = 512;

    /**
     * @throws InvalidConfigException if timePoints is below 1
     */
    public NllBoundEstimator {
        Checks.notNull("path", path);
        if (timePoints < 1) {
            throw InvalidConfigException.of("timePoints", ">= 1", timePoints);
        }
    }

    /**
     * @param model the denoiser
     * @param x1    data tokens, integer [n, L] in [0, K)
     * @param rng   draws x₀ and x_t
     * @return the bound per token and its standard error over the n sequences
     * @throws InvalidConfigException if the model's vocabularies are not the path's or a token is out of range
     * @throws ShapeMismatchException if x1 is not [n, L]
     */
    @SuppressWarnings("try")
    public NllBound estimate(DiscreteDenoiser model, INDArray x1, Rng rng) {
        DiscreteFlowMatching.checkModel(model, path);
        Checks.notNull("x1", x1);
        int length = model.length();
        Tokens.read("x1", x1, length, path.source().vocabulary());
        int n = (int) x1.size(0);
        double[] perSequence = new double[n];
        GeneralizedKlLoss kl = new GeneralizedKlLoss(path);
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int from = 0; from < n; from += CHUNK) {
                int size = Math.min(CHUNK, n - from);
                INDArray chunk = x1.get(NDArrayIndex.interval(from, from + size), NDArrayIndex.all());
                for (int j = 0; j < timePoints; j++) {
                    double t = (j + 0.5) / timePoints;
                    try (TensorScope s = TensorScope.open()) {
                        INDArray times = Nd4j.valueArrayOf(new long[] {size, 1}, t, DataType.DOUBLE);
                        DiscretePathSample sample = path.sample(chunk, times, rng);
                        double[] terms = kl.perToken(model.logits(sample.xt(), sample.t()), sample).sum(1)
                                .toDoubleArray();
                        for (int b = 0; b < size; b++) {
                            perSequence[from + b] += terms[b] / (timePoints * (double) length);
                        }
                    }
                }
            }
        }
        double mean = 0;
        for (double v : perSequence) {
            mean += v / n;
        }
        double var = 0;
        for (double v : perSequence) {
            var += (v - mean) * (v - mean);
        }
        double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
        return new NllBound(mean, se, n);
    }
}
