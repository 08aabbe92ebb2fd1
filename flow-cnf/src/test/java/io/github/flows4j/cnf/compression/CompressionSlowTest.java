package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.train.Trainer;
import io.github.flows4j.core.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pilot measurements of docs/compression.md (one seed): learned vs fixed-grid transmit times on bouncing balls at
 * lambda = 20000, and the learned model's bit rate at 10, 20 and 40 fps. The default test of the same code path is
 * RateDistortionTest (and LatentDiscretizationTest for the training).
 */
@Tag("slow")
class CompressionSlowTest {
    private static final SequenceSource BALLS = BouncingBalls.builder().size(16).build();

    private static LatentDiscretization train(TransmitMode mode, Rng rng) {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(256).latentDim(4).hidden(64).lambda(20_000)
                .mode(mode).build();
        LatentDiscretization model = new LatentDiscretization(cfg, rng.split());
        Trainer.builder(model).config(TrainerConfig.builder().maxSteps(1200).schedule(LrSchedule.constant(3e-3))
                .build()).loss(CompressionTraining.loss(BALLS, 10, 8)).build().fit(rng.split(), rng.split());
        return model;
    }

    @Test
    void learnedVersusGridAndFrameRateIndependence() {
        Rng rng = Rng.seeded(0);
        Rng testRng = rng.split();
        List<ContinuousSequence> tests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tests.add(BALLS.sample(testRng.split()));
        }
        Rng.State draws = rng.split().state();
        double[] bits = new double[3];
        double[] fps = {10, 20, 40};
        for (TransmitMode mode : TransmitMode.values()) {
            SequenceCodec codec = new SequenceCodec(train(mode, rng.split()));
            for (int i = 0; i < fps.length; i++) {
                RateDistortion.Point p = RateDistortion.evaluate(codec, tests, fps[i], 4, Rng.fromState(draws));
                System.out.printf("compress/bouncing_balls mode=%s fps=%.0f bits_per_sec=%.1f ideal=%.1f "
                        + "time_bits_per_sec=%.1f psnr=%.2f psnr_4x=%.2f transmits=%.2f%n", mode, fps[i],
                        p.bitsPerSecond(), p.idealBitsPerSecond(), p.timeBitsPerSecond(), p.psnr(), p.psnrFine(),
                        p.transmits());
                bits[i] = p.bitsPerSecond();
                assertTrue(p.psnr() > 18, mode + " learns something at " + fps[i] + " fps: " + p.psnr());
            }
            double lo = Math.min(bits[0], Math.min(bits[1], bits[2]));
            double hi = Math.max(bits[0], Math.max(bits[1], bits[2]));
            assertTrue(hi <= 1.10 * lo, mode + ": bit rate within 10 % across 10/20/40 fps: " + lo + " .. " + hi);
        }
    }
}
