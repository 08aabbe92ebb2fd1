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
        trainLowersObjective(mode, false);
    }

    private static void trainLowersObjective(TransmitMode mode, boolean local) {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(6).latentDim(3).hidden(32).lambda(300)
                .mode(mode).localGradient(local).binWidth(local ? 1.0 / 8 : 1.0 / 32).build();
        LatentDiscretization model = new LatentDiscretization(cfg, Rng.seeded(0));
        CompressionTraining.Batch val = CompressionTraining.batch(SOURCE, 10, 8, Rng.seeded(5));
        double before = meanObjective(model, val);
        Trainer<LatentDiscretization> trainer = Trainer.builder(model)
                .config(TrainerConfig.builder().maxSteps(local ? 60 : 120).schedule(LrSchedule.constant(3e-3)).build())
                .loss(CompressionTraining.loss(SOURCE, 10, 8)).build();
        trainer.fit(Rng.seeded(1), Rng.seeded(2));
        double after = meanObjective(model, val);
        System.out.printf("%s%s: R + lambda D %.2f -> %.2f%n", mode, local ? " (local gradient)" : "", before, after);
        assertTrue(after < 0.95 * before, mode + ": " + before + " -> " + after);
    }

    @Test
    void shortTrainingLowersTheRateDistortionObjective() {
        trainLowersObjective(TransmitMode.LEARNED);
    }

    @Test
    void shortTrainingWithTheLocalExpectationGradientLowersTheObjective() {
        trainLowersObjective(TransmitMode.LEARNED, true);
    }

    /** R + lambda D of one sequence for given transmit bins and noise, from the public tensor pieces. */
    @SuppressWarnings("try")
    private static double tensorLoss(LatentDiscretization model, CompressionTraining.Batch b, Tensor zf, Tensor zb,
            double[] events, INDArray noise) {
        CompressionConfig cfg = model.config();
        int d = cfg.latentDim();
        double[] times = b.times();
        int n = times.length;
        int k = events.length;
        try (GradMode.Scope off = GradMode.noGrad()) {
            double[] taus = model.transmitTimes(times[0], events);
            int[] idx = model.transmitBins(times[0], events);
            int[] rows = new int[idx.length + 1];
            Tensor y = zf.select(0, 0).narrow(0, 0, d).reshape(1, d);
            for (int i = 0; i < idx.length; i++) {
                rows[i + 1] = idx[i] + 1;
            }
            if (idx.length > 0) {
                y = Tensor.concat(0, y, zb.select(0, 0).reshape(k, d).indexSelect(idx));
            }
            Tensor values = y.add(Tensor.constant(noise).indexSelect(rows));
            INDArray e = Nd4j.createFromArray(new double[][] {events});
            double timeBits = -PointProcess.binnedLogProb(model.timingRates(e), e, cfg.binWidth()).item()
                    / Math.log(2);
            double valueBits = model.valueNats(values, taus).item() / Math.log(2);
            INDArray target = b.frames().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).reshape(n,
                    cfg.frameSize()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            double mse = model.reconstruct(values, taus, times).value().sub(target).norm2Number().doubleValue();
            mse = mse * mse / (n * cfg.frameSize());
            return (timeBits + valueBits) / (times[n - 1] - times[0]) + cfg.lambda() * mse;
        }
    }

    @Test
    @SuppressWarnings("try")
    void localGradientFlipsAreExactDifferencesOfTheObjectiveAndTheTermIsZeroValued() {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(6).latentDim(2).hidden(8).lambda(400)
                .binWidth(1.0 / 8).localGradient(true).build();
        LatentDiscretization model = new LatentDiscretization(cfg, Rng.seeded(3));
        CompressionTraining.Batch b = CompressionTraining.batch(SOURCE, 10, 1, Rng.seeded(4));
        double[] times = b.times();
        int k = model.bins(times[times.length - 1]);
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor zf = model.encode(b.frames());
            Tensor zb = model.binLatents(zf, times, k);
            INDArray events = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, k);
            for (int j : new int[] {2, 3, 9, k - 1}) {
                events.putScalar(0, j, 1.0);
            }
            INDArray noise = Rng.seeded(7).uniform(-0.5, 0.5, org.nd4j.linalg.api.buffer.DataType.DOUBLE, k + 1, 2);
            double[][] delta = model.flipDeltas(b.frames(), times, zf.value(), zb.value(), events,
                    new INDArray[] {noise});
            double[] e = events.toDoubleVector();
            double base = tensorLoss(model, b, zf, zb, e, noise);
            for (int c = 0; c < k; c++) {
                double[] f = e.clone();
                f[c] = 1 - f[c];
                double flipped = tensorLoss(model, b, zf, zb, f, noise);
                double expected = e[c] > 0.5 ? base - flipped : flipped - base;
                assertEquals(expected, delta[0][c], 1e-5 * (1 + Math.abs(base)), "bin " + c);
            }
        }
        CompressionTraining.Batch two = CompressionTraining.batch(SOURCE, 10, 2, Rng.seeded(8));
        RdTerms rd = model.objective(two.frames(), two.times(), Rng.seeded(6));
        assertEquals(rd.objective(), rd.loss().item(), 1e-9, "the local-gradient term has value 0");
        rd.loss().backward();
        double g = model.parameters().entrySet().stream().filter(en -> en.getKey().startsWith("policy."))
                .mapToDouble(en -> en.getValue().grad().norm2Number().doubleValue()).sum();
        assertTrue(g > 0, "policy gradient norm " + g);
        assertThrows(InvalidConfigException.class, () -> CompressionConfig.builder().frameSize(6).policyAge(true)
                .localGradient(true).build());
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
