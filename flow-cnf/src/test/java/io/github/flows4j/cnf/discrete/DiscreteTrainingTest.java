package io.github.flows4j.cnf.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.TrainResult;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import io.github.flows4j.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DiscreteTrainingTest {
    @Test
    void aShortTrainerRunLowersTheLossAndTheBoundBeatsTheUnigramBaseline() {
        MarkovChainSequences data = MarkovChainSequences.demo(8);
        Rng rng = Rng.seeded(11);
        MixtureDiscretePath path = new MixtureDiscretePath(new CondOTScheduler(), new MaskSource(8));
        MlpDenoiser model = MlpDenoiser.builder().source(path.source()).length(8).hidden(128, 128)
                .build(rng.split());
        DiscreteFlowMatching fm = DiscreteFlowMatching.generalizedKl(path);
        INDArray test = data.sample(500, rng.split());
        NllBoundEstimator elbo = new NllBoundEstimator(path, 16);
        double before = elbo.estimate(model, test, rng.split()).natsPerToken();
        List<Double> losses = new ArrayList<>();
        TrainResult r = Trainer.builder(model)
                .config(TrainerConfig.builder().maxSteps(400).schedule(LrSchedule.constant(2e-3)).build())
                .loss(ctx -> fm.loss(ctx.model(), data.sample(128, ctx.data()), ctx.noise()))
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(long step, double loss, double lr) {
                        losses.add(loss);
                    }
                }).build().fit(rng.split(), rng.split());
        assertEquals(400, r.steps());
        double first = losses.subList(0, 50).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(350, 400).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
        NllBound after = elbo.estimate(model, test, rng.split());
        double unigram = data.unigramEntropy();
        assertTrue(after.natsPerToken() < before, "bound " + before + " -> " + after);
        assertTrue(after.natsPerToken() + 3 * after.standardError() < unigram,
                "bound " + after + " vs unigram " + unigram + " (true entropy " + data.entropyPerToken() + ")");
        assertTrue(after.natsPerToken() > data.entropyPerToken() - 3 * after.standardError(),
                "a bound on the NLL cannot beat the entropy: " + after + " vs " + data.entropyPerToken());
        // the Euler sampler produces data tokens only
        INDArray samples = new MixtureDiscreteEulerSolver(path).sample(model, path.source().sample(20, 8, rng), 16,
                rng);
        for (double v : samples.data().asDouble()) {
            assertTrue(v >= 0 && v < 8, "token " + v);
        }
    }
}
