package io.github.flows4j.core.flows;

import static io.github.flows4j.core.flows.CouplingTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.io.Checkpoint;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Normalizing flows: normalised densities, reparameterised samples, training through the Trainer, bad input. */
class NormalizingFlowTest {

    private static NormalizingFlow flow(boolean spline, int dim, int contextDim, DataType dtype, Rng rng) {
        NormalizingFlow.Builder b = NormalizingFlow.builder().dim(dim).contextDim(contextDim).layers(4).hidden(16, 16)
                .dtype(dtype);
        return (spline ? b.spline(8, 4.0) : b.affine()).build(rng);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @SuppressWarnings("try")
    void densityIntegratesToOneOnAGrid(boolean spline) {
        Rng rng = Rng.seeded(11);
        NormalizingFlow f = flow(spline, 2, 0, DataType.DOUBLE, rng.split());
        FlowTesting.randomize(f, 0.25, rng.split());
        double lo = -10;
        double h = 0.04;
        int m = 500;
        int rowsPerBatch = 20;
        double mass = 0;
        double[] block = new double[2 * m * rowsPerBatch];
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int i0 = 0; i0 < m; i0 += rowsPerBatch) {
                for (int i = 0; i < rowsPerBatch; i++) {
                    for (int j = 0; j < m; j++) {
                        block[2 * (i * m + j)] = lo + (i0 + i + 0.5) * h;
                        block[2 * (i * m + j) + 1] = lo + (j + 0.5) * h;
                    }
                }
                try (TensorScope s = TensorScope.open()) {
                    INDArray x = Nd4j.create(block, new long[] {(long) m * rowsPerBatch, 2});
                    mass += f.logProb(Tensor.constant(x), null).exp().sum().item() * h * h;
                }
            }
        }
        assertEquals(1.0, mass, 2e-3, (spline ? "spline" : "affine") + " flow: ∫ p = " + mass);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rsampleLogProbEqualsLogProbOfTheSamples(boolean spline) {
        Rng rng = Rng.seeded(12);
        NormalizingFlow f = flow(spline, 3, 2, DataType.DOUBLE, rng.split());
        FlowTesting.randomize(f, 0.25, rng.split());
        Tensor c = Tensor.constant(rng.normal(DataType.DOUBLE, 50, 2));
        Transformed s = f.rsample(50, c, rng.split());
        INDArray direct = f.logProb(s.value(), c).value();
        assertEquals(0.0, direct.sub(s.logDet().value()).amaxNumber().doubleValue(), 1e-10);
        Transformed z = f.forward(s.value(), c);
        Transformed back = f.inverse(z.value(), c);
        assertEquals(0.0, back.value().value().sub(s.value().value()).amaxNumber().doubleValue(), 1e-10);
    }

    @Test
    void samplesAreDeterministicAndOfTheRightShape() {
        NormalizingFlow f = flow(true, 2, 1, DataType.FLOAT, Rng.seeded(13));
        FlowTesting.randomize(f, 0.25, Rng.seeded(14));
        INDArray c = Nd4j.ones(DataType.FLOAT, 7, 1);
        INDArray a = f.sample(7, c, Rng.seeded(15));
        INDArray b = f.sample(7, c, Rng.seeded(15));
        assertEquals(DataType.FLOAT, a.dataType());
        assertEquals(7, a.size(0));
        assertEquals(2, a.size(1));
        assertEquals(a, b);
    }

    @Test
    void flowIsAModuleWithEveryLayersParameters() {
        NormalizingFlow f = flow(false, 3, 0, DataType.FLOAT, Rng.seeded(16));
        // 4 couplings and 3 permutations; parameters only in the couplings' conditioners
        assertEquals(7, f.layers().size());
        assertTrue(f.parameters().containsKey("layers_0.conditioner.layers.0.weight"), f.parameters().keySet()
                .toString());
        long expected = 0;
        for (Bijection b : f.layers()) {
            if (b instanceof Coupling cpl) {
                expected += cpl.parameterCount();
            }
        }
        assertEquals(expected, f.parameterCount());
        NormalizingFlow composed = NormalizingFlow.of(2, 0, DataType.DOUBLE, List.of(
                Permutation.reverse(2, DataType.DOUBLE),
                AffineCoupling.builder().dim(2).hidden(4).dtype(DataType.DOUBLE).build(Rng.seeded(1))));
        assertEquals(1 * 4 + 4 + 4 * 2 + 2, composed.parameterCount());   // conditioner 1 -> 4 -> 2
    }

