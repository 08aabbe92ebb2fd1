package io.github.flows4j.cnf.path;

import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.core.InvalidConfigException;

/**
 * The standard deviation s_t of the Gaussian noise a {@link NoisyAffinePath} adds around its mean path, and its
 * time derivative: TorchCFM's {@code compute_sigma_t} (Tong et al. 2023, §3). Two kinds:
 * {@link #constant(double)}, s_t = σ (I-CFM, OT-CFM, VP-CFM), and {@link #brownianBridge(double)},
 * s_t = σ √(t(1 − t)) (SB-CFM, the Brownian bridge of a reference σW).
 *
 * <pre>{@code
 * NoiseSchedule bridge = NoiseSchedule.brownianBridge(0.5);
 * double s = bridge.sigma(0.5);          // 0.25
 * double ds = bridge.dSigma(0.5);        // 0
 * }</pre>
 *
 * @param kind  the shape of s_t
 * @param sigma the scale σ &ge; 0, finite
 */
public record NoiseSchedule(Kind kind, double sigma) {
    /** The shape of s_t. */
    public enum Kind {
        /** s_t = σ. */
        CONSTANT,
        /** s_t = σ √(t(1 − t)), zero at both ends. */
        BROWNIAN_BRIDGE
    }

    /**
     * @throws InvalidConfigException naming {@code kind} or {@code sigma} if it is missing, negative or not finite
     */
    public NoiseSchedule {
        if (kind == null) {
            throw InvalidConfigException.of("kind", "CONSTANT or BROWNIAN_BRIDGE", null);
        }
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw InvalidConfigException.of("sigma", "finite and >= 0", sigma);
        }
    }

    /**
     * @param sigma σ &ge; 0
     * @return s_t = σ
     */
    public static NoiseSchedule constant(double sigma) {
        return new NoiseSchedule(Kind.CONSTANT, sigma);
    }

    /**
     * @param sigma σ &ge; 0, the diffusion of the reference Brownian motion
     * @return s_t = σ √(t(1 − t))
     */
    public static NoiseSchedule brownianBridge(double sigma) {
        return new NoiseSchedule(Kind.BROWNIAN_BRIDGE, sigma);
    }

    /**
     * @param t a time in [0, 1]
     * @return s_t
     * @throws InvalidConfigException if t is outside [0, 1]
     */
    public double sigma(double t) {
        Scheduler.checkTime(t);
        return kind == Kind.CONSTANT ? sigma : sigma * Math.sqrt(t * (1 - t));
    }

    /**
     * The derivative ds_t/dt. For the Brownian bridge it is σ(1 − 2t) / (2√(t(1 − t))), unbounded at t = 0 and 1,
     * where s_t = 0: there it is returned as 0, so the noise term s'_t ε of the conditional velocity is dropped at
     * the two instants (probability zero under t ~ U[0, 1]).
     *
     * @param t a time in [0, 1]
     * @return ds_t/dt
     * @throws InvalidConfigException if t is outside [0, 1]
     */
    public double dSigma(double t) {
        Scheduler.checkTime(t);
        if (kind == Kind.CONSTANT || t <= 0 || t >= 1) {
            return 0.0;
        }
        return sigma * (1 - 2 * t) / (2 * Math.sqrt(t * (1 - t)));
    }
}
