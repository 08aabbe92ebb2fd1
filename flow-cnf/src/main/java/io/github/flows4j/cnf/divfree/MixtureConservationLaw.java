package io.github.flows4j.cnf.divfree;

import io.github.flows4j.cnf.coupling.LinearAssignment;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.ode.Ode;
import io.github.flows4j.core.ode.SolveSettings;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.core.random.Rng;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A density path ρ_t and velocity v_t on ℝ^d, t ∈ [0, 1], that satisfy the continuity equation
 * ∂_t ρ + div(ρ v) = 0 exactly (to floating-point rounding) with ρ &gt; 0 everywhere: a neural conservation law
 * (Richter-Powell, Lipman and Chen, NeurIPS 2022, §4) in which u = (ρ, J = ρv) is a divergence-free field on
 * ℝ^{1+d} = (t, x).
 *
 * <p><b>Construction and why.</b> One divergence-free network on ℝ^{1+d} gives a time component ρ of either sign;
 * making it non-negative needs extra structure (for instance ρ = Δ_x φ with φ subharmonic in x — but a convex φ
 * on ℝ^d has infinite mass, and other subharmonic families must be normalised). We use an exact construction that
 * keeps ρ positive and normalised by design, and split u into two divergence-free parts:
 * <ol>
 * <li>a <i>Lagrangian part</i>: ρ_t = (1/K) Σ_k N(x; μ_k(t), diag σ_k(t)²) with straight paths
 * μ_k(t) = (1−t)μ_k⁰ + tμ_k¹ and σ_k(t) = (1−t)σ_k⁰ + tσ_k¹ (σ &gt; 0 at both ends, hence everywhere), whose flux
 * J_mix = (1/K) Σ_k N_k v_k with the affine component velocities v_k = μ_k' + (σ_k'/σ_k)(x − μ_k) satisfies
 * ∂_t ρ + div J_mix = 0 exactly (each component is the push-forward of N(0, I) by x = μ_k(t) + σ_k(t)ε);</li>
 * <li>a <i>learned divergence-free flux</i> g·div_x(ρ_t A_θ(x, t)), where A_θ is the antisymmetric matrix of
 * a {@link DivFreeNetwork} (matrix-field construction in x, conditioned on t) and g a learned gain that starts
 * at 0. Scaling A by ρ_t keeps the flux where the mass is, so the velocity it adds,
 * g·(div A_θ + A_θ ∇log ρ_t), grows at most linearly in the tails instead of as 1/ρ. In the (1+d)-dimensional
 * picture this is the divergence-free field (0, div_x(ρA_θ)): it moves mass without changing ρ.</li>
 * </ol>
 * Hence ρ ≥ 0 holds exactly, ∫ρ_t = 1 for every t, and J = J_mix + g·div(ρA_θ), v = J/ρ. The density and its log are
 * closed-form (the likelihood needs no ODE); samples of ρ_t are exact, and {@link #transport} follows v_t with
 * any flow-core solver. The price of this choice: ρ_t is a K-component Gaussian mixture at every t.
 *
 * <pre>{@code
 * MixtureConservationLaw law = MixtureConservationLaw.builder().dim(2).components(8).hidden(64, 64)
 *         .dtype(DataType.DOUBLE).build(Rng.seeded(0));
 * Tensor logRho = law.logDensity(x, t);                      // x: [batch, 2], t: [batch, 1] → [batch, 1]
 * Tensor kinetic = law.kineticEnergy(1024, rng);              // ∫∫ ρ|v|² dx dt, reparameterised estimate
 * INDArray x1 = law.transport(law.sample(512, 0.0, rng), 0, 1, SolveSettings.defaults());
 * }</pre>
 */
public final class MixtureConservationLaw extends Module implements VelocityField {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int dim;
    private final int components;
    private final Tensor mean0;
    private final Tensor mean1;
    private final Tensor logScale0;
    private final Tensor logScale1;
    private final Tensor gain;
    private final DivFreeNetwork flux;

    private MixtureConservationLaw(Builder b, Rng rng) {
        this.dim = b.dim;
        this.components = b.components;
        INDArray m0 = rng.normal(b.dtype, components, dim).muli(b.initSpread);
        this.mean0 = registerParameter("mean0", m0);
        this.mean1 = registerParameter("mean1", m0.dup());
        this.logScale0 = registerParameter("logScale0", Nd4j.zeros(b.dtype, components, dim));
        this.logScale1 = registerParameter("logScale1", Nd4j.zeros(b.dtype, components, dim));
        this.gain = registerParameter("gain", Nd4j.zeros(b.dtype, 1, 1));
        this.flux = registerModule("flux", DivFreeNetwork.builder().dim(dim).conditionDim(1).hidden(b.hidden)
                .activation(b.activation).dtype(b.dtype).build(rng.split()));
    }

    /** @return a builder; {@code dim} is required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dim() {
        return dim;
    }

    /** @return K, the number of mixture components */
    public int components() {
        return components;
    }

    /** @return the divergence-free flux network w_θ */
    public DivFreeNetwork fluxNetwork() {
        return flux;
    }

    /**
     * @param x points, [batch, dim]
     * @param t times, [batch, 1]
     * @return log ρ_t(x), [batch, 1]
     */
    public Tensor logDensity(Tensor x, Tensor t) {
        return mixture(x, t).logDensity;
    }

    /**
     * @param x points, [batch, dim]
     * @param t times, [batch, 1]
     * @return ρ_t(x) &gt; 0, [batch, 1]
     */
    public Tensor density(Tensor x, Tensor t) {
        return logDensity(x, t).exp();
    }

    /**
     * @param x points, [batch, dim]
     * @param t times, [batch, 1]
     * @return the mass flux J = ρ v, [batch, dim]
     */
    public Tensor flux(Tensor x, Tensor t) {
        return logDensity(x, t).exp().mul(velocity(x, t));
    }

    /**
     * @param x points, [batch, dim]
     * @param t times, [batch, 1]
     * @return v = J/ρ, [batch, dim]
     */
    @Override
    public Tensor velocity(Tensor x, Tensor t) {
        Mix m = mixture(x, t);
        Tensor learned = flux.velocity(x, t).add(DivergenceFree.antisymmetricTimes(flux.potential(x, t), m.score));
        return m.velocity.add(learned.mul(gain));
    }

    /**
     * A reparameterised Monte Carlo estimate of the kinetic energy ∫₀¹ ∫ ρ_t |v_t|² dx dt = E_{t, x∼ρ_t} |v_t(x)|²,
     * differentiable in every parameter (samples x = μ_k(t) + σ_k(t)ε move with the parameters).
     *
     * @param batch the number of (t, x) samples, &ge; 1
     * @param rng   draws t ∼ U(0, 1), the components and ε
     * @return a scalar
     */
    public Tensor kineticEnergy(int batch, Rng rng) {
        if (batch < 1) {
            throw InvalidConfigException.of("batch", ">= 1", batch);
        }
        DataType type = mean0.dtype();
        Tensor t = Tensor.constant(rng.uniform(type, batch, 1));
        Tensor x = reparameterised(t, rng);
        return velocity(x, t).square().sum(1, true).mean();
    }

    /**
     * The negative log-likelihood of samples of the two end-point densities under ρ₀ and ρ₁.
     *
     * @param x0 samples of the source, [n0, dim]
     * @param x1 samples of the target, [n1, dim]
     * @return −mean log ρ₀(x0) − mean log ρ₁(x1), a scalar
     */
    public Tensor endpointNll(INDArray x0, INDArray x1) {
        checkSamples("x0", x0);
        checkSamples("x1", x1);
        Tensor a = logDensity(Tensor.constant(x0), timeColumn(0, x0)).mean();
        Tensor b = logDensity(Tensor.constant(x1), timeColumn(1, x1)).mean();
        return a.add(b).neg();
    }

    /**
     * Places the components on the data (a data-dependent initialisation, like ActNorm's): with K = 1 the end-point
     * means and scales become the samples' mean and per-coordinate standard deviation; with K &gt; 1 each
     * component's means are K distinct random samples of each end and its scales the standard deviation times
     * K^(−1/(d+4)) (Silverman's bandwidth rule), and the target means are then matched to the source means by an
     * optimal assignment under the squared distance ({@link LinearAssignment}), so each component starts on a
     * straight path of the discrete optimal transport between the two sets of K points — with a random pairing the
     * kinetic energy starts near that of the independent coupling and gradient steps rarely undo the crossings.
     * The learned flux is left as it is.
     *
     * @param x0  samples of the source, [n0, dim] with n0 &ge; K
     * @param x1  samples of the target, [n1, dim] with n1 &ge; K
     * @param rng picks the samples
     */
    public void initializeFrom(INDArray x0, INDArray x1, Rng rng) {
        checkSamples("x0", x0);
        checkSamples("x1", x1);
        place(x0, mean0, logScale0, rng);
        place(x1, mean1, logScale1, rng);
        if (components > 1) {
            pairByOptimalTransport();
        }
    }

    /** Reorders the target means (and scales) by the optimal assignment of target to source means. */
    private void pairByOptimalTransport() {
        double[][] m0 = mean0.value().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] m1 = mean1.value().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] cost = new double[components][components];
        for (int i = 0; i < components; i++) {
            for (int j = 0; j < components; j++) {
                double c = 0;
                for (int k = 0; k < dim; k++) {
                    double diff = m0[i][k] - m1[j][k];
                    c += diff * diff;
                }
                cost[i][j] = c;
            }
        }
        int[] column = LinearAssignment.solve(cost).columns();
        INDArray means = mean1.value().dup();
        INDArray scales = logScale1.value().dup();
        for (int i = 0; i < components; i++) {
            mean1.value().putRow(i, means.getRow(column[i]));
            logScale1.value().putRow(i, scales.getRow(column[i]));
        }
    }

    private void place(INDArray x, Tensor mean, Tensor logScale, Rng rng) {
        if (x.size(0) < components) {
            throw ShapeMismatchException.of("samples", "[n >= " + components + ", " + dim + "]", x.shape());
        }
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray std = xd.std(0).reshape(1, dim);
        if (components == 1) {
            mean.value().assign(xd.mean(0).reshape(1, dim).castTo(mean.dtype()));
            logScale.value().assign(Transforms.log(std, true).castTo(mean.dtype()));
            return;
        }
        int[] perm = rng.permutation((int) x.size(0));
        for (int k = 0; k < components; k++) {
            mean.value().putRow(k, xd.getRow(perm[k]).castTo(mean.dtype()));
        }
        INDArray bw = std.mul(Math.pow(components, -1.0 / (dim + 4)));
        logScale.value().assign(Transforms.log(bw, true).broadcast(components, dim).castTo(mean.dtype()));
    }

    /**
     * Exact samples of ρ_t.
     *
     * @param n   how many, &ge; 1
     * @param t   the time in [0, 1]
     * @param rng the generator
     * @return [n, dim]
     */
    @SuppressWarnings("try")
    public INDArray sample(int n, double t, Rng rng) {
        if (n < 1) {
            throw InvalidConfigException.of("n", ">= 1", n);
        }
        checkTime(t);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor tt = Tensor.constant(Nd4j.valueArrayOf(new long[] {n, 1}, t, mean0.dtype()));
            return reparameterised(tt, rng).value().dup();
        }
    }

    /**
     * Follows dx/dt = v_t(x) from t0 to t1 with a flow-core solver: by the continuity equation, samples of ρ_{t0}
     * arrive distributed as ρ_{t1}.
     *
     * @param x        start points, [batch, dim], finite
     * @param t0       start time in [0, 1]
     * @param t1       end time in [0, 1], ≠ t0
     * @param settings the solver and its options, e.g. {@link SolveSettings#defaults()}
     * @return the end points, [batch, dim]
     */
    @SuppressWarnings("try")
    public INDArray transport(INDArray x, double t0, double t1, SolveSettings settings) {
        Checks.matrix("x", x);
        if (x.size(1) != dim) {
            throw ShapeMismatchException.of("x", "[batch, " + dim + "]", x.shape());
        }
        Checks.finite("x", x);
        checkTime(t0);
        checkTime(t1);
        Checks.notNull("settings", settings);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Term term = Term.of((s, y) -> velocity(y, s));
            return Ode.solve(term, settings.solver(), TimeSpan.of(t0, t1), State.of(Tensor.constant(x)),
                    settings.options()).last().get(0).value().dup();
        }
    }

    /** x = μ_k(t) + σ_k(t) ε with k uniform per row. */
    private Tensor reparameterised(Tensor t, Rng rng) {
        int n = (int) t.size(0);
        DataType type = mean0.dtype();
        INDArray pick = Nd4j.zeros(type, n, components);
        for (int i = 0; i < n; i++) {
            pick.putScalar(i, rng.nextInt(components), 1.0);
        }
        Tensor p = Tensor.constant(pick);
        Tensor eps = Tensor.constant(rng.normal(type, n, dim));
        Tensor s = t.rsub(1.0);
        Tensor mu = p.matmul(mean0).mul(s).add(p.matmul(mean1).mul(t));
        Tensor sigma = p.matmul(logScale0.exp()).mul(s).add(p.matmul(logScale1.exp()).mul(t));
        return mu.add(sigma.mul(eps));
    }

    private record Mix(Tensor logDensity, Tensor velocity, Tensor score) {
    }

    private Mix mixture(Tensor x, Tensor t) {
        if (x.rank() != 2 || x.size(1) != dim) {
            throw ShapeMismatchException.of("x", "[batch, " + dim + "]", x.shape());
        }
        long n = x.size(0);
        if (t.rank() != 2 || t.size(0) != n || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + n + ", 1]", t.shape());
        }
        Tensor t3 = t.reshape(n, 1, 1);
        Tensor s3 = t3.rsub(1.0);
        Tensor m0 = mean0.reshape(1, components, dim);
        Tensor m1 = mean1.reshape(1, components, dim);
        Tensor sc0 = logScale0.exp().reshape(1, components, dim);
        Tensor sc1 = logScale1.exp().reshape(1, components, dim);
        Tensor mu = m0.mul(s3).add(m1.mul(t3));                  // [n, K, d]
        Tensor sigma = sc0.mul(s3).add(sc1.mul(t3));             // [n, K, d]
        Tensor z = x.reshape(n, 1, dim).sub(mu).div(sigma);      // [n, K, d]
        Tensor logN = z.square().mul(-0.5).sub(sigma.log()).sum(2, false).sub(0.5 * dim * LOG_2PI); // [n, K]
        Tensor logRho = logN.logsumexp(1, true).sub(Math.log(components));                        // [n, 1]
        Tensor resp = logN.softmax(1).reshape(n, components, 1);                                     // [n, K, 1]
        Tensor vk = m1.sub(m0).add(sc1.sub(sc0).mul(z));                                             // [n, K, d]
        Tensor v = resp.mul(vk).sum(1, false);                                                       // [n, d]
        Tensor score = resp.mul(z.div(sigma)).sum(1, false).neg();                                   // ∇ log ρ
        return new Mix(logRho, v, score);
    }

    private void checkSamples(String name, INDArray a) {
        Checks.matrix(name, a);
        if (a.size(1) != dim) {
            throw ShapeMismatchException.of(name, "[batch, " + dim + "]", a.shape());
        }
        Checks.finite(name, a);
    }

    private static void checkTime(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw InvalidConfigException.of("t", "in [0, 1]", t);
        }
    }

    private Tensor timeColumn(double t, INDArray like) {
        return Tensor.constant(Nd4j.valueArrayOf(new long[] {like.size(0), 1}, t, mean0.dtype()));
    }

    @Override
    public String toString() {
        return "MixtureConservationLaw[dim=" + dim + ", components=" + components + ", flux=" + flux + "]";
    }

    /** Builds a {@link MixtureConservationLaw}; validated in {@link #build}. */
    public static final class Builder {
        private int dim;
        private int components = 1;
        private int[] hidden = {64, 64};
        private Activation activation = Activation.SILU;
        private DataType dtype = DataType.FLOAT;
        private double initSpread = 1.0;

        private Builder() {
        }

        /** @param value the dimension d (required, &ge; 2) @return this */
        public Builder dim(int value) {
            dim = value;
            return this;
        }

        /** @param value K, the number of Gaussian components (default 1) @return this */
        public Builder components(int value) {
            components = value;
            return this;
        }

        /** @param sizes hidden widths of the flux network (default 64, 64) @return this */
        public Builder hidden(int... sizes) {
            hidden = sizes == null ? null : sizes.clone();
            return this;
        }

        /** @param value the flux network's activation (default SiLU) @return this */
        public Builder activation(Activation value) {
            activation = value;
            return this;
        }

        /** @param value FLOAT or DOUBLE (default FLOAT) @return this */
        public Builder dtype(DataType value) {
            dtype = value;
            return this;
        }

        /** @param value the standard deviation of the initial component means (default 1) @return this */
        public Builder initSpread(double value) {
            initSpread = value;
            return this;
        }

        /**
         * @param rng the generator of the initial parameters
         * @return the model
         * @throws InvalidConfigException if a setting is out of range
         */
        public MixtureConservationLaw build(Rng rng) {
            DivergenceFree.requireDim(dim);
            if (components < 1) {
                throw InvalidConfigException.of("components", ">= 1", components);
            }
            if (!(initSpread >= 0) || !Double.isFinite(initSpread)) {
                throw InvalidConfigException.of("initSpread", "finite and >= 0", initSpread);
            }
            if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
                throw InvalidConfigException.of("hidden", "at least one layer, every width >= 1",
                        hidden == null ? null : Arrays.toString(hidden));
            }
            Checks.notNull("rng", rng);
            return new MixtureConservationLaw(this, rng);
        }
    }
}
