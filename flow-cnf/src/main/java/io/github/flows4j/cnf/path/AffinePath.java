package io.github.flows4j.cnf.path;

import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.cnf.path.scheduler.SchedulerValues;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.kernel.Kernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The affine conditional path x_t = α_t x₁ + σ_t x₀ with velocity u_t = α'_t x₁ + σ'_t x₀ (Lipman et al. 2023,
 * §4; Lipman et al. 2024, §4.8), for any {@link Scheduler}: conditional OT ({@code CondOTScheduler}, eq. 20–23),
 * VP and VE diffusion paths, cosine, polynomial.
 *
 * <p>It also converts between the three common model parameterisations at a point (x_t, t): a velocity u, a
 * data prediction x̂₁ ("target") and a noise prediction ε̂ = x̂₀. With a = σ'/σ and c = α'/α:
 * u = a x_t + (α' − α a) x̂₁ and u = c x_t + (σ' − σ c) ε̂. The conversions are tensor ops, so a network trained in
 * one parameterisation can be sampled (and differentiated) in another. Each conversion throws
 * {@link io.github.flows4j.core.ShapeMismatchException} unless its prediction and x_t share one shape [batch, dim]
 * and t is [batch, 1], and {@link InvalidConfigException} naming {@code t} at a time where it would divide by zero
 * (x̂₁ needs σ_t &gt; 0, ε̂ needs α_t &gt; 0: CondOT's ε → velocity at t = 0, for one).
 *
 * <pre>{@code
 * AffinePath path = new AffinePath(new CondOTScheduler());
 * PathSample s = path.sample(x0, x1, t);                       // xt, dxt: [batch, dim]
 * Tensor u = path.targetToVelocity(x1Hat, xt, tTensor);         // a data predictor as a velocity field
 * }</pre>
 */
public final class AffinePath implements ProbPath {
    private final Scheduler scheduler;

    /**
     * @param scheduler the schedule (α_t, σ_t)
     */
    public AffinePath(Scheduler scheduler) {
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler must not be null");
        }
        this.scheduler = scheduler;
    }

    /** @return the schedule */
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public PathSample sample(INDArray x0, INDArray x1, INDArray t) {
        Checks.matrix("x0", x0);
        Checks.matrix("x1", x1);
        Checks.sameShape("x0", x0, "x1", x1);
        Checks.column("t", t, x0.size(0));
        if (x0.dataType() != x1.dataType() || t.dataType() != x0.dataType()) {
            throw new DTypeMismatchException("x0 is " + x0.dataType() + ", x1 is " + x1.dataType() + ", t is "
                    + t.dataType() + "; all three must share one type");
        }
        Checks.finite("x0", x0);
        Checks.finite("x1", x1);
        SchedulerValues v = scheduler.at(t);
        Kernels k = Kernels.get();
        INDArray xt = k.add(k.mul(x1, v.alpha()), k.mul(x0, v.sigma()));
        INDArray dxt = k.add(k.mul(x1, v.dAlpha()), k.mul(x0, v.dSigma()));
        return new PathSample(x0, x1, t, xt, dxt);
    }

    private SchedulerValues at(Tensor t) {
        return scheduler.at(t.value());
    }

    /** Checks a conversion's inputs: {@code a} and x_t of one shape [batch, dim], t a [batch, 1] column. */
    private static void inputs(String name, Tensor a, Tensor xt, Tensor t) {
        Checks.notNull(name, a);
        Checks.notNull("xt", xt);
        Checks.notNull("t", t);
        Checks.matrix("xt", xt.value());
        Checks.sameShape(name, a.value(), "xt", xt.value());
        Checks.column("t", t.value(), xt.size(0));
    }

    /**
     * @return {@code coefficient}
     * @throws InvalidConfigException naming {@code t} where the conversion's coefficient is not finite (it divides
     *                                by a schedule value that vanishes there)
     */
    private static INDArray finite(INDArray coefficient, Tensor t, String rule) {
        double[] c = HostArrays.toDoubles(coefficient);
        for (int i = 0; i < c.length; i++) {
            if (!Double.isFinite(c[i])) {
                throw InvalidConfigException.of("t", rule, HostArrays.toDoubles(t.value())[i]);
            }
        }
        return coefficient;
    }

    /**
     * @param x1Hat a data prediction, [batch, dim]
     * @param xt    the point, [batch, dim]
     * @param t     the time, [batch, 1], in [0, 1)
     * @return the velocity u = (σ'/σ) x_t + (α' − α σ'/σ) x̂₁
     */
    public Tensor targetToVelocity(Tensor x1Hat, Tensor xt, Tensor t) {
        inputs("x1Hat", x1Hat, xt, t);
        SchedulerValues v = at(t);
        INDArray a = finite(v.dSigma().div(v.sigma()), t, "a time where sigma_t > 0 (x1 -> velocity divides by it)");
        INDArray b = v.dAlpha().sub(v.alpha().mul(a));
        return xt.mul(Tensor.constant(a)).add(x1Hat.mul(Tensor.constant(b)));
    }

    /**
     * @param epsHat a noise prediction x̂₀, [batch, dim]
     * @param xt     the point, [batch, dim]
     * @param t      the time, [batch, 1], in (0, 1]
     * @return the velocity u = (α'/α) x_t + (σ' − σ α'/α) ε̂
     */
    public Tensor epsilonToVelocity(Tensor epsHat, Tensor xt, Tensor t) {
        inputs("epsHat", epsHat, xt, t);
        SchedulerValues v = at(t);
        INDArray c = finite(v.dAlpha().div(v.alpha()), t, "a time where alpha_t > 0 (eps -> velocity divides by it)");
        INDArray d = v.dSigma().sub(v.sigma().mul(c));
        return xt.mul(Tensor.constant(c)).add(epsHat.mul(Tensor.constant(d)));
    }

    /**
     * @param u  a velocity, [batch, dim]
     * @param xt the point, [batch, dim]
     * @param t  the time, [batch, 1], in [0, 1)
     * @return the data prediction x̂₁ = (u − (σ'/σ) x_t) / (α' − α σ'/σ)
     */
    public Tensor velocityToTarget(Tensor u, Tensor xt, Tensor t) {
        inputs("u", u, xt, t);
        SchedulerValues v = at(t);
        INDArray a = v.dSigma().div(v.sigma());
        INDArray b = v.dAlpha().sub(v.alpha().mul(a));
        finite(a.div(b), t, "a time where sigma_t > 0 (velocity -> x1 divides by it)");
        return u.sub(xt.mul(Tensor.constant(a))).div(Tensor.constant(b));
    }

    /**
     * @param u  a velocity, [batch, dim]
     * @param xt the point, [batch, dim]
     * @param t  the time, [batch, 1], in (0, 1]
     * @return the noise prediction ε̂ = (u − (α'/α) x_t) / (σ' − σ α'/α)
     */
    public Tensor velocityToEpsilon(Tensor u, Tensor xt, Tensor t) {
        inputs("u", u, xt, t);
        SchedulerValues v = at(t);
        INDArray c = v.dAlpha().div(v.alpha());
        INDArray d = v.dSigma().sub(v.sigma().mul(c));
        finite(c.div(d), t, "a time where alpha_t > 0 (velocity -> eps divides by it)");
        return u.sub(xt.mul(Tensor.constant(c))).div(Tensor.constant(d));
    }

    /**
     * @param x1Hat a data prediction, [batch, dim]
     * @param xt    the point
     * @param t     the time, σ_t &gt; 0
     * @return ε̂ = (x_t − α x̂₁) / σ
     */
    public Tensor targetToEpsilon(Tensor x1Hat, Tensor xt, Tensor t) {
        inputs("x1Hat", x1Hat, xt, t);
        SchedulerValues v = at(t);
        finite(v.alpha().div(v.sigma()), t, "a time where sigma_t > 0 (x1 -> eps divides by it)");
        return xt.sub(x1Hat.mul(Tensor.constant(v.alpha()))).div(Tensor.constant(v.sigma()));
    }

    /**
     * @param epsHat a noise prediction, [batch, dim]
     * @param xt     the point
     * @param t      the time, α_t &gt; 0
     * @return x̂₁ = (x_t − σ ε̂) / α
     */
    public Tensor epsilonToTarget(Tensor epsHat, Tensor xt, Tensor t) {
        inputs("epsHat", epsHat, xt, t);
        SchedulerValues v = at(t);
        finite(v.sigma().div(v.alpha()), t, "a time where alpha_t > 0 (eps -> x1 divides by it)");
        return xt.sub(epsHat.mul(Tensor.constant(v.sigma()))).div(Tensor.constant(v.alpha()));
    }

    @Override
    public String toString() {
        return "AffinePath[" + scheduler + "]";
    }
}
