package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Log-likelihoods of temporal point processes, in continuous time and on a grid of bins.
 *
 * <p>Continuous time (Daley and Vere-Jones): {@code log p(t_1..t_n on [0, T]) = sum_i log lambda(t_i | H) -
 * int_0^T lambda(s | H_s) ds}. The compensator integral is taken by composite Simpson quadrature on every
 * interval between events, where a history-dependent intensity is smooth.
 *
 * <p>Binned (what a codec transmits): time is cut into bins of width {@code w}, the intensity is held at its
 * value {@code lambda_k} in bin k, and bin k carries an event with probability {@code 1 - exp(-lambda_k w)}. Its
 * log-probability {@code sum_k e_k log(1 - exp(-lambda_k w)) - (1 - e_k) lambda_k w} tends to the continuous one
 * plus {@code n log w} as {@code w -> 0}: the rate of the timestamps at resolution w (Chen et al. 2022, section
 * 3.2).
 *
 * <pre>{@code
 * double ll = PointProcess.logLikelihood((t, ev, n) -> 2.0, new double[] {0.3, 1.1}, 2.0, 16);
 * // = 2 log 2 - 4
 * }</pre>
 */
public final class PointProcess {
    private static final double FLOOR = 1e-12;

    private PointProcess() {
    }

    /**
     * The continuous-time log-likelihood of events on {@code [0, horizon]}.
     *
     * @param intensity the conditional intensity
     * @param events    event times, increasing, in {@code [0, horizon]}
     * @param horizon   the observation window's end, &gt; 0
     * @param steps     Simpson sub-intervals per inter-event interval, even and &gt;= 2
     * @return the log-likelihood in nats
     * @throws InvalidConfigException if the events are unsorted or outside the window, or steps is bad
     * @throws NonFiniteException     if the intensity returns a negative or non-finite rate
     */
    public static double logLikelihood(ConditionalIntensity intensity, double[] events, double horizon, int steps) {
        checkEvents(events, horizon);
        double sum = 0;
        for (int i = 0; i < events.length; i++) {
            sum += Math.log(checkedRate(intensity, events[i], events, i));
        }
        return sum - compensator(intensity, events, horizon, steps);
    }

    /**
     * The compensator {@code int_0^T lambda(s | H_s) ds}, by composite Simpson on every inter-event interval.
     *
     * @param intensity the conditional intensity
     * @param events    event times, increasing, in {@code [0, horizon]}
     * @param horizon   the end, &gt; 0
     * @param steps     Simpson sub-intervals per interval, even and &gt;= 2
     * @return the integral
     */
    public static double compensator(ConditionalIntensity intensity, double[] events, double horizon, int steps) {
        Checks.notNull("intensity", intensity);
        checkEvents(events, horizon);
        if (steps < 2 || steps % 2 != 0) {
            throw InvalidConfigException.of("steps", "even and >= 2", steps);
        }
        double total = 0;
        double lo = 0;
        for (int i = 0; i <= events.length; i++) {
            double hi = i < events.length ? events[i] : horizon;
            if (hi > lo) {
                double h = (hi - lo) / steps;
                double s = 0;
                for (int k = 0; k <= steps; k++) {
                    double t = k == steps ? hi : lo + k * h;
                    double w = k == 0 || k == steps ? 1 : (k % 2 == 1 ? 4 : 2);
                    // the intensity on [lo, hi] sees the i events before hi, also at hi itself (left limit)
                    s += w * checkedRate(intensity, t, events, i);
                }
                total += s * h / 3;
            }
            lo = hi;
        }
        return total;
    }

    /**
     * The binned log-probability of event indicators, differentiable in the rates.
     *
     * @param rates  intensities per bin, {@code [batch, bins]}, &gt;= 0
     * @param events 0/1 indicators, {@code [batch, bins]}
     * @param width  the bin width, &gt; 0
     * @return {@code [batch]}, in nats
     * @throws ShapeMismatchException if the shapes differ or are not rank 2
     */
    public static Tensor binnedLogProb(Tensor rates, INDArray events, double width) {
        Checks.notNull("rates", rates);
        Checks.notNull("events", events);
        if (rates.rank() != 2 || !Arrays.equals(rates.shape(), events.shape())) {
            throw ShapeMismatchException.of("events", "the shape of rates " + Arrays.toString(rates.shape()),
                    events.shape());
        }
        checkWidth(width);
        Tensor mass = rates.mul(width);
        // log(1 - exp(-m)), kept finite as m -> 0
        Tensor logHit = mass.neg().exp().rsub(1.0).clamp(FLOOR, 1.0).log();
        INDArray e = events.castTo(rates.dtype());
        Tensor hit = Tensor.constant(e);
        Tensor miss = Tensor.constant(e.rsub(1.0));
        return hit.mul(logHit).sub(miss.mul(mass)).sum(1);
    }

    /**
     * The per-bin event probabilities {@code 1 - exp(-lambda_k w)}.
     *
     * @param rates intensities, any shape, &gt;= 0
     * @param width the bin width, &gt; 0
     * @return a new array of the same shape
     */
    public static INDArray binProbabilities(INDArray rates, double width) {
        checkWidth(width);
        INDArray p = rates.mul(-width);
        return Transforms.exp(p, false).rsubi(1.0);
    }

    /**
     * Draws event indicators bin by bin.
     *
     * @param rates intensities {@code [batch, bins]}
     * @param width the bin width
     * @param rng   the generator (advances once per bin)
     * @return 0/1 indicators, {@code [batch, bins]}, in the rates' dtype
     */
    public static INDArray sampleBinned(INDArray rates, double width, Rng rng) {
        Checks.notNull("rng", rng);
        INDArray p = binProbabilities(rates, width);
        INDArray u = rng.uniform(p.dataType(), p.shape());
        return u.lt(p).castTo(p.dataType());
    }

    private static double checkedRate(ConditionalIntensity intensity, double t, double[] events, int history) {
        double r = intensity.rate(t, events, history);
        if (!(r >= 0) || Double.isInfinite(r)) {
            throw new NonFiniteException("intensity at t = " + t + " must be finite and >= 0; got " + r);
        }
        return r;
    }

    private static void checkWidth(double width) {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw InvalidConfigException.of("width", "finite and > 0", width);
        }
    }

    private static void checkEvents(double[] events, double horizon) {
        Checks.notNull("events", events);
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw InvalidConfigException.of("horizon", "finite and > 0", horizon);
        }
        double prev = 0;
        for (int i = 0; i < events.length; i++) {
            if (!(events[i] >= prev) || events[i] > horizon) {
                throw InvalidConfigException.of("events[" + i + "]", "increasing, in [0, " + horizon + "]",
                        events[i]);
            }
            prev = events[i];
        }
    }
}
