package io.github.flows4j.convex.cpflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.convex.icnn.ConvexActivation;
import io.github.flows4j.convex.icnn.Icnn;
import io.github.flows4j.convex.icnn.IcnnConfig;
import io.github.flows4j.convex.logdet.CgConfig;
import io.github.flows4j.convex.logdet.CgLogDetGradient;
import io.github.flows4j.convex.logdet.ExactLogDet;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.Optimizer;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The composed flow: a normalised density, invertible sampling, and learning. */
@SuppressWarnings("try") // scopes are opened only to release what the test allocates
class CpFlowTest {

    static CpFlow flow(int depth, int width, long seed, double logVariance) {
        Icnn g = new Icnn(IcnnConfig.builder().inputDim(2).width(width).depth(depth)
                .activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO).augmented(true).actNorm(true)
                .symmetricFirst(true).dtype(DataType.DOUBLE).build(), Rng.seeded(seed));
        return new CpFlow(List.of(new ActNormStep(2, DataType.DOUBLE), new CpFlowBlock(new ConvexPotential(g, true))),
                new GaussianBase(logVariance));
    }

    @Test
    void theDensityIntegratesToOne() {
        CpFlow flow = flow(3, 16, 1, 0.0);
        Rng rng = Rng.seeded(2);
        flow.initialize(Toy2d.EIGHT_GAUSSIANS.sample(256, rng, DataType.DOUBLE), null);
        // spread the ICNN so the density is far from Gaussian
        for (var e : flow.parameters().entrySet()) {
            if (e.getKey().contains("net.") && !e.getKey().contains("norm")) {
                e.getValue().value().addi(rng.normal(DataType.DOUBLE, e.getValue().shape()).muli(0.5));
            }
        }
        int n = 161;
        double lo = -9;
        double step = 18.0 / (n - 1);
        double[] pts = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                pts[2 * (i * n + j)] = lo + step * j;
                pts[2 * (i * n + j) + 1] = lo + step * i;
            }
        }
        double[] lp = HostArrays.toDoubles(flow.evaluateLogProb(HostArrays.fromDoubles(pts, DataType.DOUBLE,
                (long) n * n, 2), null, ExactLogDet.evaluation(), null, 4000));
        double mass = 0;
        for (double v : lp) {
            mass += Math.exp(v) * step * step;
        }
        assertEquals(1.0, mass, 0.01, "∫ p over [−9, 9]²");
    }

    @Test
    void samplingInvertsTheFlowAndReplaysFromTheSeed() {
        CpFlow flow = flow(3, 16, 3, 2.0);
        flow.initialize(Toy2d.EIGHT_GAUSSIANS.sample(256, Rng.seeded(4), DataType.DOUBLE), null);
        INDArray a = flow.sample(50, null, Rng.seeded(5));
        INDArray b = flow.sample(50, null, Rng.seeded(5));
        assertArrayEquals(HostArrays.toDoubles(a), HostArrays.toDoubles(b), 0.0, "same seed, same samples");
        INDArray z = flow.base().sample(50, 2, DataType.DOUBLE, Rng.seeded(5));
        assertTrue(flow.transform(a, null).sub(z).amaxNumber().doubleValue() < 1e-8, "T(T⁻¹(z)) = z");
    }

    @Test
    void largeInputsAreMappedInBlocksOfRowsWithTheSameResult() {
        CpFlow flow = flow(2, 8, 6, 0.0);
        flow.initialize(Toy2d.EIGHT_GAUSSIANS.sample(256, Rng.seeded(7), DataType.DOUBLE), null);
        int n = CpFlow.ROWS + 37; // two blocks, the second partial
        INDArray x = Toy2d.EIGHT_GAUSSIANS.sample(n, Rng.seeded(8), DataType.DOUBLE);
        double[] all = HostArrays.toDoubles(flow.transform(x, null));
        assertEquals(2L * n, all.length);
        // each row's image does not depend on which block it is in
        INDArray tail = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(n - 50, n),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        double[] alone = HostArrays.toDoubles(flow.transform(tail, null));
        double[] inBlocks = java.util.Arrays.copyOfRange(all, 2 * (n - 50), 2 * n);
        assertArrayEquals(alone, inBlocks, 1e-12);
        assertTrue(flow.inverse(flow.transform(tail, null), null).sub(tail).amaxNumber().doubleValue() < 1e-8);
    }

    @Test
    void aStackOfBlocksIsNormalisedAndInvertible() {
        Rng rng = Rng.seeded(10);
        List<FlowLayer> layers = new java.util.ArrayList<>();
        for (int k = 0; k < 2; k++) {
            layers.add(new ActNormStep(2, DataType.DOUBLE));
            Icnn g = new Icnn(IcnnConfig.builder().inputDim(2).width(8).depth(2)
                    .activation(ConvexActivation.SOFTPLUS_ZERO).dtype(DataType.DOUBLE).build(), rng);
            for (Tensor p : g.parameters().values()) {
                p.value().addi(rng.normal(DataType.DOUBLE, p.shape()).muli(0.5));
            }
            layers.add(new CpFlowBlock(new ConvexPotential(g, false)));
        }
        layers.add(new ActNormStep(2, DataType.DOUBLE));
        CpFlow flow = new CpFlow(layers, GaussianBase.standard());
        flow.initialize(Toy2d.TWO_MOONS.sample(256, rng, DataType.DOUBLE), null);
        assertEquals(List.of("layers.0.norm.log_scale", "layers.0.norm.shift"),
                List.copyOf(flow.parameters().keySet()).subList(0, 2));
        assertTrue(flow.parameters().keySet().stream().noneMatch(k -> k.endsWith(".w0")), "w0 fixed in stacks");
        INDArray x = Toy2d.TWO_MOONS.sample(40, rng, DataType.DOUBLE);
        assertTrue(flow.inverse(flow.transform(x, null), null).sub(x).amaxNumber().doubleValue() < 1e-8);
        // the total log-determinant is the sum over layers, so exp(log p) still integrates to one
        int n = 121;
        double step = 16.0 / (n - 1);
        double[] pts = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                pts[2 * (i * n + j)] = -8 + step * j;
                pts[2 * (i * n + j) + 1] = -8 + step * i;
            }
        }
        double mass = 0;
        for (double v : HostArrays.toDoubles(flow.evaluateLogProb(HostArrays.fromDoubles(pts, DataType.DOUBLE,
                (long) n * n, 2), null, ExactLogDet.evaluation(), null, 4000))) {
            mass += Math.exp(v) * step * step;
        }
        assertEquals(1.0, mass, 0.01);
    }

    /** A short run with the stochastic log-det gradient beats the best Gaussian on 8 Gaussians. */
    @Test
    void learnsEightGaussiansBeyondAGaussianBaseline() {
        Rng rng = Rng.seeded(6);
        CpFlow flow = flow(3, 16, 7, 2.0);
        INDArray test = Toy2d.EIGHT_GAUSSIANS.sample(2000, Rng.seeded(8), DataType.DOUBLE);
        flow.initialize(Toy2d.EIGHT_GAUSSIANS.sample(128, rng, DataType.DOUBLE), null);
        double before = nll(flow, test);
        Optimizer opt = Adam.of(flow.parameters(), 1e-2);
        CgLogDetGradient surrogate = new CgLogDetGradient(new CgConfig(2, 1e-3, 0), 1);
        for (int it = 0; it < 150; it++) {
            try (TensorScope scope = TensorScope.open()) {
                opt.zeroGrad();
                INDArray x = Toy2d.EIGHT_GAUSSIANS.sample(128, rng, DataType.DOUBLE);
                flow.logProb(Tensor.constant(x), null, surrogate, rng).mean().neg().backward();
                opt.step();
            }
        }
        double after = nll(flow, test);
        INDArray cov = covariance(test);
        double gaussian = 0.5 * Math.log(Math.pow(2 * Math.PI * Math.E, 2)
                * (cov.getDouble(0, 0) * cov.getDouble(1, 1) - cov.getDouble(0, 1) * cov.getDouble(1, 0)));
        assertTrue(after < before, "NLL " + before + " -> " + after);
        assertTrue(after < gaussian - 0.3, "NLL " + after + " vs the fitted Gaussian's " + gaussian);
    }

    static double nll(CpFlow flow, INDArray x) {
        return -flow.evaluateLogProb(x, null, ExactLogDet.evaluation(), null, 1000).meanNumber().doubleValue();
    }

    static INDArray covariance(INDArray x) {
        INDArray c = x.subRowVector(x.mean(0));
        return c.transpose().mmul(c).divi(x.size(0));
    }

    @Test
    void badInputs() {
        assertThrows(InvalidConfigException.class, () -> new CpFlow(List.of(), GaussianBase.standard()));
        CpFlow flow = flow(2, 8, 9, 0.0);
        ShapeMismatchException dims = assertThrows(ShapeMismatchException.class,
                () -> new CpFlow(List.of(new ActNormStep(2, DataType.DOUBLE), new ActNormStep(3, DataType.DOUBLE)),
                        GaussianBase.standard()));
        assertEquals("layers[1] must have dimension 2 (that of layers[0]); got 3", dims.getMessage());
        InvalidConfigException surrogate = assertThrows(InvalidConfigException.class,
                () -> flow.evaluateLogProb(Rng.seeded(0).normal(DataType.DOUBLE, 3, 2), null,
                        new CgLogDetGradient(CgConfig.fixed(2), 1), Rng.seeded(0), 10));
        assertTrue(surrogate.getMessage().startsWith("estimator must be a value estimator"), surrogate.getMessage());
        ShapeMismatchException x = assertThrows(ShapeMismatchException.class,
                () -> flow.transform(Rng.seeded(0).normal(DataType.DOUBLE, 3, 4), null));
        assertEquals("x must have shape [batch, 2]; got [3, 4]", x.getMessage());
        assertThrows(InvalidConfigException.class, () -> new GaussianBase(Double.NaN));
    }
}
