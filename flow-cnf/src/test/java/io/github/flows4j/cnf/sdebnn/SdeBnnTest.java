package io.github.flows4j.cnf.sdebnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.Sde;
import io.github.flows4j.core.sde.SdeOptions;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SdeBnnTest {

    static SdeBnnConfig small(KlEstimator estimator) {
        return SdeBnnConfig.builder().inputDim(2).hiddenDim(3).width(4).outputDim(2).sigma(0.5).t1(1.0).steps(8)
                .driftWidth(6).estimator(estimator).dtype(DataType.DOUBLE).build();
    }

    private static Tensor input(Rng rng, int batch) {
        return Tensor.constant(rng.normal(DataType.DOUBLE, batch, 2));
    }

    @Test
    void posteriorStartsEqualToThePriorSoEveryKlEstimateIsZero() {
        for (KlEstimator e : KlEstimator.values()) {
            Rng rng = Rng.seeded(1);
            SdeBnn model = new SdeBnn(small(e), rng.split());
            SdeBnnSample s = model.sample(input(rng, 5), rng.split());
            assertArrayEquals(new long[] {5, 1}, s.kl().shape());
            assertEquals(0.0, s.kl().value().amaxNumber().doubleValue(), 0.0, e.name());
            assertEquals(0.0, s.quadratic().value().amaxNumber().doubleValue(), 0.0, e.name());
            assertArrayEquals(new long[] {5, 2}, s.output().shape());
            assertEquals(8, s.steps());
            assertTrue(s.functionEvaluations() >= 8);
        }
    }

    /** The gradient of the KL estimate with respect to the posterior drift's parameters, one path per call. */
    private static double[] klGradient(SdeBnn model, Tensor x, long seed) {
        model.zeroGrad();
        SdeBnnSample s = model.sample(x, Rng.seeded(seed));
        s.kl().mean().backward();
        List<Double> g = new ArrayList<>();
        for (Tensor p : model.posteriorDrift().parameters().values()) {
            INDArray grad = p.grad();
            for (double v : grad == null ? new double[(int) p.length()] : grad.dup('c').data().asDouble()) {
                g.add(v);
            }
        }
        return g.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double totalVariance(List<double[]> grads) {
        int d = grads.get(0).length;
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] g : grads) {
                mean += g[j] / grads.size();
            }
            for (double[] g : grads) {
                total += (g[j] - mean) * (g[j] - mean) / (grads.size() - 1);
            }
        }
        return total;
    }

    @Test
    void stlGradientIsExactlyZeroAtThePriorWhileThePlainOneVaries() {
        Rng rng = Rng.seeded(2);
        Tensor x = input(rng, 3);
        SdeBnn stl = new SdeBnn(small(KlEstimator.STL), Rng.seeded(3));
        SdeBnn plain = new SdeBnn(small(KlEstimator.PLAIN), Rng.seeded(3));
        List<double[]> stlGrads = new ArrayList<>();
        List<double[]> plainGrads = new ArrayList<>();
        for (long seed = 10; seed < 16; seed++) {
            double[] g = klGradient(stl, x, seed);
            for (double v : g) {
                assertEquals(0.0, v, 0.0, "STL gradient at the prior must vanish on every path");
            }
            stlGrads.add(g);
            plainGrads.add(klGradient(plain, x, seed));
        }
        assertEquals(0.0, totalVariance(stlGrads), 0.0);
        assertTrue(totalVariance(plainGrads) > 1e-3, "plain variance " + totalVariance(plainGrads));
    }

    @Test
    void girsanovKlOfTwoOuProcessesWithDifferentConstantDriftsMatchesTheClosedForm() {
        // posterior dw = (−w + a) dt + σ dB, prior dw = −w dt + σ dB: u = a/σ, KL(T) = ½ ‖a‖² T / σ²
        SdeBnnConfig c = small(KlEstimator.PLAIN).toBuilder().hiddenDim(1).width(1).t1(2.0).steps(20).build();
        SdeBnn model = new SdeBnn(c, Rng.seeded(4));
        Rng rng = Rng.seeded(5);
        INDArray a = rng.normal(DataType.DOUBLE, c.weightDim()).muli(0.3);
        model.posteriorDrift().outBias().value().assign(a);
        double closed = 0.5 * a.norm2Number().doubleValue() * a.norm2Number().doubleValue() * c.t1()
                / (c.sigma() * c.sigma());
        int batch = 4000;
        SdeBnnSample s = model.sample(Tensor.constant(rng.normal(DataType.DOUBLE, batch, 2)), rng.split());
        double[] quad = s.quadratic().value().dup('c').data().asDouble();
        for (double q : quad) {
            assertEquals(closed, q, 1e-10 * closed, "the quadratic term is exact on every path");
        }
        // the plain estimate adds ∫ u·dB ~ N(0, 2·KL): its mean matches within 4 standard errors
        double mean = s.kl().mean().item();
        double se = Math.sqrt(2 * closed / batch);
        assertEquals(closed, mean, 4 * se, "plain Monte Carlo KL");
    }

    /** Columns {@code [from, from + len)} of another path. */
    private record Columns(BrownianPath base, long from, long len) implements BrownianPath {
        public double t0() {
            return base.t0();
        }

        public double t1() {
            return base.t1();
        }

        public long batch() {
            return base.batch();
        }

        public long dim() {
            return len;
        }

        public DataType dtype() {
            return base.dtype();
        }

        public boolean hasSpaceTimeLevyArea() {
            return false;
        }

        public BrownianIncrement increment(double s, double t) {
            return new BrownianIncrement(s, t, base.increment(s, t).w().narrow(1, from, len), null);
        }
    }

    @Test
    void augmentedSolveEqualsSolvingTheWeightsAndTheHiddenStateSeparately() {
        SdeBnnConfig c = small(KlEstimator.QUADRATIC);
        SdeBnn model = new SdeBnn(c, Rng.seeded(6));
        Rng rng = Rng.seeded(7);
        // move the posterior away from the prior
        model.posteriorDrift().outWeight().value().assign(rng.normal(DataType.DOUBLE, c.weightDim(), 6).muli(0.2));
        int batch = 4;
        int dh = c.hiddenDim();
        int dw = c.weightDim();
        Tensor x = input(rng, batch);
        VirtualBrownianTree path = VirtualBrownianTree.of(0, c.t1(), batch, dh + dw, 99);
        SdeBnnSample joint = model.sample(x, path);

        // the weights alone: dw = (−w + c(w, t)) dt + σ dB on the weight columns of the same path
        SdeTerm weights = SdeTerm.builder()
                .drift((t, w) -> w.neg().add(model.posteriorDrift().correction(t, w, false)))
                .diffusion((t, w) -> Tensor.zeros(w.dtype(), w.size(0), dw).add(c.sigma()))
                .priorDrift((t, w) -> w.neg())
                .noiseType(NoiseType.DIAGONAL)
                .build();
        double[] times = model.grid();
        Tensor w0 = model.initialWeights().broadcastTo(batch, dw);
        Solution ws = Sde.solve(weights, new EulerMaruyama(), TimeSpan.of(times), w0, new Columns(path, dh, dw),
                SdeOptions.builder().dt(c.dt()).logqp(true).build());
        // the hidden state alone: Euler steps of dh/dt = f(h, t; w(t)) along that weight path
        Tensor h = model.inputLayer().forward(x);
        for (int k = 0; k + 1 < times.length; k++) {
            h = h.add(model.hiddenField(times[k], h, ws.y(k)).mul(times[k + 1] - times[k]));
        }
        INDArray jointH = joint.solution().y(times.length - 1).value().get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, dh));
        INDArray jointW = joint.solution().y(times.length - 1).value().get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(dh, dh + dw));
        assertEquals(0.0, jointW.sub(ws.y(times.length - 1).value()).amaxNumber().doubleValue(), 1e-12);
        assertEquals(0.0, jointH.sub(h.value()).amaxNumber().doubleValue(), 1e-12);
        INDArray klSeparate = ws.state(times.length - 1).get(1).value();
        assertTrue(klSeparate.minNumber().doubleValue() > 0);
        assertEquals(0.0, joint.quadratic().value().sub(klSeparate).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void badInputIsATypedErrorNamingTheArgument() {
        for (double sigma : new double[] {0.0, -1.0, Double.NaN}) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> SdeBnnConfig.builder().inputDim(1).outputDim(1).sigma(sigma).build());
            assertTrue(e.getMessage().contains("sigma"), e.getMessage());
        }
        assertThrows(InvalidConfigException.class, () -> SdeBnnConfig.builder().inputDim(0).outputDim(1).build());
        assertThrows(InvalidConfigException.class, () -> SdeBnnConfig.builder().inputDim(1).outputDim(1).steps(0)
                .build());
        Tensor logits = Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 3, 4));
        InvalidConfigException label = assertThrows(InvalidConfigException.class,
                () -> Elbo.categorical(logits, Tensor.scalar(0, DataType.DOUBLE), new int[] {0, 4, 1}, 1, 10));
        assertTrue(label.getMessage().contains("labels[1]"), label.getMessage());
        assertThrows(InvalidConfigException.class, () -> ClassificationMetrics.of(
                Nd4j.ones(DataType.DOUBLE, 2, 3).divi(3), new int[] {0, -1}, 15));
        SdeBnn model = new SdeBnn(small(KlEstimator.STL), Rng.seeded(0));
        assertThrows(io.github.flows4j.core.ShapeMismatchException.class,
                () -> model.sample(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 3, 5)), Rng.seeded(1)));
    }
}
