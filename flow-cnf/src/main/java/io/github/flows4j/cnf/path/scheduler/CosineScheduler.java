package io.github.flows4j.cnf.path.scheduler;

/**
 * The cosine schedule α_t = sin(πt/2), σ_t = cos(πt/2): variance preserving (α² + σ² = 1) on the unit circle
 * (flow_matching's {@code CosineScheduler}; Nichol and Dhariwal 2021 in continuous time).
 *
 * Its SNR ρ = tan(πt/2) inverts to t = (2/π) atan ρ.
 *
 * <pre>{@code
 * ScalarSchedulerValues v = new CosineScheduler().at(0.5);   // alpha = sigma = √½
 * }</pre>
 */
public record CosineScheduler() implements Scheduler {
    @Override
    public ScalarSchedulerValues at(double t) {
        Scheduler.checkTime(t);
        double h = Math.PI / 2;
        double s = Math.sin(h * t);
        double c = Math.cos(h * t);
        return new ScalarSchedulerValues(s, c, h * c, -h * s);
    }

    @Override
    public double snr(double t) {
        Scheduler.checkTime(t);
        return t == 1 ? Double.POSITIVE_INFINITY : Math.tan(Math.PI / 2 * t);
    }

    @Override
    public double snrInverse(double snr) {
        SnrRange.checkSnr(snr);
        return SnrRange.clamp(this, snr, 2 / Math.PI * Math.atan(snr));
    }
}
