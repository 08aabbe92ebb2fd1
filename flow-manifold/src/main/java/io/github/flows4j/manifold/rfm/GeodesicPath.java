package io.github.flows4j.manifold.rfm;

import io.github.flows4j.cnf.path.PathSample;
import io.github.flows4j.cnf.path.ProbPath;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The geodesic conditional path of Riemannian Flow Matching on simple geometries (Chen and Lipman 2024, eq. 18):
 * x_t = exp_{x₁}(κ(t) log_{x₁} x₀), which runs from the noise x₀ at t = 0 to the data x₁ at t = 1 with
 * d_g(x_t, x₁) = κ(t) d_g(x₀, x₁). Its conditional velocity u_t = d/dt x_t is computed by a Jacobian-vector
 * product in t through the manifold's {@link DifferentiableManifold Tensor maps} (no finite differences); for
 * κ(t) = 1 − t it equals log_{x_t}(x₁)/(1 − t), a tangent vector at x_t of norm d_g(x₀, x₁).
 *
 * <pre>{@code
 * GeodesicPath path = new GeodesicPath(new Sphere(3), KappaScheduler.linear());
 * PathSample s = path.sample(x0, x1, t);   // x0, x1: [batch, 3] on S², t: [batch, 1] → xt, dxt: [batch, 3]
 * }</pre>
 *
 * @param manifold the manifold, whose maps are differentiable
 * @param kappa    the scheduler κ(t)
 */
public record GeodesicPath(DifferentiableManifold manifold, KappaScheduler kappa) implements ProbPath {
    /**
     * Validates the parts.
     *
     * @throws InvalidConfigException if a part is null
     */
    public GeodesicPath {
        if (manifold == null) {
            throw InvalidConfigException.of("manifold", "a manifold", null);
        }
        if (kappa == null) {
            throw InvalidConfigException.of("kappa", "a scheduler", null);
        }
    }

    /**
     * @param x0 noise points on the manifold, [batch, D]
     * @param x1 data points on the manifold, [batch, D], same type
     * @param t  times in [0, 1], [batch, 1], same type
     * @return (x₀, x₁, t, x_t, u_t) with x_t on the manifold and u_t tangent at x_t, [batch, D] each
     * @throws ShapeMismatchException if a shape disagrees
     * @throws OffManifoldException   if a row of x0 or x1 is off the manifold
     * @throws InvalidConfigException if a time is outside [0, 1]
     */
    @Override
    @SuppressWarnings("try")
    public PathSample sample(INDArray x0, INDArray x1, INDArray t) {
        manifold.checkPoints("x0", x0);
        manifold.checkPoints("x1", x1);
        if (x1.rank() != 2 || x1.size(0) != x0.size(0)) {
            throw ShapeMismatchException.of("x1", "[" + x0.size(0) + ", " + manifold.ambientDim() + "]", x1.shape());
        }
        checkTimes(t, x0.size(0));
        Tensor a = Tensor.constant(x0);
        Tensor b = Tensor.constant(x1);
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor log = manifold.logmap(b, a);
            Tensor tt = Tensor.constant(t.castTo(x0.dataType()));
            Tensor xt = manifold.expmap(b, log.mul(kappa.kappa(tt)));
            Tensor ones = Tensor.constant(Nd4j.ones(x0.dataType(), t.size(0), 1));
            Tensor dxt = Autodiff.jvp(s -> manifold.expmap(b, log.mul(kappa.kappa(s))), tt, ones, false);
            return new PathSample(x0, x1, tt.value(), xt.value().dup(), dxt.value().dup());
        }
    }

    static void checkTimes(INDArray t, long batch) {
        if (t.rank() != 2 || t.size(0) != batch || t.size(1) != 1) {
            throw ShapeMismatchException.of("t", "[" + batch + ", 1]", t.shape());
        }
        double lo = t.minNumber().doubleValue();
        double hi = t.maxNumber().doubleValue();
        if (!(lo >= 0 && hi <= 1)) {
            throw InvalidConfigException.of("t", "times in [0, 1]", "[" + lo + ", " + hi + "]");
        }
    }
}
