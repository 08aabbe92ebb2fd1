package io.github.flows4j.cnf.sdebnn;

/**
 * How an SDE-BNN estimates the KL divergence between the posterior and prior weight processes along each sampled
 * path. With {@code u = (g_φ(w, t) − h(w, t))/σ}, Girsanov's theorem gives the log density ratio of the path
 * measures {@code log dQ/dP = ½ ∫ ‖u‖² dt + ∫ u · dB} (Xu et al. 2022, §3.2; Li et al. 2020, §5), whose expectation
 * under the posterior is the KL divergence. The estimators differ only in what they differentiate.
 *
 * <pre>{@code
 * SdeBnnConfig config = SdeBnnConfig.builder().inputDim(1).outputDim(1).estimator(KlEstimator.STL).build();
 * }</pre>
 */
public enum KlEstimator {
    /**
     * Sticking the landing (Roeder et al. 2017; Xu et al. 2022, §3.3): {@code ½ ∫ ‖u‖² dt + ∫ u_⊥ · dB}, where
     * {@code u_⊥} is evaluated with the posterior drift's parameters held constant (the path still carries
     * gradients). Its gradient is exactly 0 on every path when the posterior equals the prior.
     */
    STL,
    /**
     * The plain (full Monte Carlo) estimator {@code ½ ∫ ‖u‖² dt + ∫ u · dB}, differentiated throughout; its
     * gradient has non-zero variance even when the posterior equals the prior.
     */
    PLAIN,
    /**
     * The quadratic term alone, {@code ½ ∫ ‖u‖² dt} (the logqp term of Li et al. 2020): same expectation, no
     * stochastic integral.
     */
    QUADRATIC
}
