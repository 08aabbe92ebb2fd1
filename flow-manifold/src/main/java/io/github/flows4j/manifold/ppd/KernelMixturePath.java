package io.github.flows4j.manifold.ppd;

import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.ScalarSchedulerValues;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The target probability path of Probability Path Divergence (Ben-Hamu et al. 2022, §4): a mixture of per-sample
 * kernels p_t(x) = (1/N) Σ_i k_t(x | x_i) over data x_1 … x_N that widens to the manifold's base distribution as
 * t → 0. The kernel family is the manifold's ({@code KernelFamily}): von Mises–Fisher on the sphere, a product of von
 * Mises laws on the flat torus, the Gaussian N(α_t x_i, σ_t² I) on R^d, factor-wise on products. The width follows
 * a {@link Scheduler} (α_t, σ_t): on compact manifolds the concentration is κ_t = (α_t/σ_t)², so a kernel's width is
 * σ_t/α_t — infinite at t = 0 (the uniform base exactly) and σ₁/α₁ at t = 1. {@link #of(DifferentiableManifold,
 * INDArray, double)} uses {@link CondOTScheduler}(σ_min): α_t = t, σ_t = 1 − (1 − σ_min)t, so the kernels end with
 * width σ_min (radians on the sphere and torus, data units on R^d).
 *
 * <p><b>Closed forms through the tape.</b> {@link #evaluate} builds the [batch, N] matrix of log-kernels with Tensor
 * operations, log p_t = logsumexp_i(log k_i) − log N, and with the posterior weights w_i = softmax_i(log k_i)
 * ∂_t log p_t = Σ_i w_i ∂_t log k_i and ∇_g log p_t = Σ_i w_i ∇_g log k_i, each kernel's derivatives in closed form
 * (matrix products with the centres). log p_t is differentiable in x on the tape (its projected autodiff gradient
 * is ∇_g log p_t); the schedule enters as per-row constants in float64.
 *
 * <p><b>Minibatch of centres.</b> For large N, {@link #evaluate(Tensor, INDArray, INDArray)} takes a subset S of m
 * centres drawn uniformly: p̂_t = (1/m) Σ_{i∈S} k_t(· | x_i) is unbiased for p_t, but log p̂_t is biased low
 * (Jensen: E log p̂ ≤ log E p̂ = log p_t, the gap about Var p̂/(2p²) = O(1/m)), and the self-normalised ∂_t log p̂ and
 * ∇ log p̂ carry an O(1/m) ratio bias. {@link PpdLoss} draws its points around the batch's own centres and uses the
 * batch as S, so every point has its own kernel among the centres — without it, at small widths near t = 1 a point
 * far from every centre in S gets weights set by kernel tails, and the bias is no longer small. Where the weights are
 * nearly one-hot (kernels much narrower than the spacing of the centres: near t = 1, and at most t in high dimension)
 * the PPD residual becomes the per-sample one, r_i = ∂_t log k_i + div v + ⟨∇ log k_i, v⟩, and E_i |r_i|² is not
 * minimised by the field of the marginal path (log of a mixture is not the mixture of logs, so, unlike Flow Matching's
 * conditional regression, the per-sample loss is not the marginal one in expectation): choose σ_min no smaller than
 * the spacing of the data at the dimension you work in.
 *
 * <pre>{@code
 * KernelMixturePath path = KernelMixturePath.of(new Sphere(3), data, 0.05);   // data: [N, 3] on S², vMF kernels
 * INDArray t = rng.uniform(DataType.DOUBLE, 256, 1);
 * INDArray x = path.sample(t, rng);                                            // x ~ p_t, [256, 3]
 * PathValues p = path.evaluate(Tensor.constant(x), t);                         // log p_t, ∂_t log p_t, ∇_g log p_t
 * }</pre>
 */
public final class KernelMixturePath {
    private static final double TOL = 1e-12;
    private final KernelFamily kernel;
    private final Scheduler schedule;
    private final INDArray data;
    private final double[] host;

    private KernelMixturePath(KernelFamily kernel, Scheduler schedule, INDArray data) {
        this.kernel = kernel;
        this.schedule = schedule;
        this.data = data;
        this.host = HostArrays.toDoubles(data);
    }

    /**
     * A path with the conditional-OT schedule α_t = t, σ_t = 1 − (1 − σ_min) t: kernels of width σ_min at t = 1.
     *
     * @param manifold a sphere, flat torus, Euclidean space or a product of these
     * @param data     the centres x_i, points on the manifold, [N, D], N &ge; 1 (copied)
     * @param sigmaMin the kernel width at t = 1, in (0, 1)
     * @return the path
     * @throws InvalidConfigException if σ_min is not in (0, 1) or the manifold has no kernel family
     * @throws ShapeMismatchException if data is not [N &ge; 1, D]
     * @throws OffManifoldException   if a row of data is off the manifold
     */
    public static KernelMixturePath of(DifferentiableManifold manifold, INDArray data, double sigmaMin) {
        if (!(sigmaMin > 0 && sigmaMin < 1)) {
            throw InvalidConfigException.of("sigmaMin", "in (0, 1) (the kernel width at t = 1)", sigmaMin);
        }
        return of(manifold, data, new CondOTScheduler(sigmaMin));
    }

    /**
     * @param manifold a sphere, flat torus, Euclidean space or a product of these
     * @param data     the centres x_i, points on the manifold, [N, D], N &ge; 1 (copied)
     * @param schedule the kernel schedule: σ_t &gt; 0 on [0, 1] and p₀ the base, i.e. α₀ = 0 (and σ₀ = 1 on R^d)
     * @return the path
     * @throws InvalidConfigException if the schedule breaks a rule or the manifold has no kernel family
     * @throws ShapeMismatchException if data is not [N &ge; 1, D]
     * @throws OffManifoldException   if a row of data is off the manifold
     */
    public static KernelMixturePath of(DifferentiableManifold manifold, INDArray data, Scheduler schedule) {
        if (manifold == null) {
            throw InvalidConfigException.of("manifold", "a manifold", null);
        }
        if (schedule == null) {
            throw InvalidConfigException.of("schedule", "a kernel-width schedule", null);
        }
        KernelFamily kernel = KernelFamily.of(manifold);
        if (data == null || data.rank() != 2 || data.size(0) < 1 || data.size(1) != manifold.ambientDim()) {
            throw ShapeMismatchException.of("data", "[N >= 1, " + manifold.ambientDim() + "] (non-empty)",
                    data == null ? null : data.shape());
        }
        manifold.checkPoints("data", data);
        for (double t : new double[] {0, 0.5, 1}) {
            double s = schedule.at(t).sigma();
            if (!(s > 0 && Double.isFinite(s))) {
                throw InvalidConfigException.of("schedule", "sigma_t > 0 (a kernel of positive width) at t = " + t, s);
            }
        }
        ScalarSchedulerValues v0 = schedule.at(0);
        if (Math.abs(v0.alpha()) > TOL || (kernel instanceof GaussianKernel && Math.abs(v0.sigma() - 1) > TOL)) {
            throw InvalidConfigException.of("schedule", "alpha_0 = 0" + (kernel instanceof GaussianKernel
                    ? " and sigma_0 = 1" : "") + " so that p_0 is the base distribution", v0);
        }
        return new KernelMixturePath(kernel, schedule, data.dup());
    }

    /** @return the manifold */
    public DifferentiableManifold manifold() {
        return kernel.manifold();
    }

    /** @return the kernel schedule */
    public Scheduler schedule() {
        return schedule;
    }

    /** @return N, the number of centres */
    public int size() {
        return (int) data.size(0);
    }

    /** @return a copy of the centres, [N, D] */
    public INDArray data() {
        return data.dup();
    }

    /**
     * log p_t, ∂_t log p_t and ∇_g log p_t over all N centres.
     *
     * @param x points on the manifold, [batch, D]
     * @param t times in [0, 1], [batch, 1], of x's type
     * @return the values
     * @throws ShapeMismatchException if x or t has the wrong shape
     * @throws OffManifoldException   if a row of x is off the manifold
     * @throws InvalidConfigException if a time is outside [0, 1]
     */
    public PathValues evaluate(Tensor x, INDArray t) {
        return values(x, t, data);
    }

    /**
     * The same over a subset of the centres (the minibatch estimator; see the class comment for its bias).
     *
     * @param x       points on the manifold, [batch, D]
     * @param t       times in [0, 1], [batch, 1]
     * @param centres centres on the manifold, [m &ge; 1, D]
     * @return the values of the mixture over these centres
     * @throws ShapeMismatchException if a shape is wrong
     * @throws OffManifoldException   if a row of x or of the centres is off the manifold
     * @throws InvalidConfigException if a time is outside [0, 1]
     */
    public PathValues evaluate(Tensor x, INDArray t, INDArray centres) {
        checkCentres(centres);
        return values(x, t, centres);
    }

    private void checkCentres(INDArray centres) {
        int d = manifold().ambientDim();
        if (centres == null || centres.rank() != 2 || centres.size(0) < 1 || centres.size(1) != d) {
            throw ShapeMismatchException.of("centres", "[m >= 1, " + d + "]", centres == null ? null : centres.shape());
        }
        manifold().checkPoints("centres", centres);
    }

    private PathValues values(Tensor x, INDArray t, INDArray centres) {
        manifold().checkPoints("x", x.value());
        KernelTimes s = times(t, x.size(0), x.value().dataType());
        Tensor c = Tensor.constant(centres.castTo(x.dtype()));
        Tensor logK = kernel.logKernels(x, c, s);
        Tensor lse = logK.logsumexp(1, true);
        Tensor w = logK.sub(lse).exp();
        KernelFamily.Moments m = kernel.moments(w, x, c, s);
        return new PathValues(lse.sub(Math.log(centres.size(0))), m.dt(), m.grad());
    }

    private KernelTimes times(INDArray t, long batch, org.nd4j.linalg.api.buffer.DataType type) {
        if (t == null || t.rank() != 2 || t.size(0) != batch || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + batch + ", 1]", t == null ? null : t.shape());
        }
        double[] ts = HostArrays.toDoubles(t);
        for (double v : ts) {
            if (!(v >= 0 && v <= 1)) {
                throw InvalidConfigException.of("t", "in [0, 1]", v);
            }
        }
        return KernelTimes.of(schedule, ts, type);
    }

    /**
     * Draws x ~ p_t: a centre uniformly from the data per row, then a point from its kernel.
     *
     * @param t   times in [0, 1], [batch, 1]
     * @param rng the random stream (advanced)
     * @return points on the manifold, [batch, D], of t's type
     * @throws ShapeMismatchException if t is not [batch, 1]
     * @throws InvalidConfigException if a time is outside [0, 1]
     */
    public INDArray sample(INDArray t, Rng rng) {
        int n = (int) t.size(0);
        int d = manifold().ambientDim();
        double[] c = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(host, rng.nextInt(size()) * d, c, i * d, d);
        }
        return draw(c, t, rng);
    }

    /**
     * Draws one point from k_t(· | centre_b) per row: x ~ p_t when the centres are drawn uniformly from the data.
     *
     * @param centres one centre per row, on the manifold, [batch, D]
     * @param t       times in [0, 1], [batch, 1]
     * @param rng     the random stream (advanced)
     * @return points on the manifold, [batch, D], of the centres' type
     * @throws ShapeMismatchException if a shape is wrong
     * @throws OffManifoldException   if a centre is off the manifold
     * @throws InvalidConfigException if a time is outside [0, 1]
     */
    public INDArray sampleAround(INDArray centres, INDArray t, Rng rng) {
        checkCentres(centres);
        if (t.rank() != 2 || t.size(0) != centres.size(0) || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + centres.size(0) + ", 1]", t.shape());
        }
        double[] c = HostArrays.toDoubles(centres);
        return draw(c, t, rng).castTo(centres.dataType());
    }

    private INDArray draw(double[] c, INDArray t, Rng rng) {
        int n = (int) t.size(0);
        KernelTimes s = times(t, n, t.dataType());
        double[] x = kernel.sample(c, s, rng);
        return manifold().projx(HostArrays.fromDoubles(x, t.dataType(), n, manifold().ambientDim()));
    }

    @Override
    public String toString() {
        return "KernelMixturePath[" + kernel.manifold() + ", N=" + size() + ", " + schedule + "]";
    }
}
