package io.github.flows4j.cnf.sdebnn;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;

/**
 * The variance of the KL term's gradient with respect to the posterior drift's parameters, over independent
 * Brownian paths, as the posterior approaches the prior (Xu et al. 2022, Fig. 4): the drift's correction is
 * {@code λ·c_φ} for a trained-looking random {@code c_φ} (its output layer drawn at random), and {@code λ → 0} is
 * the prior. The sticking-the-landing estimator's variance goes to 0 with {@code λ}; the plain one's does not.
 *
 * <pre>{@code
 * double stl = KlGradientVariance.measure(config.toBuilder().estimator(KlEstimator.STL).build(), 0.1, 64, 0);
 * }</pre>
 */
public final class KlGradientVariance {
    private KlGradientVariance() {
    }

    /**
     * @param config  the SDE-BNN (its estimator is the one measured)
     * @param scale   λ &ge; 0, the distance from the prior
     * @param paths   independent paths, &ge; 2
     * @param seed    the seed of the model, the inputs and the paths
     * @return the total variance (trace of the covariance) of {@code ∇_φ KL} over single-path estimates
     */
    @SuppressWarnings("try")
    public static double measure(SdeBnnConfig config, double scale, int paths, long seed) {
        Checks.notNull("config", config);
        if (!(scale >= 0) || !Double.isFinite(scale)) {
            throw InvalidConfigException.of("scale", ">= 0 and finite", scale);
        }
        if (paths < 2) {
            throw InvalidConfigException.of("paths", ">= 2", paths);
        }
        Rng rng = Rng.seeded(seed);
        SdeBnn model = new SdeBnn(config, rng.split());
        PosteriorDrift drift = model.posteriorDrift();
        drift.outWeight().value().assign(rng.normal(config.dtype(), drift.outWeight().shape()).muli(0.1 * scale));
        drift.outBias().value().assign(rng.normal(config.dtype(), drift.outBias().shape()).muli(0.1 * scale));
        Tensor x = Tensor.constant(rng.normal(config.dtype(), 1, config.inputDim()));
        int d = (int) drift.parameterCount();
        double[] sum = new double[d];
        double[] sumSq = new double[d];
        for (int p = 0; p < paths; p++) {
            model.zeroGrad();
            try (TensorScope s = TensorScope.open()) {
                model.sample(x, rng.split()).kl().sum().backward();
            }
            int j = 0;
            for (Tensor t : drift.parameters().values()) {
                double[] g = t.grad() == null ? new double[(int) t.length()]
                        : t.grad().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
                for (double v : g) {
                    sum[j] += v;
                    sumSq[j] += v * v;
                    j++;
                }
            }
        }
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = sum[j] / paths;
            total += Math.max(0, (sumSq[j] - paths * mean * mean) / (paths - 1));
        }
        return total;
    }
}
