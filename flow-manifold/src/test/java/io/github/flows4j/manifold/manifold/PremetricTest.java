package io.github.flows4j.manifold.manifold;

import static io.github.flows4j.manifold.manifold.ManifoldCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The geodesic premetric's gradient is the Riemannian gradient of the distance. */
class PremetricTest {
    @Test
    void geodesicGradientIsTheProjectedAutodiffGradientWithUnitNorm() {
        for (DifferentiableManifold m : new DifferentiableManifold[] {new Sphere(3), new FlatTorus(3),
            new Euclidean(2), ProductManifold.of(new Sphere(3), new FlatTorus(1))}) {
            Rng rng = Rng.seeded(31);
            INDArray x = m.randomBase(rng, DataType.DOUBLE, 16);
            INDArray y = m.randomBase(rng, DataType.DOUBLE, 16);
            Premetric d = Premetric.geodesic(m);
            INDArray g = d.gradient(x, y);
            Tensor xt = Tensor.variable(x);
            Tensor[] auto = Autodiff.grad(m.dist(xt, Tensor.constant(y)).sum(), xt);
            // for metrics induced by the ambient Euclidean one, the Riemannian gradient is the projected one
            assertClose(m.proju(x, auto[0].value()), g, 1e-9, m + " gradient");
            for (double n : HostArrays.toDoubles(m.norm(x, g))) {
                assertEquals(1, n, 1e-9);
            }
            assertClose(m.dist(x, y), d.dist(x, y), 0, "dist");
            assertClose(new double[(int) x.length()], HostArrays.toDoubles(d.gradient(x, x)), 0, "zero at x = y");
        }
    }

    @Test
    void hyperbolicGradientPointsAwayWithUnitLorentzNorm() {
        Hyperbolic h = new Hyperbolic(2);
        INDArray x = h.randomBase(Rng.seeded(32), DataType.DOUBLE, 8);
        INDArray y = h.randomBase(Rng.seeded(33), DataType.DOUBLE, 8);
        INDArray g = Premetric.geodesic(h).gradient(x, y);
        // a small step along −∇d shortens the distance by the step: d(exp_x(−εg), y) ≈ d(x, y) − ε
        INDArray step = h.expmap(x, g.mul(-1e-5));
        double[] before = HostArrays.toDoubles(h.dist(x, y));
        double[] after = HostArrays.toDoubles(h.dist(step, y));
        for (int i = 0; i < 8; i++) {
            assertEquals(before[i] - 1e-5, after[i], 1e-9);
        }
    }
}
