package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LatentDiscretizationTest {
    private static final SequenceSource SOURCE = CoupledOscillators.builder().count(6).duration(2).build();

    @SuppressWarnings("try")
    private static double meanObjective(LatentDiscretization model, CompressionTraining.Batch val) {
        double s = 0;
        Rng rng = Rng.seeded(99);
        try (GradMode.Scope off = GradMode.noGrad()) {
            for (int r = 0; r < 4; r++) {
                s += model.objective(val.frames(), val.times(), rng.split()).objective();
            }
        }
        return s / 4;
    }

    private static void trainLowersObjective(TransmitMode mode) {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(6).latentDim(3).hidden(32).lambda(300)
                .mode(mode).build();
        LatentDiscretization model = new LatentDiscretization(cfg, Rng.seeded(0));
        CompressionTraining.Batch val = CompressionTraining.batch(SOURCE, 10, 8, Rng.seeded(5));
        double before = meanObjective(model, val);
        Trainer<LatentDiscretization> trainer = Trainer.builder(model)
                .config(TrainerConfig.builder().maxSteps(120).schedule(LrSchedule.constant(3e-3)).build())
                .loss(CompressionTraining.loss(SOURCE, 10, 8)).build();
        trainer.fit(Rng.seeded(1), Rng.seeded(2));
        double after = meanObjective(model, val);
        System.out.printf("%s: R + lambda D %.2f -> %.2f%n", mode, before, after);
        assertTrue(after < 0.95 * before, mode + ": " + before + " -> " + after);
    }

    @Test
    void shortTrainingLowersTheRateDistortionObjective() {
        trainLowersObjective(TransmitMode.LEARNED);
    }

    @Test
    void shortTrainingLowersTheObjectiveOnTheFixedGrid() {
        trainLowersObjective(TransmitMode.GRID);
    }

    @Test
    void severalPolicySamplesGiveThePolicyAGradientAndAZeroValuedScoreTerm() {
        for (int samples : new int[] {1, 3}) {
            CompressionConfig cfg = CompressionConfig.builder().frameSize(6).latentDim(2).hidden(8)
                    .policySamples(samples).build();
            LatentDiscretization model = new LatentDiscretization(cfg, Rng.seeded(3));
            CompressionTraining.Batch b = CompressionTraining.batch(SOURCE, 10, 2, Rng.seeded(4));
            RdTerms rd = model.objective(b.frames(), b.times(), Rng.seeded(6));
            assertEquals(rd.objective(), rd.loss().item(), 1e-9, "the score-function term has value 0");
            rd.loss().backward();
            double g = model.parameters().entrySet().stream().filter(e -> e.getKey().startsWith("policy."))
                    .mapToDouble(e -> e.getValue().grad().norm2Number().doubleValue()).sum();
            assertTrue(g > 0, samples + " samples: policy gradient norm " + g);
            model.zeroGrad();
        }
        assertThrows(InvalidConfigException.class, () -> CompressionConfig.builder().frameSize(6).policySamples(0)
                .build());
    }

    @Test
    void anAgeAwarePolicyDrawsBinAfterBinAndItsRatesDependOnlyOnEarlierEvents() {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(6).latentDim(2).hidden(8).policyAge(true)
                .policySamples(2).build();
        LatentDiscretization model = new LatentDiscretization(cfg, Rng.seeded(3));
        CompressionTraining.Batch b = CompressionTraining.batch(SOURCE, 10, 2, Rng.seeded(4));
        double duration = b.times()[b.times().length - 1];
        Tensor zb = model.binLatents(model.encode(b.frames()), b.times(), model.bins(duration));
        INDArray events = model.samplePolicy(zb.value(), duration, Rng.seeded(5));
        assertEquals(events, model.samplePolicy(zb.value(), duration, Rng.seeded(5)), "same seed, same draws");
        double[][] rates = model.policyRates(zb.value(), duration, events).value().toDoubleMatrix();
        INDArray flipped = events.dup();
        int last = (int) flipped.size(1) - 1;
        flipped.putScalar(0, last, 1 - flipped.getDouble(0, last));
        flipped.putScalar(0, 5, 1 - flipped.getDouble(0, 5));
        double[][] other = model.policyRates(zb.value(), duration, flipped).value().toDoubleMatrix();
        for (int j = 0; j <= 5; j++) {
            assertEquals(rates[0][j], other[0][j], 0.0, "bin " + j + " sees only the events before it");
        }
        assertTrue(IntStream.range(6, last + 1).anyMatch(j -> rates[0][j] != other[0][j]), "later bins see the age");
        RdTerms rd = model.objective(b.frames(), b.times(), Rng.seeded(6));
        assertEquals(rd.objective(), rd.loss().item(), 1e-9, "the score-function term has value 0");
        rd.loss().backward();
        double g = model.parameters().entrySet().stream().filter(e -> e.getKey().startsWith("policy."))
                .mapToDouble(e -> e.getValue().grad().norm2Number().doubleValue()).sum();
        assertTrue(g > 0, "policy gradient norm " + g);
        assertThrows(InvalidConfigException.class, () -> model.policyRates(zb.value(), duration, null));
    }

    @Test
    @SuppressWarnings("try")
    void sampledDecodingAveragesToTheBridgeMeanLatents() {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(6).latentDim(2).hidden(8).build();
        LatentDiscretization model = new LatentDiscretization(cfg, Rng.seeded(3));
        double[] taus = {0, 0.5, 1.25};
        double[] at = {0, 0.2, 0.5, 0.9, 1.6};
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor values = Tensor.constant(Nd4j.createFromArray(new double[][] {{1, -2}, {0, 3}, {-1, 1}}));
            double[][] mean = model.latentMeans(values, taus, at).value().toDoubleMatrix();
            assertEquals(3.0, mean[2][1], 1e-12, "at a transmit time the latent is the transmitted value");
            double[] frame = model.reconstructSample(values, taus, new double[] {0.5}, Rng.seeded(1)).toDoubleArray();
            double[] exact = model.reconstruct(values, taus, new double[] {0.5}).toDoubleArray();
            for (int i = 0; i < frame.length; i++) {
                assertEquals(exact[i], frame[i], 1e-12, "no randomness at a transmit time");
            }
            Tensor s = model.reconstructSample(values, taus, at, Rng.seeded(2));
            assertEquals(at.length, s.shape()[0]);
            assertEquals(6, s.shape()[1]);
        }
    }

    @Test
    @SuppressWarnings("try")
    void gridModeTransmitsOnTheGridForFreeAndObjectiveAddsUp() {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(6).latentDim(2).hidden(8).lambda(50)
                .mode(TransmitMode.GRID).gridEvery(8).binWidth(1.0 / 32).build();
        LatentDiscretization model = new LatentDiscretization(cfg, Rng.seeded(3));
        CompressionTraining.Batch b = CompressionTraining.batch(SOURCE, 10, 3, Rng.seeded(4));
        try (GradMode.Scope off = GradMode.noGrad()) {
            RdTerms rd = model.objective(b.frames(), b.times(), Rng.seeded(6));
            // 2 s = 64 bins: bins 7, 15, ..., 63 -> 8 transmissions plus the one at time 0
            assertEquals(9.0, rd.transmits(), 1e-12);
            assertEquals(0.0, rd.timeBits(), 1e-12);
            assertEquals(rd.valueBits() / 2.0 + 50 * rd.mse(), rd.objective(), 1e-9);
        }
    }
}
