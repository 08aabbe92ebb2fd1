package io.github.flows4j.cnf.path.scheduler;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The conditional optimal-transport schedule of Lipman et al. 2023 (eq. 20–23): α_t = t,
 * σ_t = 1 − (1 − σ_min) t, so the conditional flow is a straight line from x₀ to σ_min x₀ + x₁.
 * With σ_min = 0 it is flow_matching's {@code CondOTScheduler} (and rectified flow's interpolation).
 *
 * Its SNR ρ = t / (1 − (1 − σ_min) t) inverts to t = ρ / (1 + (1 − σ_min) ρ), on [0, 1/σ_min]; κ_t = α_t = t
 * (convex exactly when σ_min = 0).
 *
 * <pre>{@code
 * Scheduler s = new CondOTScheduler(1e-4);
 * ScalarSchedulerValues end = s.at(1.0);     // alpha 1, sigma 1e-4
 * double t = new CondOTScheduler().snrInverse(1.0);   // 0.5
 * }</pre>
 *
 * @param sigmaMin σ_1, the noise left at t = 1, in [0, 1)
 */
public record CondOTScheduler(double sigmaMin) implements ConvexScheduler {
    /**
     * @throws InvalidConfigException if sigmaMin is outside [0, 1)
     */
    public CondOTScheduler {
        if (!(sigmaMin >= 0 && sigmaMin < 1)) {
            throw InvalidConfigException.of("sigmaMin", "in [0, 1)", sigmaMin);
        }
    }

    /** The schedule with σ_min = 0. */
    public CondOTScheduler() {
        this(0.0);
    }

    @Override
    public ScalarSchedulerValues at(double t) {
        Scheduler.checkTime(t);
        double slope = 1 - sigmaMin;
        return new ScalarSchedulerValues(t, 1 - slope * t, 1, -slope);
    }

    @Override
    public double snrInverse(double snr) {
        SnrRange.checkSnr(snr);
        double t = Double.isInfinite(snr) ? 1.0 / (1 - sigmaMin) : snr / (1 + (1 - sigmaMin) * snr);
        return SnrRange.clamp(this, snr, t);
    }

    @Override
    public double kappaInverse(double kappa) {
        SnrRange.checkKappa(kappa);
        return kappa;
    }
}
