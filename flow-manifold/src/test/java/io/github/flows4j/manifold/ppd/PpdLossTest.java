package io.github.flows4j.manifold.ppd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.ScalarSchedulerValues;
import io.github.flows4j.cnf.path.scheduler.Scheduler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.Euclidean;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.Sphere;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PpdLossTest {
    /** u_t(x) = α'μ + (σ'/σ)(x − αμ): the field that generates N(α_t μ, σ_t² I) from N(0, I). */
    private static VelocityField conditionalField(INDArray mu, double sigmaMin) {
        return new VelocityField() {
            @Override
            public Tensor velocity(Tensor x, Tensor t) {
                Tensor m = Tensor.constant(mu);
                Tensor sigma = t.mul(-(1 - sigmaMin)).add(1);
                Tensor ratio = sigma.pow(-1).mul(-(1 - sigmaMin));
                return m.add(x.sub(m.mul(t)).mul(ratio));
            }

            @Override
            public int dim() {
                return (int) mu.size(1);
            }
        };
    }

    @Test
    void residualVanishesForTheFieldThatGeneratesASingleGaussianKernelPath() {
        Rng rng = Rng.seeded(1);
        Euclidean r3 = new Euclidean(3);
        INDArray mu = rng.normal(DataType.DOUBLE, 1, 3);
        KernelMixturePath path = KernelMixturePath.of(r3, mu, 0.1);
        PpdLoss ppd = PpdLoss.builder(path).build();
        INDArray t = rng.uniform(0.0, 0.99, DataType.DOUBLE, 64, 1);
        INDArray x = path.sample(t, rng.split());
        for (double v : ppd.residual(conditionalField(mu, 0.1), x, t, mu, rng.split()).toDoubleArray()) {
            assertEquals(0, v, 1e-10, "residual");
        }
    }

    @Test
    void zeroFieldHasZeroResidualOnAStationaryPath() {
        Scheduler stationary = new Scheduler() {
            @Override
            public ScalarSchedulerValues at(double t) {
                return new ScalarSchedulerValues(0, 1, 0, 0);
            }
        };
        Euclidean r2 = new Euclidean(2);
        Rng rng = Rng.seeded(2);
        KernelMixturePath path = KernelMixturePath.of(r2, rng.normal(DataType.DOUBLE, 5, 2), stationary);
        VelocityField zero = new VelocityField() {
            @Override
            public Tensor velocity(Tensor x, Tensor t) {
                return x.mul(0);
            }

            @Override
            public int dim() {
                return 2;
            }
        };
        INDArray t = rng.uniform(DataType.DOUBLE, 32, 1);
        INDArray x = path.sample(t, rng.split());
        PpdLoss ppd = PpdLoss.builder(path).ell(1).build();
        double[] r = ppd.residual(zero, x, t, path.data(), rng.split()).toDoubleArray();
        for (double v : r) {
            assertEquals(0, v, 1e-14);
        }
        assertEquals(0, ppd.loss(zero, path.data(), rng.split()).item(), 1e-14);
    }

    @Test
    void hutchinsonAgreesWithTheExactTangentDivergenceInExpectation() {
        Rng rng = Rng.seeded(3);
        Sphere s2 = new Sphere(3);
        INDArray data = s2.randomBase(rng.split(), DataType.DOUBLE, 6);
        KernelMixturePath path = KernelMixturePath.of(s2, data, 0.2);
        TangentMlpField field = TangentMlpField.builder(s2).hidden(16, 16).dtype(DataType.DOUBLE).build(rng.split());
        INDArray t = rng.uniform(0.1, 0.9, DataType.DOUBLE, 4, 1);
        INDArray x = path.sample(t, rng.split());
        double[] exact = PpdLoss.builder(path).build().residual(field, x, t, data, rng.split()).toDoubleArray();
        int k = 4000;
        double[] hutch = PpdLoss.builder(path).divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER,
                k)).build().residual(field, x, t, data, rng.split()).toDoubleArray();
        // one-probe variance of εᵀPJPε is below 2‖J‖_F² ≲ (a few)²; the K-probe mean's standard error is ~ 0.05
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], hutch[i], 0.15 * Math.max(1, Math.abs(exact[i])), "row " + i);
        }
    }

    @Test
    void exactTangentDivergenceOfARotationIsZeroOnTheSphere() {
        // a Killing field v = ω × x is divergence-free; with the uniform path (t = 0) the residual is 0
        Sphere s2 = new Sphere(3);
        Rng rng = Rng.seeded(4);
        INDArray data = s2.randomBase(rng.split(), DataType.DOUBLE, 3);
        KernelMixturePath path = KernelMixturePath.of(s2, data, 0.2);
        VelocityField rotation = new VelocityField() {
            @Override
            public Tensor velocity(Tensor x, Tensor t) {
                Tensor x0 = x.narrow(1, 0, 1);
                Tensor x1 = x.narrow(1, 1, 1);
                Tensor x2 = x.narrow(1, 2, 1);
                return Tensor.concat(1, x1.neg().mul(0.7).add(x2.mul(0.2)), x0.mul(0.7), x0.mul(-0.2));
            }

            @Override
            public int dim() {
                return 3;
            }
        };
        INDArray x = s2.randomBase(rng.split(), DataType.DOUBLE, 16);
        INDArray t = Nd4j.zeros(DataType.DOUBLE, 16, 1);
        for (double v : PpdLoss.builder(path).build().residual(rotation, x, t, data, rng).toDoubleArray()) {
            assertEquals(0, v, 1e-12);
        }
    }

    @Test
    void trainingThroughTheDoubleBackwardReachesTheWeights() {
        Rng rng = Rng.seeded(5);
        FlatTorus t2 = new FlatTorus(2);
        INDArray data = t2.randomBase(rng.split(), DataType.DOUBLE, 32);
        KernelMixturePath path = KernelMixturePath.of(t2, data, 0.3);
        TangentMlpField field = TangentMlpField.builder(t2).hidden(8).dtype(DataType.DOUBLE).build(rng.split());
        Tensor loss = PpdLoss.builder(path).build().loss(field, data, rng.split());
        loss.backward();
        double norm = 0;
        for (Tensor p : field.parameters().values()) {
            assertTrue(p.grad() != null, "every weight gets a gradient");
            norm += p.grad().norm2Number().doubleValue();
        }
        assertTrue(norm > 0 && Double.isFinite(norm), "gradient norm " + norm);
    }

    @Test
    void ellOutsideOneAndTwoIsATypedError() {
        KernelMixturePath path = KernelMixturePath.of(new Sphere(3),
                new Sphere(3).randomBase(Rng.seeded(0), DataType.DOUBLE, 2), new CondOTScheduler(0.1));
        for (int ell : new int[] {0, 3, -1}) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> PpdLoss.builder(path).ell(ell).build());
            assertTrue(e.getMessage().contains("ell"), e.getMessage());
        }
        assertThrows(InvalidConfigException.class, () -> PpdLoss.builder(path).divergence(null).build());
        KernelMixturePath torus = KernelMixturePath.of(new FlatTorus(3),
                new FlatTorus(3).randomBase(Rng.seeded(0), DataType.DOUBLE, 2), 0.1);
        InvalidConfigException other = assertThrows(InvalidConfigException.class,
                () -> PpdLoss.builder(path).sampling(torus).build());
        assertTrue(other.getMessage().contains("sampling"), other.getMessage());
        KernelMixturePath wider = KernelMixturePath.of(new Sphere(3),
                new Sphere(3).randomBase(Rng.seeded(1), DataType.DOUBLE, 2), 0.5);
        assertEquals(2, PpdLoss.builder(path).sampling(wider).build().ell());
    }
}
