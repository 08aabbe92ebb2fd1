package io.github.flows4j.cnf.model;

import io.github.flows4j.cnf.path.scheduler.ScalarSchedulerValues;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A velocity field trained under one schedule, sampled under another (Lipman et al. 2024, "Flow Matching Guide and
 * Code", §5.1.2 and Theorem 10; flow_matching's {@code ScheduleTransformedModel}). Two affine paths with the same
 * coupling are related by a scale-time change x̄_r = s_r x_{t_r}, with t_r = ρ⁻¹(ρ̄(r)) matching the signal-to-noise
 * ratios ρ = α/σ and s_r = σ̄_r / σ_{t_r} (= ᾱ_r / α_{t_r}); the marginal velocity of the new path is
 * <pre>
 *   ū_r(x) = (ṡ_r / s_r) x + s_r ṫ_r u_{t_r}(x / s_r),
 *   ṫ_r = σ_t² (σ̄ ᾱ' − ᾱ σ̄') / (σ̄² (σ α' − α σ')),   ṡ_r = (σ̄' σ_t − σ̄ σ'_t ṫ_r) / σ_t².
 * </pre>
 * This holds for any field u, not only a perfectly trained one: the solution of ū from x̄₀ is s_r times the solution
 * of u at t_r. When both schedules start at (α, σ) = (0, 1) and end at (1, 0) — CondOT, cosine, polynomial —
 * s₀ = s₁ = 1, so sampling through this wrapper gives the same final samples as the original field, up to solver
 * tolerance, along a differently timed (and, for the solver, differently curved) path.
 *
 * <p>The quotients are evaluated so that both ends stay finite: s_r and ṡ_r use σ where σ_t &ge; α_t and α
 * otherwise, and ṫ_r = (σ̄ ᾱ' − ᾱ σ̄') / (s_r² (σ α' − α σ')). The new schedule must have finite derivatives at
 * t = 0 and 1 (solvers evaluate the field there), which rules out the linear-VP and Song VP schedules as the new one;
 * the original's SNR must grow at a nonzero rate (σ α' − α σ' &gt; 0; the polynomial schedule with n &gt; 1 has rate 0
 * at t = 0, so it serves as the new schedule, not as the original one).
 *
 * <pre>{@code
 * VelocityField cosine = new ScheduleTransformedModel(condOtModel, new CondOTScheduler(), new CosineScheduler());
 * Samples s = FlowSampler.builder().build().sample(cosine, x0, null);   // the same samples as condOtModel's
 * }</pre>
 */
public final class ScheduleTransformedModel implements VelocityField {
    private final VelocityField model;
    private final Scheduler original;
    private final Scheduler target;

    /**
     * The scale-time change at one time r of the new schedule.
     *
     * <pre>{@code
     * Transform c = moved.transform(0.5);     // CondOT -> cosine: t = 0.5, s = √2, dt = π/4, ds = 0
     * }</pre>
     *
     * @param t  t_r, the original schedule's time with the same SNR
     * @param s  s_r, the scale
     * @param dt dt_r / dr
     * @param ds ds_r / dr
     */
    public record Transform(double t, double s, double dt, double ds) {
    }

    /**
     * @param model    the velocity field trained under {@code original}
     * @param original the schedule of its training path
     * @param target   the schedule to sample under
     * @throws InvalidConfigException naming {@code target} if its SNR range leaves the original's, or its
     *                                derivatives at t = 0 or 1 are not finite; naming a null argument
     */
    public ScheduleTransformedModel(VelocityField model, Scheduler original, Scheduler target) {
        this.model = Checks.notNull("model", model);
        this.original = Checks.notNull("original", original);
        this.target = Checks.notNull("target", target);
        for (double end : new double[] {0.0, 1.0}) {
            ScalarSchedulerValues v = target.at(end);
            if (!Double.isFinite(v.dAlpha()) || !Double.isFinite(v.dSigma())) {
                throw InvalidConfigException.of("target", "a schedule with finite dAlpha and dSigma at t = 0 and 1 "
                        + "(solvers evaluate the field there)", target + " at t = " + end + ": " + v);
            }
        }
        double lo = original.snr(0.0);
        double hi = original.snr(1.0);
        double newLo = target.snr(0.0);
        double newHi = target.snr(1.0);
        if (newLo < lo * (1 - 1e-12) || newHi > hi * (1 + 1e-12)) {
            throw InvalidConfigException.of("target", "a schedule whose SNR range lies in the original's [" + lo
                    + ", " + hi + "] (" + original + ")", target + " with SNR in [" + newLo + ", " + newHi + "]");
        }
    }

