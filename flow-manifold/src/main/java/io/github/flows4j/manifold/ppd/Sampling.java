package io.github.flows4j.manifold.ppd;

import io.github.flows4j.core.random.Rng;

/**
 * The scalar draws the kernels need, each from an explicit {@link Rng}: Gamma (Marsaglia and Tsang 2000, boosted
 * below shape 1), Beta as a ratio of Gammas, and the von Mises angle (Best and Fisher 1979).
 *
 * <pre>{@code
 * double theta = Sampling.vonMises(4.0, Rng.seeded(0));   // an angle in (−π, π]
 * }</pre>
 */
final class Sampling {
    private Sampling() {
    }

    /** @return a Gamma(shape, 1) draw, shape &gt; 0 */
    static double gamma(double shape, Rng rng) {
        if (shape < 1) {
            return gamma(shape + 1, rng) * Math.pow(rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** @return a Beta(a, b) draw */
    static double beta(double a, double b, Rng rng) {
        double x = gamma(a, rng);
        double y = gamma(b, rng);
        return x / (x + y);
    }

    /** @return an angle θ with density ∝ exp(κ cos θ); uniform on (−π, π] for κ = 0 */
    static double vonMises(double kappa, Rng rng) {
        if (kappa < 1e-8) {
            return Math.PI * (2 * rng.nextDouble() - 1);
        }
        double root = Math.sqrt(1 + 4 * kappa * kappa);
        double tau = 1 + root;
        // ρ = (τ − √(2τ))/(2κ), rewritten without the cancellation at small κ (where ρ ≈ κ/2)
        double rho = 2 * kappa * tau / ((root + 1) * (tau + Math.sqrt(2 * tau)));
        double r = (1 + rho * rho) / (2 * rho);
        while (true) {
            double z = Math.cos(Math.PI * rng.nextDouble());
            double f = (1 + r * z) / (r + z);
            double c = kappa * (r - f);
            double u2 = rng.nextDouble();
            if (c * (2 - c) - u2 > 0 || Math.log(c / u2) + 1 - c >= 0) {
                double theta = Math.acos(Math.max(-1, Math.min(1, f)));
                return rng.nextDouble() < 0.5 ? -theta : theta;
            }
        }
    }
}
