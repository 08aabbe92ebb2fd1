package io.github.flows4j.cnf.path.scheduler;

/**
 * The linear variance-preserving schedule α_t = t, σ_t = √(1 − t²) (flow_matching's {@code LinearVPScheduler}):
 * α² + σ² = 1 with a linear data weight. dσ/dt = −t/√(1 − t²) is −∞ at t = 1.
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
}
