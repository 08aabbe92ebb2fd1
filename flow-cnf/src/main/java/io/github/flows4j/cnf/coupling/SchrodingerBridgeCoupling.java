package io.github.flows4j.cnf.coupling;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The static Schrödinger-bridge coupling for a Brownian reference {@code σ W_t}, t ∈ [0, 1]: pairs drawn from the
 * entropic OT plan with {@code ε = 2σ²} (SB-CFM, Tong et al. 2023, Sec. 3.4 and Prop. 3.4; TorchCFM's
 * {@code SchrodingerBridgeConditionalFlowMatcher}, which uses {@code OTPlanSampler("sinkhorn", reg = 2σ²)}).
 *
 * <p>The Schrödinger bridge between {@code p0} and {@code p1} has the endpoint law
 * {@code π*(x0, x1) ∝ exp(-||x0 - x1||² / (2σ²)) a(x0) b(x1)}, the minimiser of {@code <π, C> - 2σ² H(π)} for
 * {@code C = ||x0 - x1||²}; between its endpoints the bridge is a Brownian bridge with diffusion σ, which the
 * matching probability path supplies. As {@code σ → 0} the coupling tends to {@link ExactOtCoupling}, as
 * {@code σ → ∞} to {@link IndependentCoupling}. Pairs are i.i.d. draws from the plan ({@link PlanSampling#JOINT}).
 *
 * <pre>{@code
 * Coupling sb = new SchrodingerBridgeCoupling(0.5);   // ε = 0.5
 * Pair p = sb.couple(x0, x1, rng);                    // x0, x1: [batch, dim]
 * }</pre>
 *
 * @param sigma    the reference diffusion σ &gt; 0 (finite, with {@code 2σ²} finite and &gt; 0)
 * @param maxIters the most Sinkhorn iterations, &ge; 1
 * @param tol      the Sinkhorn tolerance on the L1 row-marginal error, &gt; 0
 */
public record SchrodingerBridgeCoupling(double sigma, int maxIters, double tol) implements Coupling {
    /**
     * Validates the configuration.
     *
     * @throws InvalidConfigException naming the field, the rule and the value
     */
    public SchrodingerBridgeCoupling {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw InvalidConfigException.of("sigma", "finite and > 0", sigma);
        }
        double epsilon = 2 * sigma * sigma;
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw InvalidConfigException.of("sigma", "such that 2 sigma^2 is finite and > 0", sigma);
        }
        Sinkhorn.validate(epsilon, maxIters, tol);
    }

    /**
     * With {@link Sinkhorn#DEFAULT_MAX_ITERS} and {@link Sinkhorn#DEFAULT_TOL}.
     *
     * @param sigma the reference diffusion σ &gt; 0
     */
    public SchrodingerBridgeCoupling(double sigma) {
        this(sigma, Sinkhorn.DEFAULT_MAX_ITERS, Sinkhorn.DEFAULT_TOL);
    }

    /** @return the entropic regularisation {@code ε = 2σ²} */
    public double epsilon() {
        return 2 * sigma * sigma;
    }

    /**
     * @param x0  source batch, shape {@code [batch, dim]}
     * @param x1  target batch, shape {@code [batch, dim]}
     * @param rng draws the pairs from the plan ({@code batch} uniforms)
     * @return the drawn pairs, each {@code [batch, dim]}
     * @throws io.github.flows4j.core.ShapeMismatchException if the shapes are not equal {@code [batch, dim]}
     * @throws io.github.flows4j.core.DTypeMismatchException  if the data types differ
     * @throws io.github.flows4j.core.NonFiniteException      if either batch holds NaN or infinity
     */
    @Override
    public Pair couple(INDArray x0, INDArray x1, Rng rng) {
        return new SinkhornCoupling(epsilon(), maxIters, tol, PlanSampling.JOINT).couple(x0, x1, rng);
    }
}
