package io.github.flows4j.manifold.ppd;

import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Probability Path Divergence loss (Ben-Hamu et al. 2022, eq. 8 and §3): a flow's field v_θ generates the target
 * path p_t exactly when the log mass-conservation residual
 * <pre>
 *   r_θ(t, x) = ∂_t log p_t(x) + div_g v_θ(t, x) + ⟨∇_g log p_t(x), v_θ(t, x)⟩_g
 * </pre>
 * vanishes (the continuity equation ∂_t p + div_g(p v) = 0 divided by p), and
 * PPD_ℓ = E_{t ~ U[0,1], x ~ q_t} |r_θ(t, x)|^ℓ, ℓ ∈ {1, 2}, with q_t a sampling path — p_t itself by default, or any
 * other {@link KernelMixturePath} over the same data (e.g. wider kernels, to cover the space between modes).
 *
 * <p><b>Divergence on the tangent space.</b> With P_x the tangent projection and J the ambient Jacobian of v_θ,
 * div_g v = tr(P_x J) = Σ_k (P_x e_k)ᵀ J e_k for any ambient extension of a tangent field: {@link
 * DivergenceEstimator#exact()} takes D vector-Jacobian products with the projected unit vectors P_x e_k as
 * cotangents; Hutchinson's estimator takes K products with projected probes ε_T = P_x ε and averages ε_Tᵀ J ε_T,
 * unbiased since E[ε_T ε_Tᵀ] = P_x. Both are recorded with {@code createGraph} so that the loss is differentiated
 * through them (the double backward).
 *
 * <p><b>Minibatch.</b> {@link #loss(VelocityField, INDArray, Rng)} takes a batch of data as the centres: each row's
 * point is drawn from q_t's kernel at that row's centre, and p_t is estimated over the batch (see
 * {@link KernelMixturePath} for the bias this adds).
 *
 * <pre>{@code
 * PpdLoss ppd = PpdLoss.builder(path).ell(2)
 *         .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 1)).build();
 * try (TensorScope s = TensorScope.open()) {
 *     Tensor loss = ppd.loss(field, batch, rng);    // batch: [B, D] data on the manifold
 *     loss.backward();
 * }
 * }</pre>
 */
public final class PpdLoss {
    private final KernelMixturePath path;
    private final KernelMixturePath sampling;
    private final int ell;
    private final DivergenceEstimator divergence;

    private PpdLoss(Builder b) {
        this.path = b.path;
        this.sampling = b.sampling == null ? b.path : b.sampling;
        this.ell = b.ell;
        this.divergence = b.divergence;
    }

    /**
     * @param path the target path p_t
     * @return a builder: ℓ = 2, q_t = p_t, exact divergence
     */
    public static Builder builder(KernelMixturePath path) {
        return new Builder(path);
    }

    /** @return the target path */
    public KernelMixturePath path() {
        return path;
    }

    /** @return ℓ, 1 or 2 */
    public int ell() {
        return ell;
    }

    /**
     * Draws t ~ U[0, 1) and x_b ~ q_t(· | centre_b) per row and returns the mean |r|^ℓ with p_t over the batch.
     *
     * @param field   the flow's field, tangent to the manifold
     * @param centres a batch of data, the centres, [B, D]
     * @param rng     draws t, the points and the Hutchinson probes (advanced)
     * @return PPD_ℓ, a scalar differentiable in the field's parameters
     * @throws ShapeMismatchException if centres is not [B, D] or the field's dimension differs
     * @throws OffManifoldException   if a centre is off the manifold
     */
    public Tensor loss(VelocityField field, INDArray centres, Rng rng) {
        INDArray t = rng.uniform(centres.dataType(), centres.size(0), 1);
        INDArray x = sampling.sampleAround(centres, t, rng);
        Tensor r = residual(field, x, t, centres, rng);
        return ell == 1 ? r.abs().mean() : r.square().mean();
    }