    /** @return the wrapped field */
    public VelocityField model() {
        return model;
    }

    /** @return the schedule the field was trained under */
    public Scheduler original() {
        return original;
    }

    /** @return the schedule it is sampled under */
    public Scheduler target() {
        return target;
    }

    /**
     * @param r a time of the new schedule, in [0, 1]
     * @return t_r, s_r and their derivatives
     * @throws InvalidConfigException if r is outside [0, 1]
     * @throws NonFiniteException     if the change is not finite at r (a schedule with a singular derivative there)
     */
    public Transform transform(double r) {
        ScalarSchedulerValues b = target.at(r);
        double t = original.snrInverse(target.snr(r));
        ScalarSchedulerValues a = original.at(t);
        boolean bySigma = a.sigma() >= a.alpha();
        double s = bySigma ? b.sigma() / a.sigma() : b.alpha() / a.alpha();
        double num = b.sigma() * b.dAlpha() - b.alpha() * b.dSigma();
        double den = a.sigma() * a.dAlpha() - a.alpha() * a.dSigma();
        double dt = num / (s * s * den);
        double ds = bySigma ? (b.dSigma() * a.sigma() - b.sigma() * a.dSigma() * dt) / (a.sigma() * a.sigma())
                : (b.dAlpha() * a.alpha() - b.alpha() * a.dAlpha() * dt) / (a.alpha() * a.alpha());
        Transform out = new Transform(t, s, dt, ds);
        if (!(s > 0) || !Double.isFinite(s) || !Double.isFinite(dt) || !Double.isFinite(ds)) {
            throw new NonFiniteException("the change from " + original + " to " + target + " is not finite at r = "
                    + r + ": " + out);
        }
        return out;
    }

    /**
     * @param x points, [batch, dim]
     * @param r times of the new schedule, [batch, 1], same type as x
     * @return ū_r(x), [batch, dim]
     * @throws ShapeMismatchException if r is not [batch, 1]
     */
    @Override
    public Tensor velocity(Tensor x, Tensor r) {
        long n = x.size(0);
        if (r.rank() != 2 || r.size(0) != n || r.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + n + ", 1]", r.shape());
        }
        double[] rs = HostArrays.toDoubles(r.value());
        double[] ts = new double[rs.length];
        double[] inv = new double[rs.length];
        double[] drift = new double[rs.length];
        double[] gain = new double[rs.length];
        for (int i = 0; i < rs.length; i++) {
            Transform c = transform(rs[i]);
            ts[i] = c.t();
            inv[i] = 1 / c.s();
            drift[i] = c.ds() / c.s();
            gain[i] = c.s() * c.dt();
        }
        DataType type = x.dtype();
        Tensor u = model.velocity(x.mul(column(inv, type)), column(ts, type));
        return x.mul(column(drift, type)).add(u.mul(column(gain, type)));
    }

    private static Tensor column(double[] v, DataType type) {
        return Tensor.constant(HostArrays.fromDoubles(v, type, v.length, 1));
    }

    @Override
    public int dim() {
        return model.dim();
    }

    @Override
    public List<Tensor> trainableTensors() {
        return model.trainableTensors();
    }

    @Override
    public String toString() {
        return "ScheduleTransformedModel[" + original + " -> " + target + "]";
    }
}
