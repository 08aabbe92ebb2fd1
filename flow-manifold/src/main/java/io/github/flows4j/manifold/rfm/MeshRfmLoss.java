package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.path.PathSample;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import io.github.flows4j.manifold.mesh.FaceDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Riemannian Flow Matching loss on a triangle mesh (Chen and Lipman 2024, eq. 14 with the premetric path of
 * §3.2): L(θ) = E ‖v_θ(x_t, t) − u_t(x_t | x₁)‖², with x₀ from a base distribution on the surface (uniform, or any
 * {@link FaceDistribution} — the maze example starts in one cell), t ~ U[0, 1), and (x_t, u_t) simulated by a
 * {@link PremetricPath}. On a mesh the metric of each face is the Euclidean one of R³, so the squared norm is the
 * ambient one of the tangent difference. The path sample is built without gradients.
 *
 * <p><b>Speed cap.</b> The target speed is d(x₀, x₁)·‖∇d‖⁻¹ for κ = 1 − t, which is unbounded where ∇d(·, x₁)
 * nearly vanishes — near the maximum of a truncated spectral distance on a closed surface, or in the corners of a
 * Neumann domain — and a few such rows can dominate the mean squared error. {@link #withMaxSpeed} optionally
 * rescales targets faster than a cap to the cap (direction kept); the default, 0, is the paper's loss unchanged.
 *
 * <pre>{@code
 * PremetricPath path = new PremetricPath(distance, KappaScheduler.linear(), new Euler(), 20);
 * MeshRfmLoss rfm = MeshRfmLoss.uniform(path);
 * try (TensorScope scope = TensorScope.open()) {
 *     Tensor loss = rfm.loss(field, x1, rng);     // x1: [batch, 3] on the mesh
 *     loss.backward();
 *     adam.step();
 * }
 * }</pre>
 *
 * @param path     the premetric path on the mesh
 * @param base     the base distribution p₀, on the path's mesh
 * @param maxSpeed the cap on target speeds in mesh units per unit time; 0 for none
 */
public record MeshRfmLoss(PremetricPath path, FaceDistribution base, double maxSpeed) {
    /**
     * Validates the parts.
     *
     * @throws InvalidConfigException if a part is null, the base lives on another mesh than the premetric, or the
     *                                cap is negative or not finite
     */
    public MeshRfmLoss {
        if (!(maxSpeed >= 0 && Double.isFinite(maxSpeed))) {
            throw InvalidConfigException.of("maxSpeed", ">= 0 and finite (0 = no cap)", maxSpeed);
        }
        if (path == null) {
            throw InvalidConfigException.of("path", "a premetric path", null);
        }
        if (base == null) {
            throw InvalidConfigException.of("base", "a distribution on the mesh", null);
        }
        if (base.mesh() != path.premetric().mesh()) {
            throw InvalidConfigException.of("base", "a distribution on the premetric's mesh "
                    + path.premetric().mesh(), base.mesh());
        }
    }

    /**
     * The paper's loss, without a speed cap.
     *
     * @param path the premetric path on the mesh
     * @param base the base distribution p₀, on the path's mesh
     * @throws InvalidConfigException if a part is null or the base lives on another mesh than the premetric
     */
    public MeshRfmLoss(PremetricPath path, FaceDistribution base) {
        this(path, base, 0);
    }

    /**
     * @param cap the cap on target speeds, &gt; 0, or 0 for none
     * @return this loss with that cap
     * @throws InvalidConfigException if the cap is negative or not finite
     */
    public MeshRfmLoss withMaxSpeed(double cap) {
        return new MeshRfmLoss(path, base, cap);
    }

    /**
     * @param path the premetric path
     * @return the loss with the uniform distribution on the surface as base
     */
    public static MeshRfmLoss uniform(PremetricPath path) {
        if (path == null) {
            throw InvalidConfigException.of("path", "a premetric path", null);
        }
        return new MeshRfmLoss(path, FaceDistribution.uniform(path.premetric().mesh()));
    }

    /**
     * Draws x₀ and t and simulates the conditional path.
     *
     * @param x1  data on the mesh, [batch, 3]
     * @param rng draws x₀ ~ p₀ and t ~ U[0, 1) (advanced)
     * @return the path sample
     * @throws ShapeMismatchException if x1 is not [batch, 3]
     * @throws OffManifoldException   if a row of x1 is off the surface
     */
    @SuppressWarnings("try")
    public PathSample draw(INDArray x1, Rng rng) {
        path.premetric().locator().checkOnSurface("x1", x1);
        int batch = (int) x1.size(0);
        INDArray x0 = base.sample(rng, batch).points(x1.dataType());
        INDArray t = rng.uniform(x1.dataType(), batch, 1);
        try (GradMode.Scope off = GradMode.noGrad()) {
            PathSample s = path.sample(x0, x1, t);
            if (maxSpeed == 0) {
                return s;
            }
            INDArray speed = s.dxt().norm2(1).reshape(batch, 1);
            INDArray factor = Transforms.min(speed.rdiv(maxSpeed), 1.0, false);
            return new PathSample(s.x0(), s.x1(), s.t(), s.xt(), s.dxt().mulColumnVector(factor));
        }
    }

    /**
     * @param field the model, 3-dimensional
     * @param x1    data on the mesh, [batch, 3]
     * @param rng   the random stream (advanced)
     * @return the loss, a scalar differentiable in the field's parameters
     * @throws ShapeMismatchException if x1 is not [batch, 3] or the field is not 3-dimensional
     * @throws OffManifoldException   if a row of x1 is off the surface
     */
    public Tensor loss(VelocityField field, INDArray x1, Rng rng) {
        if (field.dim() != 3) {
            throw ShapeMismatchException.of("field", "dim 3", new long[] {field.dim()});
        }
        return loss(field, draw(x1, rng));
    }

    /**
     * @param field  the model
     * @param sample a path sample from {@link #draw}
     * @return mean ‖v_θ(x_t, t) − u_t‖², a scalar
     */
    public Tensor loss(VelocityField field, PathSample sample) {
        Tensor v = field.velocity(Tensor.constant(sample.xt()), Tensor.constant(sample.t()));
        Tensor diff = v.sub(Tensor.constant(sample.dxt()));
        return diff.mul(diff).sum(1, true).mean();
    }
}
