package io.github.flows4j.cnf.path.scheduler;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The variance-preserving diffusion schedule of Song et al. 2021 in Flow Matching's time direction (Lipman et al.
 * 2023, eq. 18–19, with t ↦ 1 − t): with T(t) = ½(1 − t)²(β_max − β_min) + (1 − t)β_min,
 * α_t = e^{−T/2} and σ_t = √(1 − e^{−T}). At t = 1, σ = 0 and dσ/dt = −∞ when β_min &gt; 0 (σ vanishes like a
 * square root; −√(β_max/2) when β_min = 0);
 * at t = 0, α = e^{−T(0)/2} ≈ 0.0066 for the defaults, not exactly 0.
 *
 * Its SNR ρ gives T = log(1 + 1/ρ²), and 1 − t is the positive root of ½(β_max − β_min) s² + β_min s = T; the range
 * of ρ is [ρ(0), ∞).
 *
 * <pre>{@code
 * Scheduler s = new VPScheduler();          // β_min = 0.1, β_max = 20
 * ScalarSchedulerValues v = s.at(0.5);
 * }</pre>
 *
 * @param betaMin β_min, &ge; 0
 * @param betaMax β_max, &gt; β_min
 */
public record VPScheduler(double betaMin, double betaMax) implements Scheduler {
    /**
     * @throws InvalidConfigException if β_min &lt; 0 or β_max &le; β_min or either is not finite
     */
    public VPScheduler {
        if (!(betaMin >= 0 && Double.isFinite(betaMin))) {
            throw InvalidConfigException.of("betaMin", "finite and >= 0", betaMin);
        }
        if (!(betaMax > betaMin && Double.isFinite(betaMax))) {
            throw InvalidConfigException.of("betaMax", "finite and > betaMin (" + betaMin + ")", betaMax);
        }
    }

    /** The usual schedule, β_min = 0.1 and β_max = 20. */
    public VPScheduler() {
        this(0.1, 20.0);
    }

    @Override
    public ScalarSchedulerValues at(double t) {
        Scheduler.checkTime(t);
        double s = 1 - t;
        double big = 0.5 * s * s * (betaMax - betaMin) + s * betaMin;
        double dBig = -s * (betaMax - betaMin) - betaMin;
        double alpha = Math.exp(-0.5 * big);
        double oneMinusE = -Math.expm1(-big);
        double sigma = Math.sqrt(oneMinusE);
        double dSigma;
        if (big > 0) {
            dSigma = 0.5 * dBig * Math.exp(-big) / sigma;
        } else {
            // t = 1: σ ≈ √T; T vanishes linearly if β_min > 0 (infinite slope), quadratically if β_min = 0
            dSigma = betaMin > 0 ? Double.NEGATIVE_INFINITY : -Math.sqrt(0.5 * betaMax);
        }
        return new ScalarSchedulerValues(alpha, sigma, -0.5 * dBig * alpha, dSigma);
    }

    @Override
    public double snrInverse(double snr) {
        SnrRange.checkSnr(snr);
        double big = Double.isInfinite(snr) ? 0.0 : Math.log1p(1 / (snr * snr));
        double d = betaMax - betaMin;
        // s = 2T / (β_min + √(β_min² + 2 d T)): the root without cancellation when d T is small
        double s = 2 * big / (betaMin + Math.sqrt(betaMin * betaMin + 2 * d * big));
        return SnrRange.clamp(this, snr, big == 0 ? 1.0 : 1 - s);
    }
}
