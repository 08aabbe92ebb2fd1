package io.github.flows4j.manifold.rfm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.DivergenceEstimator;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.manifold.Sphere;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Random Fourier input features of {@link TangentMlpField} and the Hutchinson option of {@link ManifoldLikelihood}. */
class FourierFieldAndHutchinsonTest {

    private static TangentMlpField fourierField(long seed, long fourierSeed) {
        return TangentMlpField.builder(new Sphere(3)).fourier(16, 3.0).fourierSeed(fourierSeed).hidden(32, 32)
                .dtype(DataType.DOUBLE).build(Rng.seeded(seed));
    }

    @Test
    void fourierFieldIsTangentConstantAlongNormalsAndSizedByItsFeatures() {
        Sphere s2 = new Sphere(3);
        TangentMlpField f = fourierField(1, 0);
        assertEquals(TangentMlpField.Features.FOURIER, f.features());
        // input width 3 + 2·16 + 1 = 36 → 36·32 + 32 + 32·32 + 32 + 32·3 + 3
        assertEquals(36 * 32 + 32 + 32 * 32 + 32 + 32 * 3 + 3, f.parameterCount());
        assertEquals(3, f.fourierMatrix().size(0));
        assertEquals(16, f.fourierMatrix().size(1));
        INDArray x = s2.randomBase(Rng.seeded(2), DataType.DOUBLE, 50);
        INDArray t = Rng.seeded(3).uniform(DataType.DOUBLE, 50, 1);
        INDArray v = f.velocity(Tensor.constant(x), Tensor.constant(t)).value();
        double radial = Transforms.abs(x.mul(v).sum(1)).maxNumber().doubleValue();
        assertTrue(radial < 1e-12, "max |<x, v>| = " + radial);
        INDArray v2 = f.velocity(Tensor.constant(x.mul(2.5)), Tensor.constant(t)).value();
        assertTrue(Transforms.abs(v2.sub(v)).maxNumber().doubleValue() < 1e-12, "v(2.5 x) = v(x)");
        assertTrue(v.norm2Number().doubleValue() > 1e-3, "a non-trivial field");
    }

    @Test
    void fourierMatrixDependsOnlyOnTheFourierSeed() {
        INDArray a = fourierField(1, 7).fourierMatrix();
        INDArray b = fourierField(2, 7).fourierMatrix();
        INDArray c = fourierField(1, 8).fourierMatrix();
        assertEquals(a, b, "the weight seed does not move B");
        assertFalse(a.equalsWithEps(c, 1e-6), "another Fourier seed gives another B");
        double sd = a.stdNumber().doubleValue();
        assertTrue(sd > 1.5 && sd < 4.5, "entries ~ N(0, 3²): sample sd " + sd);
    }

    @Test
    void likelihoodOfAFourierFieldIsANormalisedDensity() {
        // E_{x ~ uniform}[p(x)]·4π = ∫ p dA = 1: checks the ambient divergence through the features and projection
        Sphere s2 = new Sphere(3);
        TangentMlpField f = fourierField(4, 0);
        INDArray x = s2.randomBase(Rng.seeded(5), DataType.DOUBLE, 1500);
        INDArray logp = ManifoldLikelihood.builder(s2).build().evaluate(f, x).logProb();
        double mass = Transforms.exp(logp, true).meanNumber().doubleValue() * 4 * Math.PI;
        double spread = logp.stdNumber().doubleValue();
        assertTrue(spread > 0.05, "the density is not uniform: sd of log p " + spread);
        assertEquals(1.0, mass, 0.06, "Monte Carlo mass of the learned density");
    }

    @Test
    void hutchinsonAgreesWithTheExactDivergenceOnAverage() {
        FlatTorus t5 = new FlatTorus(5);
        TangentMlpField f = TangentMlpField.builder(t5).hidden(32, 32).dtype(DataType.DOUBLE).build(Rng.seeded(6));
        INDArray x = t5.randomBase(Rng.seeded(7), DataType.DOUBLE, 400);
        INDArray exact = ManifoldLikelihood.builder(t5).build().evaluate(f, x).logProb();
        INDArray hutch = ManifoldLikelihood.builder(t5)
                .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 8), Rng.seeded(8)).build()
                .evaluate(f, x).logProb();
        double spread = exact.stdNumber().doubleValue();
        double meanGap = Math.abs(exact.meanNumber().doubleValue() - hutch.meanNumber().doubleValue());
        double pointGap = Transforms.abs(exact.sub(hutch)).meanNumber().doubleValue();
        assertTrue(spread > 0.02, "the field moves mass: sd of exact log p " + spread);
        assertTrue(pointGap > 1e-6, "the estimator is noisy per point: " + pointGap);
        assertTrue(meanGap < 0.1 * spread, "mean log p gap " + meanGap + " vs spread " + spread
                + " (per-point gap " + pointGap + ")");
    }

    @Test
    void badFourierAndDivergenceSettingsAreTypedErrors() {
        Sphere s2 = new Sphere(3);
        InvalidConfigException count = assertThrows(InvalidConfigException.class,
                () -> TangentMlpField.builder(s2).fourier(0, 1.0).build(Rng.seeded(0)));
        assertTrue(count.getMessage().contains("fourier count"), count.getMessage());
        InvalidConfigException scale = assertThrows(InvalidConfigException.class,
                () -> TangentMlpField.builder(s2).fourier(4, Double.NaN).build(Rng.seeded(0)));
        assertTrue(scale.getMessage().contains("fourier scale"), scale.getMessage());
        InvalidConfigException torus = assertThrows(InvalidConfigException.class,
                () -> TangentMlpField.builder(new FlatTorus(2)).fourier(4, 1.0).build(Rng.seeded(0)));
        assertTrue(torus.getMessage().contains("PERIODIC"), torus.getMessage());
        InvalidConfigException probes = assertThrows(InvalidConfigException.class, () -> ManifoldLikelihood
                .builder(s2).divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 2), null).build());
        assertTrue(probes.getMessage().contains("probes"), probes.getMessage());
    }
}
