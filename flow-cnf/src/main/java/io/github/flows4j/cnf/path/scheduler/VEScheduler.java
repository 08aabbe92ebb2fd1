package io.github.flows4j.cnf.path.scheduler;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The variance-exploding path of Lipman et al. (2023, eq. 18): μ_t = x₁ and σ_t = σ_{1−t} with the geometric noise
 * scale σ(s) = σ_min (σ_max/σ_min)^s of score-based VE diffusion. As an affine schedule: α_t = 1 and
 * σ_t = σ_min (σ_max/σ_min)^{1−t}, so the source at t = 0 is N(0, σ_max² I) rather than a standard normal —
 * sample x₀ ~ N(0, I) as usual; the path scales it.
 *
 * Its SNR ρ = 1/σ_t runs over [1/σ_max, 1/σ_min] and inverts to t = 1 − log(1/(ρ σ_min)) / log(σ_max/σ_min).
 *
 * <pre>{@code
 * Scheduler ve = new VEScheduler(0.01, 10.0);
 * }</pre>
 *
 * @param sigmaMin the noise left at t = 1, &gt; 0
 * @param sigmaMax the noise at t = 0, &gt; sigmaMin
 */
public record VEScheduler(double sigmaMin, double sigmaMax) implements Scheduler {
    /** Validates the scales. */
    public VEScheduler {
        if (!(sigmaMin > 0)) {
            throw InvalidConfigException.of("sigmaMin", "> 0", sigmaMin);
        }
        if (!(sigmaMax > sigmaMin) || Double.isInfinite(sigmaMax)) {
            throw InvalidConfigException.of("sigmaMax", "finite and > sigmaMin (" + sigmaMin + ")", sigmaMax);
        }
    }

    @Override
    public ScalarSchedulerValues at(double t) {
        Scheduler.checkTime(t);
        double logRatio = Math.log(sigmaMax / sigmaMin);
        double s = sigmaMin * Math.exp(logRatio * (1 - t));
        return new ScalarSchedulerValues(1, s, 0, -logRatio * s);
    }

    @Override
    public double snrInverse(double snr) {
        SnrRange.checkSnr(snr);
        double t = 1 - Math.log(1 / (snr * sigmaMin)) / Math.log(sigmaMax / sigmaMin);
        return SnrRange.clamp(this, snr, t);
    }
}
