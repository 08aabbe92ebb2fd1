package io.github.flows4j.cnf.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.path.scheduler.PolynomialConvexScheduler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DiscreteLossTest {
    private static DiscretePathSample sample(MixtureDiscretePath path, Rng rng) {
        INDArray x1 = rng.randint(path.source().vocabulary(), 3, 4);
        INDArray t = rng.uniform(0.05, 0.9, DataType.DOUBLE, 3, 1);
        return path.sample(x1, t, rng);
    }

    @Test
    void generalizedKlAndCrossEntropyPassFloat64GradientChecks() {
        Rng rng = Rng.seeded(6);
        for (DiscreteSource source : new DiscreteSource[] {new MaskSource(5), new UniformSource(5)}) {
            MixtureDiscretePath path = new MixtureDiscretePath(new PolynomialConvexScheduler(2.0), source);
            DiscretePathSample s = sample(path, rng);
            INDArray logits = rng.normal(DataType.DOUBLE, 12, 5);
            GradCheck.checkOrder(2, in -> new GeneralizedKlLoss(path).perToken(in[0], s), logits);
            GradCheck.check(in -> new CrossEntropyLoss(path).perToken(in[0], s), logits);
        }
    }

    @Test
    void generalizedKlMatchesItsFormulaAndIsNonNegative() {
        Rng rng = Rng.seeded(7);
        MixtureDiscretePath path = new MixtureDiscretePath(new CondOTScheduler(), new UniformSource(5));
        DiscretePathSample s = sample(path, rng);
        INDArray logits = rng.normal(DataType.DOUBLE, 12, 5);
        double[] got = new GeneralizedKlLoss(path).perToken(Tensor.constant(logits), s).value().data().asDouble();
        INDArray p = org.nd4j.linalg.ops.transforms.Transforms.exp(logits, true);
        p.diviColumnVector(p.sum(1));
        for (int r = 0; r < 12; r++) {
            int x1 = s.x1().getInt(r / 4, r % 4);
            int xt = s.xt().getInt(r / 4, r % 4);
            double t = s.t().getDouble(r / 4, 0);
            double c = 1 / (1 - t);
            double delta = x1 == xt ? 1 : 0;
            double expected = -c * (p.getDouble(r, xt) - delta + (1 - delta) * Math.log(p.getDouble(r, x1)));
            assertEquals(expected, got[r], 1e-12, "row " + r);
            assertTrue(got[r] >= 0, "the generalized KL is a divergence; row " + r + " = " + got[r]);
        }
    }

    @Test
    void mismatchedLogitsAndBadObjectivesAreTypedErrors() {
        Rng rng = Rng.seeded(8);
        MixtureDiscretePath path = new MixtureDiscretePath(new CondOTScheduler(), new MaskSource(5));
        DiscretePathSample s = sample(path, rng);
        GeneralizedKlLoss kl = new GeneralizedKlLoss(path);
        InvalidConfigException k = assertThrows(InvalidConfigException.class,
                () -> kl.perToken(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 12, 6)), s));
        assertTrue(k.getMessage().startsWith("logits must be") && k.getMessage().contains("vocabulary mismatch"),
                k.getMessage());
        ShapeMismatchException rows = assertThrows(ShapeMismatchException.class,
                () -> kl.perToken(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 11, 5)), s));
        assertTrue(rows.getMessage().startsWith("logits must have shape [12, K]"), rows.getMessage());
        InvalidConfigException tMax = assertThrows(InvalidConfigException.class,
                () -> new DiscreteFlowMatching(path, kl, 1.0));
        assertTrue(tMax.getMessage().startsWith("tMax must be below 1"), tMax.getMessage());
        assertThrows(InvalidConfigException.class, () -> new DiscreteFlowMatching(path, kl, 0.0));
        MixtureDiscretePath other = new MixtureDiscretePath(new CondOTScheduler(), new UniformSource(5));
        InvalidConfigException wrongPath = assertThrows(InvalidConfigException.class,
                () -> new DiscreteFlowMatching(other, kl, 0.5));
        assertTrue(wrongPath.getMessage().startsWith("loss must be a loss on the same path"), wrongPath.getMessage());
        MlpDenoiser model = MlpDenoiser.builder().source(new MaskSource(6)).length(4).hidden(8).build(rng.split());
        InvalidConfigException vocab = assertThrows(InvalidConfigException.class,
                () -> DiscreteFlowMatching.generalizedKl(path).loss(model, s.x1(), rng));
        assertTrue(vocab.getMessage().contains("vocabulary mismatch"), vocab.getMessage());
        MlpDenoiser fits = MlpDenoiser.builder().source(path.source()).length(4).hidden(8).build(rng.split());
        ShapeMismatchException len = assertThrows(ShapeMismatchException.class,
                () -> DiscreteFlowMatching.crossEntropy(path).loss(fits, rng.randint(5, 3, 5), rng));
        assertTrue(len.getMessage().startsWith("x1 must have shape [batch, 4]"), len.getMessage());
        InvalidConfigException len0 = assertThrows(InvalidConfigException.class,
                () -> MlpDenoiser.builder().source(path.source()).length(0).build(rng));
        assertTrue(len0.getMessage().startsWith("length must be >= 1"), len0.getMessage());
        InvalidConfigException noSource = assertThrows(InvalidConfigException.class,
                () -> MlpDenoiser.builder().length(3).build(rng));
        assertTrue(noSource.getMessage().startsWith("source must be set"), noSource.getMessage());
        assertThrows(InvalidConfigException.class, () -> new NllBoundEstimator(path, 0));
    }
}
