package io.github.flows4j.cnf.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.model.MlpVelocityField;
import io.github.flows4j.cnf.path.AffinePath;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.cnf.sample.BridgeSde;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.Sdeint;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** SB-CFM: the joint flow + score objective learns a data-to-data bridge, and its SDE samples it. */
class SchrodingerBridgeCfmTest {

    private static MlpVelocityField mlp(Rng rng) {
        return MlpVelocityField.builder().dim(2).hidden(64, 64).activation(Activation.SILU).dtype(DataType.FLOAT)
                .build(rng);
    }

    @Test
    @SuppressWarnings("try")
    void flowAndScoreLossFallsAndTheBridgeSdeSamplesNearTheTarget() {
        double sigma = 0.5;
        Rng rng = Rng.seeded(21);
        MlpVelocityField flow = mlp(rng.split());
        MlpVelocityField score = mlp(rng.split());
        FlowMatchingLoss fm = CfmVariant.SB_CFM.loss(sigma).build();
        Map<String, Tensor> params = new LinkedHashMap<>();
        flow.parameters().forEach((k, v) -> params.put("flow." + k, v));
        score.parameters().forEach((k, v) -> params.put("score." + k, v));
        Adam adam = Adam.of(params, 3e-3);
        Rng data = rng.split();
        // the loss on one fixed evaluation draw, before and after training (the per-step loss is too noisy to
        // compare: the bridge's target has a noise term s'_t ε with unbounded variance near t = 0 and 1)
        FlowMatchingLoss.Draw fixed = fm.draw(Toy2d.EIGHT_GAUSSIANS.sample(1024, Rng.seeded(40), DataType.FLOAT),
                Toy2d.TWO_MOONS.sample(1024, Rng.seeded(41), DataType.FLOAT), Rng.seeded(42));
        double before = fm.flowAndScoreLoss(flow, score, fixed).item();
        int steps = 300;
        for (int step = 0; step < steps; step++) {
            try (TensorScope scope = TensorScope.open()) {
                INDArray x0 = Toy2d.EIGHT_GAUSSIANS.sample(128, data, DataType.FLOAT);
                INDArray x1 = Toy2d.TWO_MOONS.sample(128, data, DataType.FLOAT);
                adam.zeroGrad();
                Tensor loss = fm.flowAndScoreLoss(flow, score, fm.draw(x0, x1, rng));
                loss.backward();
                adam.step();
            }
        }
        double after = fm.flowAndScoreLoss(flow, score, fixed).item();
        assertTrue(after < 0.7 * before, "SB-CFM loss on a fixed draw fell from " + before + " to " + after);
        SdeTerm sde = BridgeSde.term(flow, score, sigma);
        // the drift is v + (σ²/2) s
        Tensor x = Tensor.constant(Toy2d.EIGHT_GAUSSIANS.sample(8, data, DataType.FLOAT));
        INDArray expected = flow.velocity(x, 0.3).value().add(score.velocity(x, 0.3).value().mul(sigma * sigma / 2));
        assertTrue(expected.equalsWithEps(sde.drift(0.3, x).value(), 1e-5));
        // sampled endpoints lie near the moons: their mean is the moons' mean to within a few tenths
        INDArray x0 = Toy2d.EIGHT_GAUSSIANS.sample(500, data, DataType.FLOAT);
        Tensor path = Sdeint.solve(sde, Tensor.constant(x0), new double[] {0, 1}, "euler", 0.02, rng.split());
        INDArray end = path.value().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray moons = Toy2d.TWO_MOONS.sample(5000, Rng.seeded(3), DataType.FLOAT);
        for (int j = 0; j < 2; j++) {
            assertEquals(moons.getColumn(j).meanNumber().doubleValue(), end.getColumn(j).meanNumber().doubleValue(),
                    0.35, "mean of coordinate " + j);
        }
    }

    @Test
    void scoreNeedsANoisyPathAndTheSdeAPositiveSigma() {
        Rng rng = Rng.seeded(2);
        MlpVelocityField f = mlp(rng);
        FlowMatchingLoss plain = FlowMatchingLoss.builder().path(new AffinePath(new CondOTScheduler())).build();
        INDArray x1 = rng.normal(DataType.FLOAT, 4, 2);
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> plain.flowAndScoreLoss(f, f, plain.draw(x1, rng)));
        assertTrue(e.getMessage().contains("path"), e.getMessage());
        InvalidConfigException s = assertThrows(InvalidConfigException.class, () -> BridgeSde.term(f, f, 0.0));
        assertTrue(s.getMessage().contains("sigma"), s.getMessage());
    }
}
