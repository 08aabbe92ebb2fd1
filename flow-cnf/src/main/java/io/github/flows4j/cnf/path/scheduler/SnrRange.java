package io.github.flows4j.cnf.path.scheduler;

import io.github.flows4j.core.InvalidConfigException;

/**
 * Input checks shared by the schedules' {@link Scheduler#snrInverse} and {@link ConvexScheduler#kappaInverse}: a
 * ratio must be a number &ge; 0 inside the schedule's range [ρ(0), ρ(1)] (the error says what the range is), and the
 * time a closed form returns is clamped to [0, 1] against rounding.
 *
 * <pre>{@code
 * double t = SnrRange.clamp(scheduler, snr, closedForm(snr));   // closedForm may be a hair outside [0, 1]
 * }</pre>
 */
final class SnrRange {
    private static final double ROUNDING = 1e-9;

    private SnrRange() {
    }

    /**
     * @param snr a signal-to-noise ratio
     * @throws InvalidConfigException naming {@code snr} if it is NaN or negative
     */
    static void checkSnr(double snr) {
        if (!(snr >= 0)) {
            throw InvalidConfigException.of("snr", ">= 0 (alpha_t / sigma_t)", snr);
        }
    }

    /**
     * @param kappa a data weight κ
     * @throws InvalidConfigException naming {@code kappa} if it is outside [0, 1] or NaN
     */
    static void checkKappa(double kappa) {
        if (!(kappa >= 0 && kappa <= 1)) {
            throw InvalidConfigException.of("kappa", "in [0, 1]", kappa);
        }
    }

    /**
     * @param scheduler the schedule, for the message and its range [ρ(0), ρ(1)]
     * @param snr       the ratio asked for
     * @param t         the time a closed form gave for it
     * @return t clamped to [0, 1] (a closed form may miss by rounding)
     * @throws InvalidConfigException naming {@code snr} if it is outside the schedule's range
     */
    static double clamp(Scheduler scheduler, double snr, double t) {
        checkSnr(snr);
        double lo = scheduler.snr(0.0);
        double hi = scheduler.snr(1.0);
        if (!(snr >= lo * (1 - ROUNDING) - Double.MIN_NORMAL && snr <= hi * (1 + ROUNDING)) || Double.isNaN(t)) {
            throw InvalidConfigException.of("snr", "in [" + lo + ", " + hi + "], the range of " + scheduler, snr);
        }
        return Math.min(1.0, Math.max(0.0, t));
    }
}
