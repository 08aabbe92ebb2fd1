package io.github.flows4j.cnf.path.scheduler;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The schedule (α_t, σ_t) of an affine probability path x_t = α_t x₁ + σ_t x₀ and its derivatives (α'_t, σ'_t),
 * for t ∈ [0, 1] with noise at t = 0 and data at t = 1 (Lipman et al. 2023, eq. 16; Lipman et al. 2024, §5.1).
 * Implementations are immutable.
 *
 * <pre>{@code
 * Scheduler scheduler = new CondOTScheduler(0.0);
 * SchedulerValues v = scheduler.at(t);                          // t: [batch, 1]
 * INDArray xt = x1.mul(v.alpha()).addi(x0.mul(v.sigma()));      // [batch, d]
 * INDArray ut = x1.mul(v.dAlpha()).addi(x0.mul(v.dSigma()));    // the conditional velocity
 * }</pre>
 */
public interface Scheduler {
    /**
     * @param t a time in [0, 1]
     * @return α_t, σ_t, dα/dt and dσ/dt
     * @throws InvalidConfigException if t is outside [0, 1] or NaN
     */
    ScalarSchedulerValues at(double t);

    /**
     * Evaluates the schedule at a batch of times.
     *
     * @param t times in [0, 1], [batch, 1], FLOAT or DOUBLE
     * @return the values, each [batch, 1] in the type of {@code t}
     * @throws ShapeMismatchException if {@code t} is not [batch, 1]
     * @throws InvalidConfigException if a time is outside [0, 1] or NaN
     */
    default SchedulerValues at(INDArray t) {
        if (t.rank() != 2 || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[batch, 1]", t.shape());
        }
        double[] ts = HostArrays.toDoubles(t);
        double[] a = new double[ts.length];
        double[] s = new double[ts.length];
        double[] da = new double[ts.length];
        double[] ds = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ScalarSchedulerValues v = at(ts[i]);
            a[i] = v.alpha();
            s[i] = v.sigma();
            da[i] = v.dAlpha();
            ds[i] = v.dSigma();
        }
        long[] shape = t.shape();
        return new SchedulerValues(HostArrays.fromDoubles(a, t.dataType(), shape),
                HostArrays.fromDoubles(s, t.dataType(), shape), HostArrays.fromDoubles(da, t.dataType(), shape),
                HostArrays.fromDoubles(ds, t.dataType(), shape));
    }

    /**
     * The signal-to-noise ratio ρ(t) = α_t / σ_t (Lipman et al. 2024, §5.1.2; flow_matching's {@code snr}); +∞ where
     * σ_t = 0.
     *
     * @param t a time in [0, 1]
     * @return α_t / σ_t &ge; 0
     * @throws InvalidConfigException if t is outside [0, 1] or NaN
     */
    default double snr(double t) {
        ScalarSchedulerValues v = at(t);
        return v.sigma() == 0 ? Double.POSITIVE_INFINITY : v.alpha() / v.sigma();
    }

    /**
     * The time at which the schedule reaches a signal-to-noise ratio: the t with α_t / σ_t = snr (flow_matching's
     * {@code snr_inverse}), the map behind a change of schedule at sampling time
     * ({@link io.github.flows4j.cnf.model.ScheduleTransformedModel}). Every schedule of this package overrides it
     * with its closed form; this default assumes ρ increases in t and bisects for it to double precision.
     *
     * @param snr a signal-to-noise ratio in [ρ(0), ρ(1)] (+∞ allowed where σ₁ = 0)
     * @return t in [0, 1] with ρ(t) = snr
     * @throws InvalidConfigException naming {@code snr} if it is NaN, negative or outside this schedule's range
     */
    default double snrInverse(double snr) {
        SnrRange.checkSnr(snr);
        double lo = 0;
        double hi = 1;
        double low = snr(lo);
        double high = snr(hi);
        if (snr <= low) {
            return SnrRange.clamp(this, snr, 0.0);
        }
        if (snr >= high) {
            return SnrRange.clamp(this, snr, 1.0);
        }
        for (int i = 0; i < 200 && hi - lo > 0x1p-52; i++) {
            double mid = 0.5 * (lo + hi);
            if (snr(mid) < snr) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * @param t a time
     * @return {@code t}
     * @throws InvalidConfigException if t is outside [0, 1] or NaN
     */
    static double checkTime(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw InvalidConfigException.of("t", "in [0, 1]", t);
        }
        return t;
    }
}
