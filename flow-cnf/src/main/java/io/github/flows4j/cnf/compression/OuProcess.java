package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The Ornstein–Uhlenbeck prior {@code dz = -theta z dt + sigma dW} of one latent coordinate, with its closed-form
 * transition and bridge (Chen et al. 2022, "Latent Discretization for Continuous-time Sequence Compression",
 * section 3: the latent SDE's prior, whose conditionals give both the entropy model of the transmitted values and
 * the decoder's interpolation between them).
 *
 * <ul>
 * <li>transition {@code z_{s+h} | z_s ~ N(z_s e^{-theta h}, sigma^2 (1 - e^{-2 theta h}) / (2 theta))};</li>
 * <li>bridge, for {@code a < t < b}: {@code E[z_t | z_a, z_b] = (z_a sinh(theta (b-t)) + z_b sinh(theta (t-a)))
 * / sinh(theta (b-a))} and {@code Var = sigma^2 sinh(theta (t-a)) sinh(theta (b-t)) / (theta sinh(theta (b-a)))}.
 * </li>
 * </ul>
 *
 * <pre>{@code
 * OuProcess ou = new OuProcess(1.0, 0.5);
 * double m = ou.bridgeMean(0.0, 1.0, 0.0, 2.0, 0.5);   // mean at t = 0.5 between z(0) = 0 and z(2) = 1
 * double v = ou.bridgeVariance(0.0, 2.0, 0.5);
 * }</pre>
 *
 * @param theta the mean-reversion rate, &gt; 0
 * @param sigma the diffusion, &gt; 0
 */
public record OuProcess(double theta, double sigma) {
    /**
     * @throws InvalidConfigException if theta or sigma is not finite and positive
     */
    public OuProcess {
        if (!(theta > 0) || Double.isInfinite(theta)) {
            throw InvalidConfigException.of("theta", "finite and > 0", theta);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw InvalidConfigException.of("sigma", "finite and > 0", sigma);
        }
    }

    /** @return the stationary variance {@code sigma^2 / (2 theta)} */
    public double stationaryVariance() {
        return sigma * sigma / (2 * theta);
    }

    /**
     * @param z0 the state at time s
     * @param h  the elapsed time, &gt;= 0
     * @return {@code E[z_{s+h} | z_s = z0]}
     */
    public double transitionMean(double z0, double h) {
        checkElapsed("h", h);
        return z0 * Math.exp(-theta * h);
    }

    /**
     * @param h the elapsed time, &gt;= 0
     * @return {@code Var[z_{s+h} | z_s]}
     */
    public double transitionVariance(double h) {
        checkElapsed("h", h);
        return stationaryVariance() * -Math.expm1(-2 * theta * h);
    }

    /**
     * The bridge mean at {@code t} between known values at {@code a} and {@code b}.
     *
     * @param za the value at a
     * @param zb the value at b
     * @param a  the earlier time
     * @param b  the later time, &gt; a
     * @param t  a time in {@code [a, b]}
     * @return {@code E[z_t | z_a, z_b]}
     * @throws InvalidConfigException if {@code a < b} or {@code a <= t <= b} fails
     */
    public double bridgeMean(double za, double zb, double a, double b, double t) {
        checkBridge(a, b, t);
        double[] w = bridgeWeights(a, b, t);
        return w[0] * za + w[1] * zb;
    }

    /**
     * The bridge's weights: {@code E[z_t | z_a, z_b] = w[0] z_a + w[1] z_b}, computed stably for any
     * {@code theta (b - a)}.
     *
     * @param a the earlier time
     * @param b the later time, &gt; a
     * @param t a time in {@code [a, b]}
     * @return {@code {sinh(theta (b-t)) / sinh(theta (b-a)), sinh(theta (t-a)) / sinh(theta (b-a))}}
     */
    public double[] bridgeWeights(double a, double b, double t) {
        checkBridge(a, b, t);
        return new double[] {sinhRatio(b - t, b - a), sinhRatio(t - a, b - a)};
    }

    /**
     * @param a the earlier time
     * @param b the later time, &gt; a
     * @param t a time in {@code [a, b]}
     * @return {@code Var[z_t | z_a, z_b]}
     */
    public double bridgeVariance(double a, double b, double t) {
        checkBridge(a, b, t);
        return sigma * sigma / theta * sinhRatio(t - a, b - a) * Math.sinh(theta * (b - t));
    }

    /**
     * Samples a path at increasing times given known values: between two known values from the bridge, after the
     * last from the transition, each draw conditioned on the previous draw (exact, the process being Markov).
     *
     * @param knownTimes  increasing times of the known values
     * @param knownValues the values there
     * @param at          increasing query times, none before {@code knownTimes[0]}
     * @param rng         the generator (one Gaussian draw per query time)
     * @return the sampled values at {@code at}; a query time equal to a known time returns the known value
     * @throws InvalidConfigException if the times are not increasing or a query precedes the first known time
     */
    public double[] samplePath(double[] knownTimes, double[] knownValues, double[] at,
            io.github.flows4j.core.random.Rng rng) {
        if (knownTimes.length == 0 || knownTimes.length != knownValues.length) {
            throw InvalidConfigException.of("knownValues.length", "== knownTimes.length > 0", knownValues.length);
        }
        double[] out = new double[at.length];
        double anchorT = knownTimes[0];
        double anchorZ = knownValues[0];
        int next = 1;
        for (int j = 0; j < at.length; j++) {
            double t = at[j];
            if (t < anchorT || (j > 0 && t < at[j - 1])) {
                throw InvalidConfigException.of("at[" + j + "]", "increasing and >= " + anchorT, t);
            }
            while (next < knownTimes.length && knownTimes[next] <= t) {
                anchorT = knownTimes[next];
                anchorZ = knownValues[next];
                next++;
            }
            if (t == anchorT) {
                out[j] = anchorZ;
                continue;
            }
            double mean;
            double var;
            if (next < knownTimes.length) {
                mean = bridgeMean(anchorZ, knownValues[next], anchorT, knownTimes[next], t);
                var = bridgeVariance(anchorT, knownTimes[next], t);
            } else {
                mean = transitionMean(anchorZ, t - anchorT);
                var = transitionVariance(t - anchorT);
            }
            out[j] = mean + Math.sqrt(Math.max(var, 0)) * rng.nextGaussian();
            anchorT = t;
            anchorZ = out[j];
        }
        return out;
    }

    /** {@code sinh(theta x) / sinh(theta y)} for {@code 0 <= x <= y}, without overflow for large arguments. */
    private double sinhRatio(double x, double y) {
        double u = theta * x;
        double v = theta * y;
        if (v > 30) {
            return Math.exp(u - v) * -Math.expm1(-2 * u) / -Math.expm1(-2 * v);
        }
        return Math.sinh(u) / Math.sinh(v);
    }

    private static void checkElapsed(String name, double h) {
        if (!(h >= 0) || Double.isInfinite(h)) {
            throw InvalidConfigException.of(name, "finite and >= 0", h);
        }
    }

    private static void checkBridge(double a, double b, double t) {
        if (!(a < b) || Double.isInfinite(b) || Double.isInfinite(a)) {
            throw InvalidConfigException.of("b", "finite and > a = " + a, b);
        }
        if (!(t >= a && t <= b)) {
            throw InvalidConfigException.of("t", "in [" + a + ", " + b + "]", t);
        }
    }
}
