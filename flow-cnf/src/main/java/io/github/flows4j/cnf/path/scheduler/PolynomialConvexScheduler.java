package io.github.flows4j.cnf.path.scheduler;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The polynomial convex schedule α_t = tⁿ, σ_t = 1 − tⁿ (flow_matching's {@code PolynomialConvexScheduler};
 * n = 1 is CondOT with σ_min = 0). For n &lt; 1 the derivatives n tⁿ⁻¹ are infinite at t = 0.
 *
 * κ⁻¹(κ) = κ^{1/n}; the SNR inverse is κ⁻¹(ρ / (1 + ρ)).
 *
 * <pre>{@code
 * Scheduler s = new PolynomialConvexScheduler(2.0);
 * ScalarSchedulerValues v = s.at(0.5);    // alpha 0.25, sigma 0.75, dAlpha 1, dSigma -1
 * }</pre>
 *
 * @param n the exponent, finite and &gt; 0
 */
public record PolynomialConvexScheduler(double n) implements ConvexScheduler {
    /**
     * @throws InvalidConfigException if n is not a finite positive number
     */
    public PolynomialConvexScheduler {
        if (!(n > 0 && Double.isFinite(n))) {
            throw InvalidConfigException.of("n", "finite and > 0", n);
        }
    }

    @Override
    public ScalarSchedulerValues at(double t) {
        Scheduler.checkTime(t);
        double tn = Math.pow(t, n);
        double d = n * Math.pow(t, n - 1);
        return new ScalarSchedulerValues(tn, 1 - tn, d, -d);
    }

    @Override
    public double kappaInverse(double kappa) {
        SnrRange.checkKappa(kappa);
        return Math.pow(kappa, 1 / n);
    }

    @Override
    public double snrInverse(double snr) {
        SnrRange.checkSnr(snr);
        double kappa = Double.isInfinite(snr) ? 1.0 : snr / (1 + snr);
        return SnrRange.clamp(this, snr, kappaInverse(kappa));
    }
}
