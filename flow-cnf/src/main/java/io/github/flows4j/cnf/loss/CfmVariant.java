package io.github.flows4j.cnf.loss;

import io.github.flows4j.cnf.coupling.Coupling;
import io.github.flows4j.cnf.coupling.ExactOtCoupling;
import io.github.flows4j.cnf.coupling.IndependentCoupling;
import io.github.flows4j.cnf.coupling.SchrodingerBridgeCoupling;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.NoiseSchedule;
import io.github.flows4j.cnf.path.NoisyAffinePath;
import io.github.flows4j.cnf.path.ProbPath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.CosineScheduler;
import io.github.flows4j.core.InvalidConfigException;

/**
 * TorchCFM's conditional flow matchers (Tong et al. 2023, Table 1; {@code torchcfm/conditional_flow_matching.py}),
 * each one {@link ProbPath} + {@link Coupling} combination of this library, with one noise level σ:
 *
 * <table>
 * <caption>The variants</caption>
 * <tr><th>variant</th><th>path: μ_t, s_t</th><th>coupling</th><th>target u_t</th></tr>
 * <tr><td>{@link #I_CFM}</td><td>t x₁ + (1 − t) x₀, σ</td><td>independent</td><td>x₁ − x₀</td></tr>
 * <tr><td>{@link #OT_CFM}</td><td>t x₁ + (1 − t) x₀, σ</td><td>exact minibatch OT</td><td>x₁ − x₀</td></tr>
 * <tr><td>{@link #SB_CFM}</td><td>t x₁ + (1 − t) x₀, σ√(t(1 − t))</td><td>entropic OT, ε = 2σ²</td>
 * <td>(1 − 2t)/(2t(1 − t)) (x_t − μ_t) + x₁ − x₀</td></tr>
 * <tr><td>{@link #VP_CFM}</td><td>sin(πt/2) x₁ + cos(πt/2) x₀, σ</td><td>independent</td>
 * <td>(π/2)(cos(πt/2) x₁ − sin(πt/2) x₀)</td></tr>
 * <tr><td>{@link #TARGET_FM}</td><td>t x₁ + (1 − (1 − σ)t) x₀, 0</td><td>independent</td>
 * <td>x₁ − (1 − σ) x₀</td></tr>
 * </table>
 * Target FM is Lipman et al.'s (2023) original with σ_min = σ; it assumes a Gaussian source. The others take any
 * source, including a second data set.
 *
 * <pre>{@code
 * FlowMatchingLoss fm = CfmVariant.OT_CFM.loss(0.1).source(Toy2d.EIGHT_GAUSSIANS).build();
 * Tensor loss = fm.loss(model, moons, rng);
 * }</pre>
 */
public enum CfmVariant {
    /** Independent CFM: the straight-line path with constant noise σ, independent coupling. */
    I_CFM,
    /** OT-CFM: the same path, exact minibatch optimal transport. */
    OT_CFM,
    /** Schrödinger-bridge CFM: the Brownian bridge σ√(t(1 − t)), the entropic plan with ε = 2σ² (σ &gt; 0). */
    SB_CFM,
    /** Variance-preserving CFM: the trigonometric interpolant with constant noise σ. */
    VP_CFM,
    /** Target FM (Lipman et al. 2023): the CondOT path with σ_min = σ &lt; 1, no added noise. */
    TARGET_FM;

    /**
     * @param sigma the noise level σ &ge; 0 (&gt; 0 for SB-CFM, &lt; 1 for target FM)
     * @return the conditional path
     * @throws InvalidConfigException naming {@code sigma} if it is out of range
     */
    public ProbPath path(double sigma) {
        checkSigma(sigma);
        return switch (this) {
            case I_CFM, OT_CFM -> new NoisyAffinePath(new CondOTScheduler(), NoiseSchedule.constant(sigma));
            case SB_CFM -> new NoisyAffinePath(new CondOTScheduler(), NoiseSchedule.brownianBridge(sigma));
            case VP_CFM -> new NoisyAffinePath(new CosineScheduler(), NoiseSchedule.constant(sigma));
            case TARGET_FM -> new AffinePath(new CondOTScheduler(sigma));
        };
    }

    /**
     * @param sigma the noise level σ (SB-CFM's coupling uses ε = 2σ²)
     * @return the coupling
     * @throws InvalidConfigException naming {@code sigma} if it is out of range
     */
    public Coupling coupling(double sigma) {
        checkSigma(sigma);
        return switch (this) {
            case OT_CFM -> new ExactOtCoupling();
            case SB_CFM -> new SchrodingerBridgeCoupling(sigma);
            case I_CFM, VP_CFM, TARGET_FM -> new IndependentCoupling();
        };
    }

    /**
     * @param sigma the noise level σ
     * @return a loss builder holding this variant's path and coupling; add a source, a weighting, then build
     * @throws InvalidConfigException naming {@code sigma} if it is out of range
     */
    public FlowMatchingLoss.Builder loss(double sigma) {
        return FlowMatchingLoss.builder().path(path(sigma)).coupling(coupling(sigma));
    }

    private void checkSigma(double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw InvalidConfigException.of("sigma", "finite and >= 0", sigma);
        }
        if (this == SB_CFM && !(sigma > 0)) {
            throw InvalidConfigException.of("sigma", "> 0 for SB-CFM (the bridge's diffusion)", sigma);
        }
        if (this == TARGET_FM && !(sigma < 1)) {
            throw InvalidConfigException.of("sigma", "< 1 for target FM (sigma_min)", sigma);
        }
    }
}
