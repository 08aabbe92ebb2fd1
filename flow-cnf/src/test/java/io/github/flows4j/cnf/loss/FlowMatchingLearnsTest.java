package io.github.flows4j.cnf.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.coupling.ExactOtCoupling;
import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.GuidedVelocityField;
import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Flow Matching learns: its NLL on 8 Gaussians beats the best single Gaussian by a clear margin. */
class FlowMatchingLearnsTest {

    /** NLL of the best single Gaussian fit (the maximum-likelihood Gaussian's entropy) on the data. */
    static double gaussianBaselineNll(INDArray data) {
        INDArray centred = data.subRowVector(data.mean(0));
        INDArray cov = centred.transpose().mmul(centred).div(data.rows());
        double det = cov.getDouble(0, 0) * cov.getDouble(1, 1) - cov.getDouble(0, 1) * cov.getDouble(1, 0);
        return 1 + Math.log(2 * Math.PI) + 0.5 * Math.log(det);
    }

    @Test
    @SuppressWarnings("try") // the scope releases what the block allocates
    void flowMatchingBeatsTheBestGaussianOnEightGaussians() {
        Rng rng = Rng.seeded(0);
        MlpVelocityField model = MlpVelocityField.builder().dim(2).hidden(64, 64, 64).activation(Activation.SILU)
                .dtype(DataType.FLOAT).build(rng);
        FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler())).build();
        Adam adam = Adam.of(model.parameters(), 3e-3);
        Rng data = rng.split();
        double first = 0;
        double last = 0;
        int steps = 1200;
        for (int step = 0; step < steps; step++) {
            try (TensorScope scope = TensorScope.open()) {
                INDArray x1 = Toy2d.EIGHT_GAUSSIANS.sample(256, data, DataType.FLOAT);
                adam.zeroGrad();
                Tensor loss = fm.loss(model, x1, rng);
                loss.backward();
                adam.step();
                if (step < 50) {
                    first += loss.item() / 50;
                }
                if (step >= steps - 50) {
                    last += loss.item() / 50;
                }
            }
        }
        assertTrue(last < 0.8 * first, "loss fell from " + first + " to " + last);
        INDArray test = Toy2d.EIGHT_GAUSSIANS.sample(400, Rng.seeded(99), DataType.DOUBLE);
        double baseline = gaussianBaselineNll(test);
        double nll = -CnfLikelihood.builder().build().evaluate(model, test.castTo(DataType.FLOAT)).mean();
        assertTrue(nll < baseline - 0.5, "FM NLL " + nll + " vs best Gaussian " + baseline);
    }

    @Test
    void conditionalLossDropsContextsAndGuidanceZeroIsConditional() {
        Rng rng = Rng.seeded(5);
        MlpVelocityField model = MlpVelocityField.builder().dim(2).conditionDim(3).hidden(16).build(rng);
        FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler()))
                .coupling(new ExactOtCoupling()).conditionDropout(0.2).build();
        INDArray x1 = rng.normal(DataType.FLOAT, 8, 2);
        INDArray cond = Nd4j.eye(3).castTo(DataType.FLOAT).getRows(0, 1, 2, 0, 1, 2, 0, 1);
        Tensor loss = fm.loss(model, x1, cond, rng);
        assertTrue(Double.isFinite(loss.item()) && loss.item() > 0);
        Tensor x = Tensor.constant(rng.normal(DataType.FLOAT, 8, 2));
        Tensor t = Tensor.constant(rng.uniform(DataType.FLOAT, 8, 1));
        INDArray plain = model.velocity(x, t, Tensor.constant(cond)).value();
        assertTrue(plain.equalsWithEps(new GuidedVelocityField(model, cond, 0).velocity(x, t).value(), 1e-6));
        // w = 1: 2 v_c − v_∅
        INDArray none = model.velocity(x, t).value();
        INDArray guided = new GuidedVelocityField(model, cond, 1).velocity(x, t).value();
        assertTrue(plain.mul(2).sub(none).equalsWithEps(guided, 1e-5));
    }

    @Test
    void theSameSeedGivesTheSameLoss() {
        MlpVelocityField model = MlpVelocityField.builder().dim(2).hidden(8).build(Rng.seeded(1));
        FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler())).build();
        INDArray x1 = Rng.seeded(2).normal(DataType.FLOAT, 16, 2);
        assertEquals(fm.loss(model, x1, Rng.seeded(3)).item(), fm.loss(model, x1, Rng.seeded(3)).item(), 0.0);
    }

    @Test
    void badInputIsRejected() {
        MlpVelocityField model = MlpVelocityField.builder().dim(2).hidden(8).build(Rng.seeded(1));
        FlowMatchingLoss fm = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler())).build();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> fm.loss(model, Nd4j.zeros(DataType.FLOAT, 4, 3), Rng.seeded(0)));
        assertTrue(e.getMessage().contains("x1"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> FlowMatchingLoss.builder().build());
        assertThrows(InvalidConfigException.class, () -> FlowMatchingLoss.builder()
                .path(new AffinePath(new CondOTScheduler())).conditionDropout(1.0).build());
        assertThrows(InvalidConfigException.class,
                () -> model.velocity(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2, 2)),
                Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2, 1)), Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2, 1))));
    }
}
