package io.github.flows4j.rl.gfn.diffusion;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.nn.TimeMlp;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A diffusion model as a continuous GFlowNet (Zhang, Chen, Malkin, Bengio 2022, "Unifying generative models with
 * GFlowNets", §3; Lahlou et al. 2023): K Gaussian forward transitions from x_0 = 0,
 *
 * <pre>
 * P_F(x_{k+1} | x_k) = N(x_k + Δt · f_θ(x_k, t_k), σ² Δt I),     t_k = k Δt, Δt = 1/K
 * </pre>
 *
 * <p>and the fixed Brownian-bridge backward policy pinned at x_0 = 0,
 * {@code P_B(x_k | x_{k+1}) = N((k/(k+1)) x_{k+1}, σ² Δt k/(k+1) I)} (x_0 given x_1 is certain). With a learned log Z
 * (parameter {@code log_z}, scaled like {@link io.github.flows4j.rl.gfn.GFlowNet}'s), trajectory balance
 * ({@link DiffusionTrajectoryBalance}) trains the sampler of an unnormalised density. With f = 0 the paths are
 * Brownian motion, whose terminal law N(0, σ² I) the bridge makes exact: TB is then zero for the Gaussian target.
 *
 * <p><b>Learned forward variance.</b> With {@code varianceRange(r)}, r &gt; 0, the network also outputs a
 * per-coordinate log-variance factor {@code s_θ(x_k, t_k) = r · tanh(h)}, and the forward transition becomes
 * {@code N(x_k + Δt f_θ, σ² Δt e^{s_θ} I)} (Lahlou et al. 2023 learn the forward variance the same way). A sampler
 * whose last steps may contract can in principle put mass where the target is narrower than σ√Δt, such as the
 * funnel's neck, which a fixed-variance sampler trained by on-policy TB learns to avoid; measured on the funnel it
 * did not (the on-policy sampler still skipped the neck), and {@link #logDefensiveWeights} is what corrects the log Z
 * estimate there. r = 0 (the default) keeps the fixed variance σ² Δt.
 *
 * <pre>{@code
 * DiffusionSampler s = DiffusionSampler.builder().dim(2).steps(50).sigma(4).hidden(128, 128)
 *         .varianceRange(4).build(rng.split());  // 0 (default): fixed forward variance σ² Δt
 * DiffusionPaths paths = s.sample(512, rng.split(), 1.0);
 * Tensor logPF = s.logForward(paths);            // [512, 1], differentiable in the drift's weights
 * double logZHat = s.logZEstimate(GaussianGrid.standard(), 4096, rng.split());
 * }</pre>
 */
public final class DiffusionSampler extends Module {
    private final TimeMlp drift;
    private final Tensor logZRaw;
    private final int dim;
    private final int steps;
    private final double sigma;
    private final double logZScale;
    private final double varianceRange;
    private final DataType dtype;

    private DiffusionSampler(Builder b, Rng rng) {
        int[] sizes = new int[b.hidden.length + 2];
        sizes[0] = b.dim;
        System.arraycopy(b.hidden, 0, sizes, 1, b.hidden.length);
        sizes[sizes.length - 1] = b.varianceRange > 0 ? 2 * b.dim : b.dim;
        this.drift = registerModule("drift", TimeMlp.builder().sizes(sizes).activation(Activation.SILU)
                .conditioning(TimeMlp.Conditioning.CONCAT).dtype(b.dtype).build(rng));
        this.logZRaw = registerParameter("log_z", Nd4j.zeros(b.dtype, 1, 1));
        this.dim = b.dim;
        this.steps = b.steps;
        this.sigma = b.sigma;
        this.logZScale = b.logZScale;
        this.varianceRange = b.varianceRange;
        this.dtype = b.dtype;
    }

    /** @return a builder (dim 2, 50 steps, σ = 1, hidden 128, 128, log Z scale 100, FLOAT) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the dimension */
    public int dim() {
        return dim;
    }

    /** @return K */
    public int steps() {
        return steps;
    }

    /** @return σ */
    public double sigma() {
        return sigma;
    }

    /** @return r, the bound on the learned log-variance factor; 0 when the forward variance is fixed */
    public double varianceRange() {
        return varianceRange;
    }

    /** @return the tensor type */
    public DataType dtype() {
        return dtype;
    }

    /** @return the learned log Z, [1, 1] */
    public Tensor logZ() {
        return logZRaw.mul(logZScale);
    }

    /**
     * @param value the new log Z, finite
     * @throws InvalidConfigException if it is not finite
     */
    public void setLogZ(double value) {
        if (!Double.isFinite(value)) {
            throw InvalidConfigException.of("value", "finite", value);
        }
        logZRaw.value().assign(value / logZScale);
    }

    /**
     * Draws paths without recording gradients.
     *
     * @param n          the number of paths, &ge; 1
     * @param rng        the random stream
     * @param noiseScale the factor on the forward noise (1: on-policy; &gt; 1 explores, the paths stay valid
     *                   off-policy trajectories for trajectory balance)
     * @return the paths
     * @throws InvalidConfigException if n &lt; 1 or noiseScale ≤ 0
     */
    @SuppressWarnings("try")
    public DiffusionPaths sample(int n, Rng rng, double noiseScale) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        if (!(noiseScale > 0) || !Double.isFinite(noiseScale)) {
            throw InvalidConfigException.of("noiseScale", "> 0 and finite", noiseScale);
        }
        double dt = 1.0 / steps;
        double sd = noiseScale * sigma * Math.sqrt(dt);
        double[][] pts = new double[steps + 1][n * dim];
        try (GradMode.Scope ng = GradMode.noGrad()) {
            for (int k = 0; k < steps; k++) {
                double[] f;
                double[] logVar = null;
                try (TensorScope scope = TensorScope.open()) {
                    Tensor x = Tensor.constant(Nd4j.create(pts[k], new long[] {n, dim}, dtype));
                    Tensor t = Tensor.constant(Nd4j.valueArrayOf(new long[] {n, 1}, k * dt, dtype));
                    Tensor h = drift.forward(t, x);
                    f = flat(mean(h));
                    if (varianceRange > 0) {
                        logVar = flat(logVarianceFactor(h));
                    }
                }
                for (int i = 0; i < n * dim; i++) {
                    double scale = logVar == null ? sd : sd * Math.exp(0.5 * logVar[i]);
                    pts[k + 1][i] = pts[k][i] + dt * f[i] + scale * rng.nextGaussian();
                }
            }
        }
        return new DiffusionPaths(pts, n, dim);
    }

    /**
     * Draws backward paths from given end points with the Brownian-bridge P_B: x_K = x, then
     * {@code x_k ~ N((k/(k+1)) x_{k+1}, σ² Δt k/(k+1) I)} down to x_0 = 0 (the noising process of the diffusion
     * model, used for maximum-likelihood training).
     *
     * @param x   the end points, [n, dim]
     * @param rng the random stream
     * @return the paths
     * @throws io.github.flows4j.core.ShapeMismatchException if x is not [n, dim]
     */
    public DiffusionPaths bridge(INDArray x, Rng rng) {
        if (x.rank() != 2 || x.size(1) != dim) {
            throw io.github.flows4j.core.ShapeMismatchException.of("x", "[n, " + dim + "]", x.shape());
        }
        int n = (int) x.size(0);
        double dt = 1.0 / steps;
        double[][] pts = new double[steps + 1][];
        pts[steps] = Nd4j.toFlattened('c', x).castTo(DataType.DOUBLE).toDoubleVector();
        pts[0] = new double[n * dim];
        for (int k = steps - 1; k >= 1; k--) {
            double ratio = k / (k + 1.0);
            double sd = sigma * Math.sqrt(dt * ratio);
            pts[k] = new double[n * dim];
            for (int i = 0; i < n * dim; i++) {
                pts[k][i] = ratio * pts[k + 1][i] + sd * rng.nextGaussian();
            }
        }
        return new DiffusionPaths(pts, n, dim);
    }

    /**
     * @param paths paths of this sampler's dimension and step count
     * @return Σ_k log P_F(x_{k+1} | x_k), [n, 1], differentiable in the drift's weights
     * @throws InvalidConfigException if the paths do not fit
     */
    public Tensor logForward(DiffusionPaths paths) {
        check(paths);
        int n = paths.size();
        double dt = 1.0 / steps;
        double[] t = new double[steps * n];
        for (int k = 0; k < steps; k++) {
            java.util.Arrays.fill(t, k * n, (k + 1) * n, k * dt);
        }
        Tensor prev = Tensor.constant(paths.stacked(0, steps, dtype));
        Tensor next = Tensor.constant(paths.stacked(1, steps, dtype));
        Tensor h = drift.forward(Tensor.constant(Nd4j.create(t, new long[] {(long) steps * n, 1}, dtype)), prev);
        Tensor resid = next.sub(prev).sub(mean(h).mul(dt));
        double var = sigma * sigma * dt;
        Tensor quad;                                                               // [K n, 1]
        if (varianceRange > 0) {
            Tensor s = logVarianceFactor(h);                                       // log of the factor on σ² Δt
            quad = resid.square().mul(s.neg().exp()).div(var).add(s).sum(1, true).mul(-0.5);
        } else {
            quad = resid.square().sum(1, true).div(-2 * var);
        }
        Tensor perPath = quad.reshape(steps, n).sum(0).reshape(n, 1);
        return perPath.add(-0.5 * dim * steps * Math.log(2 * Math.PI * var));
    }

    /** The drift f_θ: the first dim columns of the network's output. */
    private Tensor mean(Tensor h) {
        return varianceRange > 0 ? h.narrow(1, 0, dim) : h;
    }

    /** s_θ = r · tanh(last dim columns): the log of the learned factor on the variance σ² Δt. */
    private Tensor logVarianceFactor(Tensor h) {
        return h.narrow(1, dim, dim).tanh().mul(varianceRange);
    }

    private static double[] flat(Tensor t) {
        return Nd4j.toFlattened('c', t.value()).castTo(DataType.DOUBLE).toDoubleVector();
    }

    /**
     * @param paths paths of this sampler's dimension and step count
     * @return Σ_k log P_B(x_k | x_{k+1}) of the Brownian bridge to 0, [n, 1] (a constant)
     * @throws InvalidConfigException if the paths do not fit
     */
    public INDArray logBackward(DiffusionPaths paths) {
        check(paths);
        int n = paths.size();
        double dt = 1.0 / steps;
        double[] out = new double[n];
        for (int k = 1; k < steps; k++) {
            double ratio = k / (k + 1.0);
            double var = sigma * sigma * dt * ratio;
            double c = -0.5 * dim * Math.log(2 * Math.PI * var);
            double[] xk = paths.raw(k);
            double[] xn = paths.raw(k + 1);
            for (int i = 0; i < n; i++) {
                double q = 0;
                for (int j = 0; j < dim; j++) {
                    double r = xk[i * dim + j] - ratio * xn[i * dim + j];
                    q += r * r;
                }
                out[i] += c - q / (2 * var);
            }
        }
        return Nd4j.create(out, new long[] {n, 1}, dtype);
    }

    /**
     * The log importance weights {@code log w = log R(x) + log P_B(τ | x) - log P_F(τ)} of n on-policy paths. Their
     * log-mean-exp estimates log Z (consistently; its expectation is a lower bound), and their mean is the ELBO
     * {@code log Z - KL(P_F path law ‖ P_B · R/Z)}, so {@code log Z - mean} measures how far the sampler is from exact.
     *
     * @param target the density
     * @param n      the number of paths, &ge; 1
     * @param rng    the random stream
     * @return the n log-weights
     */
    @SuppressWarnings("try")
    public double[] logImportanceWeights(UnnormalizedDensity target, int n, Rng rng) {
        DiffusionPaths p = sample(n, rng, 1.0);
        try (GradMode.Scope ng = GradMode.noGrad(); TensorScope scope = TensorScope.open()) {
            INDArray lw = target.logReward(p.terminal(dtype)).add(logBackward(p)).sub(logForward(p).value());
            return Nd4j.toFlattened('c', lw).castTo(DataType.DOUBLE).toDoubleVector();
        }
    }

    /**
     * The importance-sampling estimate log (1/n) Σ_i R(x^i) P_B(τ^i | x^i) / P_F(τ^i) over on-policy paths: a
     * consistent estimate of log Z whose expectation is a lower bound (Jensen).
     *
     * @param target the density
     * @param n      the number of paths
     * @param rng    the random stream
     * @return the estimate
     */
    public double logZEstimate(UnnormalizedDensity target, int n, Rng rng) {
        return logMeanExp(logImportanceWeights(target, n, rng));
    }

    /**
     * Defensive importance weights (Hesterberg 1995; the balance heuristic of multiple importance sampling): of n
     * paths, m = round(α n) are drawn from the reference process — Brownian motion from 0 with variance σ² Δt per
     * step, the zero-drift sampler, whose terminal law is N(0, σ² I) — and n − m from this sampler, and every path is
     * weighted against the mixture, {@code log w = log R(x) + log P_B(τ | x) − log((1 − a) P_F(τ) + a P_ref(τ))}
     * with a = m / n. The mean of the weights is still an unbiased estimate of Z, and no weight can exceed
     * R(x) P_B(τ | x) / (a P_ref(τ)): where TB's mode-seeking sampler puts almost no mass (the funnel's neck, which
     * the reference covers because its v-marginal is the target's), the on-policy weights are rare and huge and their
     * log-mean-exp falls short of log Z by the missed mass; these weights are not.
     *
     * <pre>{@code
     * double logZHat = DiffusionSampler.logMeanExp(s.logDefensiveWeights(Funnel.standard(), 10_000, rng, 0.3));
     * }</pre>
     *
     * @param target the density
     * @param n      the number of paths, &ge; 1
     * @param rng    the random stream
     * @param alpha  the share of reference paths, in [0, 1]; 0 gives exactly {@link #logImportanceWeights}
     * @return the n log-weights, this sampler's paths first
     * @throws InvalidConfigException if n &lt; 1 or alpha is outside [0, 1]
     */
    @SuppressWarnings("try")
    public double[] logDefensiveWeights(UnnormalizedDensity target, int n, Rng rng, double alpha) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw InvalidConfigException.of("alpha", "in [0, 1]", alpha);
        }
        if (alpha == 0) {
            return logImportanceWeights(target, n, rng);
        }
        int nRef = (int) Math.round(alpha * n);
        int nOwn = n - nRef;
        double a = nRef / (double) n;
        double dt = 1.0 / steps;
        double sd = sigma * Math.sqrt(dt);
        double[][] pts = new double[steps + 1][n * dim];
        if (nOwn > 0) {
            DiffusionPaths own = sample(nOwn, rng.split(), 1.0);
            for (int k = 0; k <= steps; k++) {
                System.arraycopy(own.raw(k), 0, pts[k], 0, nOwn * dim);
            }
        }
        Rng ref = rng.split();
        double[] logRef = new double[n];
        double c = -0.5 * dim * Math.log(2 * Math.PI * sd * sd);
        for (int k = 0; k < steps; k++) {
            for (int i = nOwn * dim; i < n * dim; i++) {
                pts[k + 1][i] = pts[k][i] + sd * ref.nextGaussian();
            }
        }
        for (int k = 0; k < steps; k++) {
            for (int i = 0; i < n; i++) {
                double q = 0;
                for (int j = 0; j < dim; j++) {
                    double d = pts[k + 1][i * dim + j] - pts[k][i * dim + j];
                    q += d * d;
                }
                logRef[i] += c - q / (2 * sd * sd);
            }
        }
        DiffusionPaths mix = new DiffusionPaths(pts, n, dim);
        try (GradMode.Scope ng = GradMode.noGrad(); TensorScope scope = TensorScope.open()) {
            double[] logF = flat(logForward(mix));
            double[] logBR = Nd4j.toFlattened('c', target.logReward(mix.terminal(dtype)).add(logBackward(mix)))
                    .castTo(DataType.DOUBLE).toDoubleVector();
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                double x1 = a == 1 ? Double.NEGATIVE_INFINITY : Math.log1p(-a) + logF[i];
                double x2 = Math.log(a) + logRef[i];
                double m = Math.max(x1, x2);
                out[i] = logBR[i] - (m + Math.log(Math.exp(x1 - m) + Math.exp(x2 - m)));
            }
            return out;
        }
    }

    /** @param w values @return log (1/n) Σ exp(w_i), computed stably */
    public static double logMeanExp(double[] w) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : w) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : w) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s / w.length);
    }

    private void check(DiffusionPaths paths) {
        if (paths.dim() != dim || paths.steps() != steps) {
            throw InvalidConfigException.of("paths", "dim " + dim + " and " + steps + " steps",
                    "dim " + paths.dim() + " and " + paths.steps() + " steps");
        }
    }

    /** Collects a {@link DiffusionSampler}'s settings; {@link #build(Rng)} validates them. */
    public static final class Builder {
        private int dim = 2;
        private int steps = 50;
        private double sigma = 1;
        private int[] hidden = {128, 128};
        private double logZScale = 100;
        private double varianceRange;
        private DataType dtype = DataType.FLOAT;

        private Builder() {
        }

        /** @param dim the dimension (default 2) @return this builder */
        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        /** @param steps K (default 50) @return this builder */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /** @param sigma the diffusion coefficient σ (default 1) @return this builder */
        public Builder sigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /** @param widths the drift MLP's hidden widths (default 128, 128) @return this builder */
        public Builder hidden(int... widths) {
            this.hidden = widths == null ? null : widths.clone();
            return this;
        }

        /** @param scale how much faster log Z learns (default 100) @return this builder */
        public Builder logZScale(double scale) {
            this.logZScale = scale;
            return this;
        }

        /**
         * @param range r &ge; 0: learn a per-coordinate log-variance factor in [−r, r] on σ² Δt; 0 (default) keeps
         *              the forward variance fixed
         * @return this builder
         */
        public Builder varianceRange(double range) {
            this.varianceRange = range;
            return this;
        }

        /** @param dtype FLOAT (default) or DOUBLE @return this builder */
        public Builder dtype(DataType dtype) {
            this.dtype = dtype;
            return this;
        }

        /**
         * @param rng the source of the initial weights
         * @return the sampler, drift initialised near zero by the MLP's default initialisation
         * @throws InvalidConfigException naming the field that breaks its rule
         */
        public DiffusionSampler build(Rng rng) {
            if (dim < 1) {
                throw InvalidConfigException.of("dim", ">= 1", dim);
            }
            if (steps < 1) {
                throw InvalidConfigException.of("steps", ">= 1", steps);
            }
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw InvalidConfigException.of("sigma", "> 0 and finite", sigma);
            }
            if (hidden == null || hidden.length == 0) {
                throw InvalidConfigException.of("hidden", "at least one width", hidden == null ? null : "[]");
            }
            for (int i = 0; i < hidden.length; i++) {
                if (hidden[i] < 1) {
                    throw InvalidConfigException.of("hidden[" + i + "]", ">= 1", hidden[i]);
                }
            }
            if (!(logZScale > 0) || !Double.isFinite(logZScale)) {
                throw InvalidConfigException.of("logZScale", "> 0 and finite", logZScale);
            }
            if (!(varianceRange >= 0) || !Double.isFinite(varianceRange)) {
                throw InvalidConfigException.of("varianceRange", ">= 0 and finite", varianceRange);
            }
            if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
                throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
            }
            if (rng == null) {
                throw InvalidConfigException.of("rng", "non-null", null);
            }
            return new DiffusionSampler(this, rng);
        }
    }
}
