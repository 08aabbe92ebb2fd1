package io.github.flows4j.cnf.sdebnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import org.junit.jupiter.api.Test;

class SdeBnnTrainingTest {

    @SuppressWarnings("try")
    private static double elbo(SdeBnn model, RegressionToy.Data d) {
        double sum = 0;
        try (GradMode.Scope g = GradMode.noGrad(); TensorScope s = TensorScope.open()) {
            Rng rng = Rng.seeded(77);
            for (int i = 0; i < 4; i++) {
                SdeBnnSample smp = model.sample(d.xTrain(), rng.split());
                sum += Elbo.gaussian(smp.output(), smp.kl(), d.yTrain(), RegressionToy.NOISE, 1.0,
                        RegressionToy.N_TRAIN).item() / 4;
            }
        }
        return sum;
    }

    @Test
    void aShortTrainingRunThroughTheTrainerImprovesTheElbo() {
        for (KlEstimator e : new KlEstimator[] {KlEstimator.STL, KlEstimator.PLAIN}) {
            Rng rng = Rng.seeded(5);
            RegressionToy.Data d = RegressionToy.data(rng.split());
            SdeBnnConfig config = RegressionToy.sdeBnnConfig().toBuilder().steps(4).estimator(e).build();
            SdeBnn model = new SdeBnn(config, rng.split());
            double before = elbo(model, d);
            Trainer<SdeBnn> trainer = Trainer.builder(model)
                    .config(TrainerConfig.builder().maxSteps(30).schedule(LrSchedule.constant(1e-2)).build())
                    .loss(ctx -> {
                        SdeBnnSample s = ctx.model().sample(d.xTrain(), ctx.noise());
                        return Elbo.gaussian(s.output(), s.kl(), d.yTrain(), RegressionToy.NOISE, 1.0,
                                RegressionToy.N_TRAIN).neg();
                    })
                    .build();
            TrainResult r = trainer.fit(rng.split(), rng.split());
            assertEquals(30, r.steps());
            double after = elbo(model, d);
            assertTrue(after > before + 1.0, e + ": ELBO before " + before + ", after " + after);
        }
    }

    @Test
    void samePathSeedGivesTheSameSample() {
        SdeBnn model = new SdeBnn(SdeBnnTest.small(KlEstimator.STL), Rng.seeded(8));
        Tensor x = Tensor.constant(Rng.seeded(9).normal(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, 2));
        double a = model.sample(x, Rng.seeded(10)).output().sum().item();
        double b = model.sample(x, Rng.seeded(10)).output().sum().item();
        double c = model.sample(x, Rng.seeded(11)).output().sum().item();
        assertEquals(a, b, 0.0);
        assertTrue(a != c);
    }
}
