package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The code path of the rate–distortion and frame-rate measurements (CompressionSlowTest), on an untrained model. */
class RateDistortionTest {

    @Test
    void gridTransmissionsAndBitsDoNotDependOnTheFrameRate() {
        SequenceSource src = BouncingBalls.builder().size(8).radius(1.5).build();
        List<ContinuousSequence> tests = new ArrayList<>();
        Rng rng = Rng.seeded(1);
        for (int i = 0; i < 3; i++) {
            tests.add(src.sample(rng.split()));
        }
        CompressionConfig cfg = CompressionConfig.builder().frameSize(64).latentDim(2).hidden(8)
                .mode(TransmitMode.GRID).build();
        SequenceCodec codec = new SequenceCodec(new LatentDiscretization(cfg, Rng.seeded(2)));
        RateDistortion.Point[] p = new RateDistortion.Point[3];
        double[] fps = {10, 20, 40};
        for (int i = 0; i < 3; i++) {
            p[i] = RateDistortion.evaluate(codec, tests, fps[i], 2, Rng.seeded(3));
            assertEquals(17.0, p[i].transmits(), 1e-12, "2 s = 64 bins of 1/32 s, every 4th and the start");
            assertEquals(0.0, p[i].timeBitsPerSecond(), 1e-12);
            assertTrue(p[i].bitsPerSecond() > 0 && Double.isFinite(p[i].psnr()) && Double.isFinite(p[i].psnrFine()));
            assertTrue(p[i].bitsPerSecond() >= p[i].idealBitsPerSecond() - 1e-9);
        }
        assertEquals(RateDistortion.psnr(0.01), 20.0, 1e-12);
        assertThrows(InvalidConfigException.class, () -> RateDistortion.evaluate(codec, List.of(), 10, 1,
                Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> RateDistortion.evaluate(codec, tests, 0, 1,
                Rng.seeded(0)));
    }
}
