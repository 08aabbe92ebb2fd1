package io.github.flows4j.cnf.path;

import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.cnf.path.scheduler.SchedulerValues;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Gaussian conditional paths of TorchCFM (Tong et al. 2023, §3): p_t(x | x₀, x₁) = N(μ_t, s_t² I) with
 * μ_t = α_t x₁ + σ_t x₀ from a {@link Scheduler} and noise s_t from a {@link NoiseSchedule}, sampled as
 * x_t = μ_t + s_t ε, ε ~ N(0, I), with the conditional velocity
 * u_t = α'_t x₁ + σ'_t x₀ + s'_t ε = μ'_t + (s'_t / s_t)(x_t − μ_t) (Tong et al. 2023, eq. 11).
 *
 * <ul>
 *   <li>I-CFM / OT-CFM: {@code CondOTScheduler}, {@link NoiseSchedule#constant(double)}: u_t = x₁ − x₀;</li>
 *   <li>SB-CFM: {@code CondOTScheduler}, {@link NoiseSchedule#brownianBridge(double)}:
 *       u_t = (1 − 2t) / (2t(1 − t)) (x_t − μ_t) + x₁ − x₀;</li>
 *   <li>VP-CFM: {@code CosineScheduler}, constant noise: u_t = (π/2)(cos(πt/2) x₁ − sin(πt/2) x₀).</li>
 * </ul>
 * With σ = 0 the path is {@link AffinePath}. The conditional score ∇ log p_t(x_t | x₀, x₁) = −(x_t − μ_t)/s_t²
 * = −ε/s_t ({@link #score}) is what a score network regresses for SDE sampling (SB-CFM).
 *
 * <pre>{@code
 * NoisyAffinePath sb = new NoisyAffinePath(new CondOTScheduler(), NoiseSchedule.brownianBridge(1.0));
 * PathSample s = sb.sample(x0, x1, t, rng);         // x0, x1: [batch, dim]; t: [batch, 1]
 * INDArray score = sb.score(s);                      // [batch, dim]
 * }</pre>
 */
public final class NoisyAffinePath implements ProbPath {
    private final Scheduler scheduler;
    private final NoiseSchedule noise;

    /**
     * @param scheduler the mean's schedule (α_t, σ_t)
     * @param noise     the noise s_t around the mean
     * @throws io.github.flows4j.core.InvalidConfigException naming the argument that is missing
     */
    public NoisyAffinePath(Scheduler scheduler, NoiseSchedule noise) {
        if (scheduler == null) {
            throw io.github.flows4j.core.InvalidConfigException.of("scheduler", "set", null);
        }
        if (noise == null) {
            throw io.github.flows4j.core.InvalidConfigException.of("noise", "set", null);
        }
        this.scheduler = scheduler;
        this.noise = noise;
    }

    /** @return the mean's schedule */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** @return the noise schedule */
    public NoiseSchedule noise() {
        return noise;
    }

    /**
     * The path at ε = 0: the mean μ_t and its velocity μ'_t (one sample of the conditional path, not a random one;
     * the loss uses {@link #sample(INDArray, INDArray, INDArray, Rng)}).
     */
    @Override
    public PathSample sample(INDArray x0, INDArray x1, INDArray t) {
        check(x0, x1, t);
        return sample(x0, x1, t, x0.ulike());
    }

    /** Draws ε ~ N(0, I) from {@code rng} and samples x_t = μ_t + s_t ε. */
    @Override
    public PathSample sample(INDArray x0, INDArray x1, INDArray t, Rng rng) {
        check(x0, x1, t);
        Checks.notNull("rng", rng);
        return sample(x0, x1, t, rng.normal(x0.dataType(), x0.shape()));
    }

    /**
     * @param x0  source samples, [batch, dim]
     * @param x1  target samples, [batch, dim]
     * @param t   times in [0, 1], [batch, 1]
     * @param eps the standard normal noise ε, [batch, dim]
     * @return x_t = μ_t + s_t ε and u_t = μ'_t + s'_t ε
     * @throws io.github.flows4j.core.ShapeMismatchException if the shapes disagree
     * @throws DTypeMismatchException                         if the types disagree
     * @throws io.github.flows4j.core.InvalidConfigException  if a time is outside [0, 1]
     */
    public PathSample sample(INDArray x0, INDArray x1, INDArray t, INDArray eps) {
        check(x0, x1, t);
        Checks.matrix("eps", eps);
        Checks.sameShape("x0", x0, "eps", eps);
        if (eps.dataType() != x0.dataType()) {
            throw new DTypeMismatchException("eps is " + eps.dataType() + " but x0 is " + x0.dataType());
        }
        SchedulerValues v = scheduler.at(t);
        double[] ts = HostArrays.toDoubles(t);
        double[] s = new double[ts.length];
        double[] ds = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            s[i] = noise.sigma(ts[i]);
            ds[i] = noise.dSigma(ts[i]);
        }
        INDArray sCol = HostArrays.fromDoubles(s, t.dataType(), ts.length, 1);
        INDArray dsCol = HostArrays.fromDoubles(ds, t.dataType(), ts.length, 1);
        INDArray xt = x1.mulColumnVector(v.alpha()).addi(x0.mulColumnVector(v.sigma()))
                .addi(eps.mulColumnVector(sCol));
        INDArray dxt = x1.mulColumnVector(v.dAlpha()).addi(x0.mulColumnVector(v.dSigma()))
                .addi(eps.mulColumnVector(dsCol));
        return new PathSample(x0, x1, t, xt, dxt);
    }

    /**
     * The conditional score ∇ₓ log p_t(x_t | x₀, x₁) = −(x_t − μ_t) / s_t² of a sample; rows with s_t = 0 (σ = 0,
     * or the bridge's ends) have no density and get 0.
     *
     * @param s a sample of this path
     * @return the score, [batch, dim]
     */
    public INDArray score(PathSample s) {
        Checks.notNull("s", s);
        SchedulerValues v = scheduler.at(s.t());
        double[] ts = HostArrays.toDoubles(s.t());
        double[] inv = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            double sd = noise.sigma(ts[i]);
            inv[i] = sd > 0 ? -1.0 / (sd * sd) : 0.0;
        }
        INDArray mean = s.x1().mulColumnVector(v.alpha()).addi(s.x0().mulColumnVector(v.sigma()));
        return s.xt().sub(mean).muliColumnVector(HostArrays.fromDoubles(inv, s.t().dataType(), ts.length, 1));
    }

    private static void check(INDArray x0, INDArray x1, INDArray t) {
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
    }

    @Override
    public String toString() {
        return "NoisyAffinePath[" + scheduler + ", " + noise + "]";
    }
}