    /** The default-test twin of {@link FlowToyNllSlowTest}: a few hundred Trainer steps, float32. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shortTrainingOnTwoMoonsBeatsTheBaseGaussian(boolean spline) {
        Rng rng = Rng.seeded(17);
        NormalizingFlow f = NormalizingFlow.builder().dim(2).layers(4).hidden(32, 32).dtype(DataType.FLOAT)
                .spline(8, 4.0).build(rng.split());
        if (!spline) {
            f = NormalizingFlow.builder().dim(2).layers(4).hidden(32, 32).dtype(DataType.FLOAT).build(rng.split());
        }
        INDArray test = Toy2d.TWO_MOONS.sample(2000, rng.split(), DataType.FLOAT);
        FlowFit.Result r = FlowFit.fit(f, Toy2d.TWO_MOONS, 300, 128, 5e-3, test, rng.split());
        assertTrue(Double.isFinite(r.trainedNll()), "finite NLL");
        assertTrue(r.trainedNll() < r.baseNll() - 0.5, (spline ? "spline" : "affine") + ": test NLL "
                + r.trainedNll() + " vs base N(0, I) " + r.baseNll());
    }

    @Test
    void checkpointRestoresTheDensity(@TempDir Path dir) throws IOException {
        NormalizingFlow a = flow(true, 2, 1, DataType.DOUBLE, Rng.seeded(21));
        FlowTesting.randomize(a, 0.25, Rng.seeded(22));
        Path file = dir.resolve("flow.ckpt");
        Checkpoint.save(file, a, null);
        NormalizingFlow b = flow(true, 2, 1, DataType.DOUBLE, Rng.seeded(23));
        Checkpoint.load(file, b, null);
        Tensor x = Tensor.constant(Rng.seeded(24).normal(DataType.DOUBLE, 9, 2));
        Tensor c = Tensor.constant(Rng.seeded(25).normal(DataType.DOUBLE, 9, 1));
        assertEquals(a.logProb(x, c).value(), b.logProb(x, c).value());
    }

    @Test
    void badInputNamesTheArgument() {
        Rng rng = Rng.seeded(18);
        NormalizingFlow f = flow(true, 2, 3, DataType.DOUBLE, rng.split());
        Tensor c = Tensor.constant(rng.normal(DataType.DOUBLE, 4, 3));
        assertMessage(ShapeMismatchException.class, "x",
                () -> f.logProb(Tensor.constant(rng.normal(DataType.DOUBLE, 4, 3)), c));
        assertMessage(ShapeMismatchException.class, "context",
                () -> f.logProb(Tensor.constant(rng.normal(DataType.DOUBLE, 4, 2)),
                        Tensor.constant(rng.normal(DataType.DOUBLE, 4, 2))));
        assertMessage(InvalidConfigException.class, "context",
                () -> f.logProb(Tensor.constant(rng.normal(DataType.DOUBLE, 4, 2)), null));
        assertMessage(ShapeMismatchException.class, "context",
                () -> f.sample(5, rng.normal(DataType.DOUBLE, 4, 3), rng.split()));
        assertMessage(InvalidConfigException.class, "n", () -> f.rsample(0, null, rng.split()));
        INDArray nan = rng.normal(DataType.DOUBLE, 4, 2);
        nan.putScalar(3, Double.NaN);
        assertMessage(io.github.flows4j.core.NonFiniteException.class, "x",
                () -> f.logProb(Tensor.constant(nan), c));
        assertMessage(InvalidConfigException.class, "bins",
                () -> NormalizingFlow.builder().dim(2).spline(1, 3.0).build(rng.split()));
        assertMessage(InvalidConfigException.class, "tailBound",
                () -> NormalizingFlow.builder().dim(2).spline(8, -1.0).build(rng.split()));
        assertMessage(InvalidConfigException.class, "layers",
                () -> NormalizingFlow.builder().dim(2).layers(0).build(rng.split()));
        assertMessage(InvalidConfigException.class, "dim", () -> NormalizingFlow.builder().dim(1).build(rng.split()));
        assertMessage(InvalidConfigException.class, "scaleBound",
                () -> NormalizingFlow.builder().dim(2).scaleBound(0).build(rng.split()));
        assertMessage(InvalidConfigException.class, "layers[0]", () -> NormalizingFlow.of(3, 0, DataType.DOUBLE,
                List.of(Permutation.reverse(2, DataType.DOUBLE))));
    }
}
