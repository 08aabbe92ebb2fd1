package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerFrameCodecTest {
    private static final SequenceSource BALLS = BouncingBalls.builder().size(8).radius(1.5).build();

    private static List<Sequence> clips(int count, double fps, Rng rng) {
        List<Sequence> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(BALLS.sample(rng.split()).render(fps));
        }
        return out;
    }

    @Test
    void roundTripsTheQuantisedFramesBitExactly() throws CompressedFormatException {
        Rng rng = Rng.seeded(0);
        PerFrameCodec codec = PerFrameCodec.fit(clips(4, 10, rng.split()), 4);
        Sequence s = BALLS.sample(rng.split()).render(10);
        PerFrameCodec.Encoded enc = codec.encode(s);
        Sequence back = codec.decode(enc.bytes());
        assertEquals(s.length(), back.length());
        assertArrayEquals(s.frameShape(), back.frameShape());
        for (int j = 0; j < s.length(); j++) {
            assertArrayEquals(enc.quantised().frames()[j], back.frames()[j], 0.0, "frame " + j);
            assertEquals(s.times()[j], back.times()[j], 1e-12);
            for (int p = 0; p < s.frameSize(); p++) {
                assertEquals(s.frames()[j][p], back.frames()[j][p], 1.0 / 6 + 1e-12, "within half a level");
                assertEquals(0, back.frames()[j][p] * 3 - Math.rint(back.frames()[j][p] * 3), 1e-12);
            }
        }
        assertTrue(enc.streamBits() >= enc.idealBits() - 1e-9 && enc.streamBits() <= enc.idealBits() + 40,
                enc.streamBits() + " stream bits vs ideal " + enc.idealBits());
    }

    @Test
    void rateGrowsWithTheFrameRateAndFallsWithFewerLevels() {
        Rng rng = Rng.seeded(1);
        List<Sequence> train = clips(8, 10, rng.split());
        List<ContinuousSequence> tests = new ArrayList<>();
        Rng t = rng.split();
        for (int i = 0; i < 3; i++) {
            tests.add(BALLS.sample(t.split()));
        }
        PerFrameCodec two = PerFrameCodec.fit(train, 2);
        PerFrameCodec eight = PerFrameCodec.fit(train, 8);
        RateDistortion.Point p10 = RateDistortion.evaluate(two, tests, 10, 2);
        RateDistortion.Point p40 = RateDistortion.evaluate(two, tests, 40, 2);
        RateDistortion.Point fine = RateDistortion.evaluate(eight, tests, 10, 2);
        assertEquals(21, p10.transmits(), 1e-12, "every frame of 2 s at 10 fps");
        assertEquals(0, p10.timeBitsPerSecond());
        assertTrue(p40.bitsPerSecond() > 3.5 * p10.bitsPerSecond(), p10 + " vs " + p40);
        assertTrue(fine.bitsPerSecond() > p10.bitsPerSecond() && fine.psnr() > p10.psnr(), p10 + " vs " + fine);
    }

    @Test
    void contextModelBeatsAFlatCode() {
        Rng rng = Rng.seeded(2);
        PerFrameCodec codec = PerFrameCodec.fit(clips(8, 10, rng.split()), 4);
        Sequence s = BALLS.sample(rng.split()).render(10);
        double flat = s.length() * s.frameSize() * 2.0;
        assertTrue(codec.encode(s).streamBits() < 0.5 * flat, "mostly background: far below 2 bits per value");
    }

    @Test
    void badInputGivesTypedErrors() {
        Rng rng = Rng.seeded(3);
        List<Sequence> train = clips(2, 10, rng.split());
        assertThrows(InvalidConfigException.class, () -> PerFrameCodec.fit(train, 1));
        assertThrows(InvalidConfigException.class, () -> PerFrameCodec.fit(List.of(), 4));
        PerFrameCodec codec = PerFrameCodec.fit(train, 4);
        Sequence uneven = new Sequence(new double[] {0, 0.1, 0.3}, new double[3][64], new int[] {8, 8});
        assertThrows(InvalidConfigException.class, () -> codec.encode(uneven));
        byte[] bytes = codec.encode(train.get(0)).bytes();
        CompressedFormatException cut = assertThrows(CompressedFormatException.class,
                () -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)));
        assertTrue(cut.getMessage().contains("checksum"), cut.getMessage());
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        assertTrue(assertThrows(CompressedFormatException.class, () -> codec.decode(magic)).getMessage()
                .contains("magic"));
        byte[] version = bytes.clone();
        version[4] = 9;
        assertTrue(assertThrows(CompressedFormatException.class, () -> codec.decode(version)).getMessage()
                .contains("version"));
        PerFrameCodec other = PerFrameCodec.fit(train, 8);
        assertTrue(assertThrows(CompressedFormatException.class, () -> other.decode(bytes)).getMessage()
                .contains("another context model"));
    }

    @Test
    void linearInTimeBetweenDecodedFrames() {
        Sequence s = new Sequence(new double[] {0, 1}, new double[][] {{0, 1}, {1, 0}}, new int[] {1, 2});
        Sequence mid = PerFrameCodec.reconstruct(s, new double[] {0, 0.25, 1, 2});
        assertArrayEquals(new double[] {0.25, 0.75}, mid.frames()[1], 1e-12);
        assertArrayEquals(new double[] {1, 0}, mid.frames()[3], 0.0);
    }

    @Test
    void bitsAtPsnrInterpolatesTheParetoFront() {
        List<RateDistortion.Point> curve = List.of(new RateDistortion.Point(100, 0, 0, 20, 0, 0),
                new RateDistortion.Point(200, 0, 0, 30, 0, 0), new RateDistortion.Point(300, 0, 0, 25, 0, 0));
        assertEquals(150, RateDistortion.bitsAtPsnr(curve, 25), 1e-9, "the dominated point is left out");
        assertTrue(Double.isNaN(RateDistortion.bitsAtPsnr(curve, 31)));
    }
}
