package io.github.flows4j.manifold.ppd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.manifold.data.WrappedMixture;
import io.github.flows4j.manifold.manifold.FlatTorus;
import io.github.flows4j.manifold.rfm.ManifoldLikelihood;
import io.github.flows4j.manifold.rfm.TangentMlpField;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A short PPD run through the library's Trainer lowers the exact test NLL well below the uniform floor. */
class PpdLearnsTest {
    @Test
    void shortRunOnATorusMixtureBeatsTheUniformFloor() {
        Rng root = Rng.seeded(21);
        FlatTorus t2 = new FlatTorus(2);
        WrappedMixture mix = WrappedMixture.random(t2, 3, 0.3, root.split());
        INDArray train = mix.sample(root.split(), 2000, DataType.FLOAT);
        INDArray test = mix.sample(root.split(), 500, DataType.FLOAT);
        KernelMixturePath path = KernelMixturePath.of(t2, train, 0.2);
        PpdLoss ppd = PpdLoss.builder(path).build();
        TangentMlpField field = TangentMlpField.builder(t2).hidden(64, 64).build(root.split());
        TrainerConfig config = TrainerConfig.builder().maxSteps(300).schedule(LrSchedule.cosineByProgress(3e-3, 0))
                .ema(0.99).emaWarmup(true).build();
        TrainResult r = Trainer.builder(field).config(config).loss(ctx -> {
            int[] idx = new int[128];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = ctx.data().nextInt(2000);
            }
            return ppd.loss(ctx.model(), train.getRows(idx), ctx.noise());
        }).build().fit(root.split(), root.split());
        assertTrue(r.steps() == 300 && Double.isFinite(r.meanLoss()), "trained " + r);
        double nll = -ManifoldLikelihood.builder(t2).build().evaluate(field, test).mean();
        double uniform = 2 * Math.log(2 * Math.PI);
        double truth = -mix.logProb(test.castTo(DataType.DOUBLE)).meanNumber().doubleValue();
        assertTrue(nll < uniform - 0.8, "PPD test NLL " + nll + " vs uniform " + uniform + " (true " + truth + ")");
    }
}
