package io.github.flows4j.manifold.ppd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.DifferentiableManifold;
import io.github.flows4j.manifold.manifold.Euclidean;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.Hyperbolic;
import io.github.flows4j.manifold.manifold.OffManifoldException;
import io.github.flows4j.manifold.manifold.ProductManifold;
import io.github.flows4j.manifold.manifold.Sphere;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class KernelMixturePathTest {
    private static List<DifferentiableManifold> manifolds() {
        return List.of(new Sphere(3), new Sphere(5), new FlatTorus(2), new FlatTorus(3), new Euclidean(2),
                ProductManifold.of(new Sphere(3), new FlatTorus(2)));
    }

    private static KernelMixturePath path(DifferentiableManifold m, Rng rng, int n, double sigmaMin) {
        INDArray data = m.randomBase(rng, DataType.DOUBLE, n);
        return KernelMixturePath.of(m, data, sigmaMin);
    }

    private static double[] logProb(KernelMixturePath p, INDArray x, INDArray t) {
        return p.evaluate(Tensor.constant(x), t).logProb().toDoubleArray();
    }

    @Test
    void logDensityIntegratesToOneOnTheSphereAndTorusByMonteCarlo() {
        Rng rng = Rng.seeded(11);
        for (DifferentiableManifold m : List.of(new Sphere(3), new FlatTorus(2))) {
            KernelMixturePath p = path(m, rng.split(), 5, 0.3);
            for (double t : new double[] {0.0, 0.4, 0.8}) {
                int n = 100_000;
                INDArray x = m.randomBase(rng.split(), DataType.DOUBLE, n);
                double[] lp = logProb(p, x, PpdTestSupport.constantTimes(t, n));
                double[] base = HostArrays.toDoubles(m.baseLogProb(x));
                double sum = 0;
                double sum2 = 0;
                for (int i = 0; i < n; i++) {
                    double w = Math.exp(lp[i] - base[i]);     // p / p_uniform: E_uniform[w] = ∫ p = 1
                    sum += w;
                    sum2 += w * w;
                }
                double mean = sum / n;
                double se = Math.sqrt((sum2 / n - mean * mean) / n);
                assertTrue(se < 0.02, m + " t=" + t + " standard error " + se);
                assertEquals(1.0, mean, 4 * se + 1e-12, m + " t=" + t + ": ∫ p_t = " + mean + " ± " + se);
                if (t == 0) {
                    assertEquals(base[0], lp[0], 1e-12, "p_0 is the uniform base on " + m);
                }
            }
        }
    }

    @Test
    void timeDerivativeMatchesCentralDifferences() {
        Rng rng = Rng.seeded(3);
        double h = 1e-5;
        for (DifferentiableManifold m : manifolds()) {
            KernelMixturePath p = path(m, rng.split(), 7, 0.2);
            int n = 16;
            INDArray t = rng.uniform(0.05, 0.95, DataType.DOUBLE, n, 1);
            INDArray x = p.sample(t, rng.split());
            double[] dt = p.evaluate(Tensor.constant(x), t).dtLogProb().toDoubleArray();
            double[] up = logProb(p, x, t.add(h));
            double[] down = logProb(p, x, t.sub(h));
            for (int i = 0; i < n; i++) {
                double fd = (up[i] - down[i]) / (2 * h);
                assertEquals(fd, dt[i], 1e-6 * Math.max(1, Math.abs(fd)), m + " row " + i);
            }
        }
    }

    @Test
    void riemannianGradientMatchesFiniteDifferencesAndTheTape() {
        Rng rng = Rng.seeded(4);
        double h = 1e-5;
        for (DifferentiableManifold m : manifolds()) {
            KernelMixturePath p = path(m, rng.split(), 7, 0.2);
            int n = 16;
            INDArray t = rng.uniform(0.05, 0.95, DataType.DOUBLE, n, 1);
            INDArray x = p.sample(t, rng.split());
            Tensor xv = Tensor.variable(x);
            PathValues v = p.evaluate(xv, t);
            INDArray grad = v.gradLogProb().value();
            // the tape: the projected ambient gradient of log p_t is the Riemannian gradient
            INDArray tape = m.proju(x, Autodiff.grad(v.logProb().sum(), xv)[0].value());
            assertTrue(grad.equalsWithEps(tape, 1e-9), m + ": closed form " + grad + " vs tape " + tape);
            assertTrue(m.proju(x, grad).equalsWithEps(grad, 1e-12), m + ": the gradient is tangent");
            // along a random tangent direction: d/dh log p_t(exp_x(h u)) = ⟨∇ log p_t, u⟩
            INDArray u = m.proju(x, rng.normal(DataType.DOUBLE, x.shape()));
            double[] up = logProb(p, m.expmap(x, u.mul(h)), t);
            double[] down = logProb(p, m.expmap(x, u.mul(-h)), t);
            double[] dir = HostArrays.toDoubles(m.inner(x, grad, u));
            for (int i = 0; i < n; i++) {
                double fd = (up[i] - down[i]) / (2 * h);
                assertEquals(fd, dir[i], 1e-6 * Math.max(1, Math.abs(fd)), m + " row " + i);
            }
        }
    }

    @Test
    void samplesConcentrateOnTheCentresAtTimeOne() {
        Rng rng = Rng.seeded(5);
        for (DifferentiableManifold m : List.of(new Sphere(3), new FlatTorus(2), new Sphere(11))) {
            INDArray centre = m.randomBase(rng.split(), DataType.DOUBLE, 1);
            INDArray centres = Nd4j.repeat(centre, 4000).reshape(4000, m.ambientDim());
            KernelMixturePath p = KernelMixturePath.of(m, centre, 0.05);
            INDArray x = p.sampleAround(centres, PpdTestSupport.constantTimes(1, 4000), rng.split());
            double[] d = HostArrays.toDoubles(m.dist(x, centres));
            double mean2 = 0;
            for (double v : d) {
                mean2 += v * v / d.length;
            }
            // E dist² ≈ (intrinsic dim) σ² for a concentrated kernel
            double expected = m.intrinsicDim() * 0.05 * 0.05;
            assertEquals(expected, mean2, 0.1 * expected, m + " mean squared distance");
        }
    }

    @Test
    void drawsNearTimeZeroAreUniform() {
        // κ_t = (t/σ_t)² is tiny near t = 0: the samplers must neither loop nor lose the uniform law
        Rng rng = Rng.seeded(6);
        for (DifferentiableManifold m : List.of(new FlatTorus(2), new Sphere(3))) {
            INDArray centre = m.randomBase(rng.split(), DataType.DOUBLE, 1);
            KernelMixturePath p = KernelMixturePath.of(m, centre, 0.1);
            INDArray centres = Nd4j.repeat(centre, 4000).reshape(4000, m.ambientDim());
            for (double t : new double[] {0, 1e-9, 1e-5, 1e-3}) {
                INDArray x = p.sampleAround(centres, PpdTestSupport.constantTimes(t, 4000), rng.split());
                // uniform: E[cos(x − μ)] = 0 per circle on T², E⟨x, μ⟩ = 0 on S²
                double mean = m instanceof FlatTorus
                        ? Transforms.cos(x.sub(centres)).meanNumber().doubleValue()
                        : x.mul(centres).sum(1).meanNumber().doubleValue();
                assertEquals(0, mean, 0.05, m + " t=" + t);
            }
        }
    }

    @Test
    void badInputGivesTypedErrorsNamingTheArgument() {
        Sphere s2 = new Sphere(3);
        INDArray data = s2.randomBase(Rng.seeded(0), DataType.DOUBLE, 4);
        InvalidConfigException width = assertThrows(InvalidConfigException.class,
                () -> KernelMixturePath.of(s2, data, 0.0));
        assertTrue(width.getMessage().contains("sigmaMin"), width.getMessage());
        assertThrows(InvalidConfigException.class, () -> KernelMixturePath.of(s2, data, -0.1));
        ShapeMismatchException empty = assertThrows(ShapeMismatchException.class,
                () -> KernelMixturePath.of(s2, Nd4j.zeros(DataType.DOUBLE, 0, 3), 0.1));
        assertTrue(empty.getMessage().contains("data"), empty.getMessage());
        OffManifoldException off = assertThrows(OffManifoldException.class,
                () -> KernelMixturePath.of(s2, data.mul(2), 0.1));
        assertTrue(off.getMessage().contains("data"), off.getMessage());
        KernelMixturePath p = KernelMixturePath.of(s2, data, 0.1);
        OffManifoldException offX = assertThrows(OffManifoldException.class,
                () -> p.evaluate(Tensor.constant(data.mul(2)), PpdTestSupport.constantTimes(0.5, 4)));
        assertTrue(offX.getMessage().contains("x"), offX.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> p.evaluate(Tensor.constant(data), PpdTestSupport.constantTimes(1.5, 4)));
        assertThrows(ShapeMismatchException.class,
                () -> p.evaluate(Tensor.constant(data), PpdTestSupport.constantTimes(0.5, 3)));
        InvalidConfigException noKernel = assertThrows(InvalidConfigException.class,
                () -> KernelMixturePath.of(new Hyperbolic(2), new Hyperbolic(2).origin(DataType.DOUBLE, 1), 0.1));
        assertTrue(noKernel.getMessage().contains("manifold"), noKernel.getMessage());
        InvalidConfigException zeroEnd = assertThrows(InvalidConfigException.class,
                () -> KernelMixturePath.of(s2, data, new CondOTScheduler(0.0)));
        assertTrue(zeroEnd.getMessage().contains("schedule"), zeroEnd.getMessage());
    }
}
