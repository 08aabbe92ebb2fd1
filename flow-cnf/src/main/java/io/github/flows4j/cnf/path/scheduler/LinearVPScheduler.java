package io.github.flows4j.cnf.path.scheduler;

/**
 * The linear variance-preserving schedule α_t = t, σ_t = √(1 − t²) (flow_matching's {@code LinearVPScheduler}):
 * α² + σ² = 1 with a linear data weight. dσ/dt = −t/√(1 − t²) is −∞ at t = 1.
 *
 * Its SNR ρ = t / √(1 − t²) inverts to t = ρ / √(1 + ρ²).
 *
 * <pre>{@code
 * ScalarSchedulerValues v = new LinearVPScheduler().at(0.6);   // alpha 0.6, sigma 0.8
 * }</pre>
 */
public record LinearVPScheduler() implements Scheduler {
    @Override
    public ScalarSchedulerValues at(double t) {
        Scheduler.checkTime(t);
        double s = Math.sqrt(1 - t * t);
        double ds = s == 0 ? Double.NEGATIVE_INFINITY : -t / s;
        return new ScalarSchedulerValues(t, s, 1, ds);
    }

    @Override
    public double snrInverse(double snr) {
        SnrRange.checkSnr(snr);
        double t = Double.isInfinite(snr) ? 1.0 : snr / Math.sqrt(1 + snr * snr);
        return SnrRange.clamp(this, snr, t);
    }
}
