package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.path.PathSample;
import io.github.flows4j.cnf.path.ProbPath;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Riemannian conditional Flow Matching loss (Chen and Lipman 2024, eq. 14):
 * L(θ) = E_{t ~ U[0,1], x₀ ~ p₀, x₁ ~ q} ‖v_θ(x_t, t) − u_t(x_t | x₁)‖²_{g(x_t)}, with x₀ drawn from the manifold's
 * base distribution (uniform on the sphere and torus), (x_t, u_t) from a conditional path ({@link GeodesicPath} or
 * {@link PremetricPath}) and the squared norm in the Riemannian metric at x_t, averaged over the batch. The path
 * sample is built without gradients; only the model's evaluation is recorded.
 *
 * <pre>{@code
 * RfmLoss rfm = new RfmLoss(s2, new GeodesicPath(s2, KappaScheduler.linear()));
 * try (TensorScope scope = TensorScope.open()) {
 *     Tensor loss = rfm.loss(field, x1, rng);    // x1: [batch, 3] data on S²; a scalar
 *     loss.backward();
 *     adam.step();
 * }
 * }</pre>
 *
 * @param manifold the manifold: base samples and the metric
 * @param path     the conditional path
 */
public record RfmLoss(DifferentiableManifold manifold, ProbPath path) {
    /**
     * Validates the parts.
     *
     * @throws InvalidConfigException if a part is null
     */
    public RfmLoss {
        if (manifold == null) {
            throw InvalidConfigException.of("manifold", "a manifold", null);
        }
        if (path == null) {
            throw InvalidConfigException.of("path", "a conditional path", null);
        }
    }

    /**
     * Draws x₀ and t and builds the regression targets.
     *
     * @param x1  data on the manifold, [batch, D]
     * @param rng draws x₀ ~ p₀ and t ~ U[0, 1) (advanced)
     * @return the path sample
     * @throws ShapeMismatchException if x1 is not [batch, D]
     * @throws OffManifoldException   if a row of x1 is off the manifold
     */
    @SuppressWarnings("try")
    public PathSample draw(INDArray x1, Rng rng) {
        manifold.checkPoints("x1", x1);
        long batch = x1.size(0);
        INDArray x0 = manifold.randomBase(rng, x1.dataType(), batch);
        INDArray t = rng.uniform(x1.dataType(), batch, 1);
        try (GradMode.Scope off = GradMode.noGrad()) {
            return path.sample(x0, x1, t);
        }
    }

    /**
     * @param field the model, tangent to the manifold
     * @param x1    data on the manifold, [batch, D]
     * @param rng   the random stream (advanced)
     * @return the loss, a scalar differentiable in the field's parameters
     * @throws ShapeMismatchException if x1 is not [batch, D]
     * @throws OffManifoldException   if a row of x1 is off the manifold
     */
    public Tensor loss(VelocityField field, INDArray x1, Rng rng) {
        return loss(field, draw(x1, rng));
    }

    /**
     * @param field  the model
     * @param sample a path sample from {@link #draw}
     * @return mean ‖v_θ(x_t, t) − u_t‖²_{g(x_t)}, a scalar
     */
    public Tensor loss(VelocityField field, PathSample sample) {
        Tensor xt = Tensor.constant(sample.xt());
        Tensor v = field.velocity(xt, Tensor.constant(sample.t()));
        Tensor diff = v.sub(Tensor.constant(sample.dxt()));
        return manifold.inner(xt, diff, diff).mean();
    }
}
