package io.github.flows4j.manifold.manifold;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A premetric d : M × M → [0, ∞) — d(x, y) ≥ 0, zero exactly when x = y, with a gradient ∇_x d that vanishes only
 * there — from which Riemannian Flow Matching builds its conditional flows on general geometries (Chen and Lipman
 * 2024, §3.2, eq. 14–16): the vector field
 * <pre>
 *   u_t(x | x₁) = (d log κ(t)/dt) · d(x, x₁) · ∇_x d(x, x₁) / ‖∇_x d(x, x₁)‖²_g
 * </pre>
 * moves x so that d(x_t, x₁) = κ(t) d(x₀, x₁). On simple geometries the premetric is the geodesic distance
 * ({@link #geodesic}), on meshes a spectral distance
 * ({@link io.github.flows4j.manifold.mesh.SpectralDistance}).
 *
 * <pre>{@code
 * Premetric d = Premetric.geodesic(new Sphere(3));
 * INDArray g = d.gradient(x, x1);         // [batch, 3], tangent at x, unit length (0 where x = x1)
 * }</pre>
 */
public interface Premetric {
    /** @return D, the ambient dimension of the points */
    int ambientDim();

    /**
     * @param x points, [batch, D]
     * @param y points, [batch, D]
     * @return d(x, y), [batch]
     * @throws ShapeMismatchException if x or y is not [batch, D]
     */
    INDArray dist(INDArray x, INDArray y);

    /**
     * @param x points, [batch, D]
     * @param y points, [batch, D]
     * @return the Riemannian gradient ∇_x d(x, y), a tangent vector at x, [batch, D]; zero where x = y
     * @throws ShapeMismatchException if x or y is not [batch, D]
     */
    INDArray gradient(INDArray x, INDArray y);

    /**
     * The geodesic distance of a manifold as a premetric: its gradient is −log_x(y) / dist(x, y), the unit tangent
     * pointing away from y (zero where the distance is below 1e-12 in float64 or 1e-8 in float32, i.e. x = y up to
     * round-off; at a cut point, along the manifold's deterministic choice of log).
     *
     * @param manifold the manifold
     * @return its geodesic premetric
     */
    static Premetric geodesic(Manifold manifold) {
        return new Premetric() {
            @Override
            public int ambientDim() {
                return manifold.ambientDim();
            }

            @Override
            public INDArray dist(INDArray x, INDArray y) {
                return manifold.dist(x, y);
            }

            @Override
            public INDArray gradient(INDArray x, INDArray y) {
                INDArray log = manifold.logmap(x, y);
                double[] v = HostArrays.toDoubles(log);
                double[] d = HostArrays.toDoubles(manifold.norm(x, log));
                int dim = manifold.ambientDim();
                double tiny = 1e-4 * Rows.tolerance(x.dataType());
                for (int i = 0; i < d.length; i++) {
                    double s = d[i] > tiny ? -1 / d[i] : 0;
                    for (int j = 0; j < dim; j++) {
                        v[i * dim + j] *= s;
                    }
                }
                return HostArrays.fromDoubles(v, x.dataType(), x.shape());
            }

            @Override
            public String toString() {
                return "geodesic premetric of " + manifold;
            }
        };
    }
}
