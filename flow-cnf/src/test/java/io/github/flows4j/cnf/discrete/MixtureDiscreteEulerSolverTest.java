package io.github.flows4j.cnf.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.PolynomialConvexScheduler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class MixtureDiscreteEulerSolverTest {
    /** A denoiser whose posterior is the same law q at every position, whatever x_t. */
    record ConstantDenoiser(DiscreteSource source, int length, double[] q) implements DiscreteDenoiser {
        @Override
        public int vocabulary() {
            return source.vocabulary();
        }

        @Override
        public int inputVocabulary() {
            return source.inputVocabulary();
        }

        @Override
        public Tensor logits(INDArray xt, INDArray t) {
            int rows = (int) (xt.size(0) * length);
            double[] v = new double[rows * q.length];
            for (int r = 0; r < rows; r++) {
                for (int y = 0; y < q.length; y++) {
                    v[r * q.length + y] = Math.log(q[y]);
                }
            }
            return Tensor.constant(Nd4j.createFromArray(v).reshape(rows, q.length));
        }
    }

    @Test
    void oneStepTransitionProbabilitiesAreNonNegativeAndSumToOne() {
        Rng rng = Rng.seeded(4);
        for (DiscreteSource source : new DiscreteSource[] {new MaskSource(5), new UniformSource(5)}) {
            MixtureDiscretePath path = new MixtureDiscretePath(new PolynomialConvexScheduler(1.5), source);
            MixtureDiscreteEulerSolver solver = new MixtureDiscreteEulerSolver(path);
            INDArray xt = source.sample(3, 4, rng);
            INDArray posterior = Transforms.exp(rng.normal(DataType.DOUBLE, 12, 5).muli(2), false);
            posterior.diviColumnVector(posterior.sum(1));
            double[][] grid = {{0.0, 0.1}, {0.3, 0.05}, {0.5, 0.5}, {0.9, 0.1}, {0.99, 0.005}};
            for (double[] th : grid) {
                INDArray p = solver.transitionProbabilities(posterior, xt, th[0], th[1]);
                assertEquals(12, p.size(0));
                assertEquals(source.inputVocabulary(), p.size(1));
                double[] v = p.data().asDouble();
                for (double e : v) {
                    assertTrue(e >= 0, source + " t=" + th[0] + " h=" + th[1] + ": negative probability " + e);
                }
                double[] sums = p.sum(1).data().asDouble();
                for (int r = 0; r < sums.length; r++) {
                    assertEquals(1.0, sums[r], 1e-12, source + " row " + r + " at t=" + th[0] + " h=" + th[1]);
                }
            }
            // small step: jumps away from x_t with probability ~ h * kappa'/(1 - kappa) * (1 - p(x_t))
            double t = 0.4;
            double h = 1e-4;
            INDArray p = solver.transitionProbabilities(posterior, xt, t, h);
            int x = xt.getInt(0, 0);
            double px = x < 5 ? posterior.getDouble(0, x) : 0;
            double leave = 1 - p.getDouble(0, x);
            assertEquals(h * path.jumpCoefficient(t) * (1 - px), leave, 1e-6);
            // the last step (t + h = 1) lands on a draw of the posterior
            INDArray last = solver.transitionProbabilities(posterior, xt, 0.75, 0.25);
            for (int y = 0; y < 5; y++) {
                assertEquals(posterior.getDouble(1, y), last.getDouble(1, y), 1e-12);
            }
        }
    }

    @Test
    void sampledTokensFollowAnExactPosterior() {
        // data: L i.i.d. tokens with law q; the constant-q denoiser is then the exact posterior on masked positions
        // and leaves q invariant elsewhere, so every position of the sample has law q
        double[] q = {0.5, 0.3, 0.15, 0.05};
        Rng rng = Rng.seeded(5);
        for (DiscreteSource source : new DiscreteSource[] {new MaskSource(4), new UniformSource(4)}) {
            MixtureDiscretePath path = new MixtureDiscretePath(new CondOTScheduler(), source);
            ConstantDenoiser model = new ConstantDenoiser(source, 3, q);
            INDArray x = new MixtureDiscreteEulerSolver(path).sample(model, source.sample(4000, 3, rng), 10, rng);
            double[] v = x.data().asDouble();
            double[] freq = new double[4];
            for (double e : v) {
                assertTrue(e >= 0 && e < 4, "sampled a token outside the data vocabulary: " + e);
                freq[(int) e] += 1.0 / v.length;
            }
            for (int y = 0; y < 4; y++) {
                double se = Math.sqrt(q[y] * (1 - q[y]) / v.length);
                assertEquals(q[y], freq[y], 5 * se, source + " token " + y);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        MixtureDiscretePath path = new MixtureDiscretePath(new CondOTScheduler(), new UniformSource(6));
        MlpDenoiser model = MlpDenoiser.builder().source(path.source()).length(5).hidden(16).build(Rng.seeded(1));
        MixtureDiscreteEulerSolver solver = new MixtureDiscreteEulerSolver(path);
        Rng a = Rng.seeded(9);
        Rng b = Rng.seeded(9);
        INDArray xa = solver.sample(model, path.source().sample(30, 5, a), 8, a);
        INDArray xb = solver.sample(model, path.source().sample(30, 5, b), 8, b);
        assertEquals(xa, xb);
        NllBound ba = new NllBoundEstimator(path, 4).estimate(model, xa, Rng.seeded(3));
        NllBound bb = new NllBoundEstimator(path, 4).estimate(model, xa, Rng.seeded(3));
        assertEquals(ba, bb);
    }

    @Test
    void badStepsAndShapesAreTypedErrors() {
        MixtureDiscretePath path = new MixtureDiscretePath(new CondOTScheduler(), new MaskSource(4));
        MixtureDiscreteEulerSolver solver = new MixtureDiscreteEulerSolver(path);
        INDArray xt = path.source().sample(2, 3, Rng.seeded(0));
        INDArray posterior = Nd4j.ones(DataType.DOUBLE, 6, 4).divi(4);
        InvalidConfigException h = assertThrows(InvalidConfigException.class,
                () -> solver.transitionProbabilities(posterior, xt, 0.5, 0.6));
        assertTrue(h.getMessage().startsWith("h must be"), h.getMessage());
        assertThrows(InvalidConfigException.class, () -> solver.transitionProbabilities(posterior, xt, 1.0, 0.1));
        InvalidConfigException k = assertThrows(InvalidConfigException.class,
                () -> solver.transitionProbabilities(Nd4j.ones(DataType.DOUBLE, 6, 5).divi(5), xt, 0.5, 0.1));
        assertTrue(k.getMessage().contains("vocabulary mismatch"), k.getMessage());
        assertThrows(io.github.flows4j.core.ShapeMismatchException.class,
                () -> solver.transitionProbabilities(Nd4j.ones(DataType.DOUBLE, 5, 4), xt, 0.5, 0.1));
        ConstantDenoiser model = new ConstantDenoiser(path.source(), 3, new double[] {0.25, 0.25, 0.25, 0.25});
        InvalidConfigException steps = assertThrows(InvalidConfigException.class,
                () -> solver.sample(model, xt, 0, Rng.seeded(1)));
        assertTrue(steps.getMessage().startsWith("steps must be >= 1"), steps.getMessage());
        ConstantDenoiser other = new ConstantDenoiser(new UniformSource(4), 3, new double[] {0.25, 0.25, 0.25, 0.25});
        InvalidConfigException mismatch = assertThrows(InvalidConfigException.class,
                () -> solver.sample(other, xt, 4, Rng.seeded(1)));
        assertTrue(mismatch.getMessage().startsWith("model must be") && mismatch.getMessage()
                .contains("vocabulary mismatch"), mismatch.getMessage());
    }
}
