package io.github.flows4j.manifold.ppd;

import org.apache.commons.math3.special.Gamma;

/**
 * The modified Bessel function of the first kind in float64, in the forms the von Mises and von Mises–Fisher
 * normalisers need: {@link #logScaled} = log I_ν(κ) − ν log(κ/2), finite at κ = 0 (where it is −log Γ(ν + 1)), and
 * the ratio {@link #ratio} = I_{ν+1}(κ)/I_ν(κ) (the mean resultant length A(κ) of the von Mises–Fisher law).
 * Below κ = max(50, 2ν²) the ascending series Σ_m (κ²/4)^m / (m! Γ(m + ν + 1)) (DLMF 10.25.2) is summed with a
 * running rescale (all terms positive, so no cancellation); above, the large-argument expansion
 * I_ν(κ) ~ e^κ/√(2πκ) Σ_k (−1)^k a_k(ν)/κ^k (DLMF 10.40.1), whose terms shrink at least geometrically there.
 *
 * <pre>{@code
 * double logNorm = LogBessel.logScaled(0.5, 3.0);   // log I_{1/2}(3) − ½ log(3/2)
 * double a = LogBessel.ratio(0.5, 3.0);             // coth 3 − 1/3
 * }</pre>
 */
final class LogBessel {
    private static final double RESCALE = 1e250;
    private static final double LOG_RESCALE = Math.log(RESCALE);

    private LogBessel() {
    }

    /**
     * @param nu    the order ν &ge; 0
     * @param kappa the argument κ &ge; 0
     * @return log I_ν(κ) − ν log(κ/2)
     */
    static double logScaled(double nu, double kappa) {
        if (kappa == 0) {
            return -Gamma.logGamma(nu + 1);
        }
        if (kappa > Math.max(50, 2 * nu * nu)) {
            return logLarge(nu, kappa) - nu * Math.log(kappa / 2);
        }
        double q = kappa * kappa / 4;
        double term = 1;
        double sum = 1;
        double logScale = 0;
        for (int m = 0; m < 1_000_000; m++) {
            term *= q / ((m + 1) * (m + nu + 1));
            sum += term;
            if (sum > RESCALE) {
                sum /= RESCALE;
                term /= RESCALE;
                logScale += LOG_RESCALE;
            }
            if (term < 1e-17 * sum && q < (m + 2) * (m + nu + 2)) {
                break;
            }
        }
        return logScale + Math.log(sum) - Gamma.logGamma(nu + 1);
    }

    /** @return log I_ν(κ) by the large-argument expansion, for κ &gt; max(50, 2ν²) */
    private static double logLarge(double nu, double kappa) {
        double mu = 4 * nu * nu;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 200; k++) {
            double odd = 2 * k - 1;
            term *= -(mu - odd * odd) / (k * 8 * kappa);
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return kappa - 0.5 * Math.log(2 * Math.PI * kappa) + Math.log(sum);
    }

    /**
     * @param nu    the order ν &ge; 0
     * @param kappa the argument κ &ge; 0
     * @return I_{ν+1}(κ)/I_ν(κ) in [0, 1); 0 at κ = 0
     */
    static double ratio(double nu, double kappa) {
        if (kappa == 0) {
            return 0;
        }
        return kappa / 2 * Math.exp(logScaled(nu + 1, kappa) - logScaled(nu, kappa));
    }
}
