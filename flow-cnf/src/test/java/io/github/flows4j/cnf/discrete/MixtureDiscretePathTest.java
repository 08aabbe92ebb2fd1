package io.github.flows4j.cnf.discrete;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.PolynomialConvexScheduler;
import io.github.flows4j.cnf.path.scheduler.VPScheduler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MixtureDiscretePathTest {
    private static final MarkovChainSequences DATA = MarkovChainSequences.demo(6);

    static INDArray times(int batch, double t) {
        return Nd4j.valueArrayOf(new long[] {batch, 1}, t, DataType.DOUBLE);
    }

    @Test
    void atTimeZeroTheSampleIsTheSourceAndAtOneTheData() {
        Rng rng = Rng.seeded(1);
        for (DiscreteSource source : new DiscreteSource[] {new MaskSource(8), new UniformSource(8)}) {
            MixtureDiscretePath path = new MixtureDiscretePath(new PolynomialConvexScheduler(2.0), source);
            INDArray x1 = DATA.sample(50, rng);
            DiscretePathSample s0 = path.sample(x1, times(50, 0.0), rng);
            assertEquals(s0.x0(), s0.xt(), source + " at t = 0");
            DiscretePathSample s1 = path.sample(x1, times(50, 1.0), rng);
            assertEquals(x1, s1.xt(), source + " at t = 1");
            // p_t(. | x1) at the ends: the source law and the data's point mass
            assertArrayEquals(source.probabilities(), path.conditionalProbabilities(3, 0.0), 1e-15);
            double[] delta = new double[source.inputVocabulary()];
            delta[3] = 1;
            assertArrayEquals(delta, path.conditionalProbabilities(3, 1.0), 1e-15);
        }
    }

    @Test
    void inBetweenEachPositionShowsTheDataWithProbabilityKappa() {
        Rng rng = Rng.seeded(2);
        MixtureDiscretePath path = new MixtureDiscretePath(new PolynomialConvexScheduler(2.0), new MaskSource(8));
        INDArray x1 = DATA.sample(4000, rng);
        double t = 0.6;
        DiscretePathSample s = path.sample(x1, times(4000, t), rng);
        double[] a = x1.data().asDouble();
        double[] b = s.xt().data().asDouble();
        int shown = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(b[i] == a[i] || b[i] == 8, "x_t is either the data or the mask");
            shown += b[i] == a[i] ? 1 : 0;
        }
        double kappa = t * t;
        double se = Math.sqrt(kappa * (1 - kappa) / a.length);
        assertEquals(kappa, shown / (double) a.length, 5 * se);
        assertEquals(path.jumpCoefficient(t), 2 * t / (1 - t * t), 1e-12);
        // the uniform source's conditional law sums to one and puts (1 - k)/K + k on x1
        MixtureDiscretePath uniform = new MixtureDiscretePath(new CondOTScheduler(), new UniformSource(8));
        double[] p = uniform.conditionalProbabilities(5, 0.25);
        assertEquals(0.75 / 8 + 0.25, p[5], 1e-15);
        assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-15);
    }

    @Test
    void badInputIsRejectedWithTypedErrors() {
        InvalidConfigException vp = assertThrows(InvalidConfigException.class,
                () -> new MixtureDiscretePath(new VPScheduler(), new MaskSource(8)));
        assertTrue(vp.getMessage().startsWith("scheduler must be"), vp.getMessage());
        assertThrows(InvalidConfigException.class, () -> new MaskSource(0));
        assertThrows(InvalidConfigException.class, () -> new UniformSource(1));
        MixtureDiscretePath path = new MixtureDiscretePath(new CondOTScheduler(), new MaskSource(6));
        Rng rng = Rng.seeded(3);
        INDArray x1 = DATA.sample(4, rng); // tokens up to 7: vocabulary 8 > 6
        InvalidConfigException vocab = assertThrows(InvalidConfigException.class,
                () -> path.sample(x1, times(4, 0.5), rng));
        assertTrue(vocab.getMessage().startsWith("x1 must be tokens in [0, 6)"), vocab.getMessage());
        MixtureDiscretePath path8 = new MixtureDiscretePath(new CondOTScheduler(), new MaskSource(8));
        ShapeMismatchException t = assertThrows(ShapeMismatchException.class,
                () -> path8.sample(x1, times(3, 0.5), rng));
        assertTrue(t.getMessage().startsWith("t must have shape [4, 1]"), t.getMessage());
        assertThrows(ShapeMismatchException.class, () -> path8.sample(x1.reshape(24), times(4, 0.5), rng));
        assertThrows(io.github.flows4j.core.DTypeMismatchException.class,
                () -> path8.sample(x1.castTo(DataType.DOUBLE), times(4, 0.5), rng));
        InvalidConfigException late = assertThrows(InvalidConfigException.class,
                () -> path8.sample(x1, times(4, 1.5), rng));
        assertTrue(late.getMessage().startsWith("t must be in [0, 1]"), late.getMessage());
    }
}