    /**
     * The residual r_θ(t, x) with p_t over the given centres.
     *
     * @param field   the flow's field
     * @param x       points on the manifold, [batch, D]
     * @param t       times in [0, 1], [batch, 1]
     * @param centres the centres of p_t, [m, D]
     * @param rng     draws the Hutchinson probes (advanced; unused by the exact divergence)
     * @return r, [batch, 1], differentiable in the field's parameters
     * @throws ShapeMismatchException if a shape is wrong or the field's dimension differs
     * @throws OffManifoldException   if a row of x or of the centres is off the manifold
     */
    @SuppressWarnings("try")
    public Tensor residual(VelocityField field, INDArray x, INDArray t, INDArray centres, Rng rng) {
        DifferentiableManifold m = path.manifold();
        int d = m.ambientDim();
        if (field.dim() != d) {
            throw ShapeMismatchException.of("field", "dim " + d, new long[] {field.dim()});
        }
        PathValues target;
        try (GradMode.Scope off = GradMode.noGrad()) {
            target = path.evaluate(Tensor.constant(x), t, centres);
        }
        Tensor dt = Tensor.constant(target.dtLogProb().value());
        Tensor grad = Tensor.constant(target.gradLogProb().value());
        Tensor xv = Tensor.variable(x);
        Tensor v = field.velocity(xv, Tensor.constant(t));
        Tensor div = divergence(v, xv, x, rng);
        return dt.add(div).add(m.inner(Tensor.constant(x), grad, v));
    }

    private Tensor divergence(Tensor v, Tensor xv, INDArray x, Rng rng) {
        DifferentiableManifold m = path.manifold();
        int d = m.ambientDim();
        Tensor sum = null;
        if (divergence instanceof DivergenceEstimator.Hutchinson h) {
            for (int k = 0; k < h.probes(); k++) {
                INDArray e = h.probe() == Autodiff.Probe.RADEMACHER ? rng.rademacher(x.dataType(), x.shape())
                        : rng.normal(x.dataType(), x.shape());
                Tensor eps = Tensor.constant(m.proju(x, e));
                Tensor g = Autodiff.grad(new Tensor[] {v}, new Tensor[] {xv}, new Tensor[] {eps}, true)[0];
                Tensor est = g.mul(eps).sum(1, true);
                sum = sum == null ? est : sum.add(est);
            }
            return h.probes() == 1 ? sum : sum.mul(1.0 / h.probes());
        }
        for (int k = 0; k < d; k++) {
            INDArray e = Nd4j.zeros(x.dataType(), x.shape());
            e.getColumn(k).assign(1.0);
            Tensor ek = Tensor.constant(m.proju(x, e));
            Tensor g = Autodiff.grad(new Tensor[] {v}, new Tensor[] {xv}, new Tensor[] {ek}, true)[0];
            Tensor col = g.narrow(1, k, 1);
            sum = sum == null ? col : sum.add(col);
        }
        return sum;
    }

    /** Builds a {@link PpdLoss}; validated in {@link #build}. */
    public static final class Builder {
        private final KernelMixturePath path;
        private KernelMixturePath sampling;
        private int ell = 2;
        private DivergenceEstimator divergence = DivergenceEstimator.exact();

        private Builder(KernelMixturePath path) {
            this.path = path;
        }

        /** @param value ℓ, 1 or 2 (default 2) @return this */
        public Builder ell(int value) {
            ell = value;
            return this;
        }

        /**
         * @param q the sampling path q_t, on the same manifold (default: the target path); points are drawn from its
         *          kernels, with its schedule, at the batch's centres
         * @return this
         */
        public Builder sampling(KernelMixturePath q) {
            sampling = q;
            return this;
        }

        /** @param value exact (default) or Hutchinson @return this */
        public Builder divergence(DivergenceEstimator value) {
            divergence = value;
            return this;
        }

        /**
         * @return the loss
         * @throws InvalidConfigException if the path is missing, ℓ ∉ {1, 2}, the divergence is missing, or the
         *                                sampling path lives on another manifold
         */
        public PpdLoss build() {
            if (path == null) {
                throw InvalidConfigException.of("path", "a target path", null);
            }
            if (ell != 1 && ell != 2) {
                throw InvalidConfigException.of("ell", "1 or 2", ell);
            }
            if (divergence == null) {
                throw InvalidConfigException.of("divergence", "exact or Hutchinson", null);
            }
            if (sampling != null && (sampling.manifold().getClass() != path.manifold().getClass()
                    || sampling.manifold().ambientDim() != path.manifold().ambientDim())) {
                throw InvalidConfigException.of("sampling", "a path on " + path.manifold(), sampling.manifold());
            }
            return new PpdLoss(this);
        }
    }
}
