package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.random.Rng;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceCodecTest {
    @TempDir
    Path dir;

    private static LatentDiscretization model(TransmitMode mode, long seed) {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(64).latentDim(3).hidden(16).mode(mode)
                .initRate(6).build();
        return new LatentDiscretization(cfg, Rng.seeded(seed));
    }

    private static Sequence clip(long seed) {
        return BouncingBalls.builder().size(8).radius(1.5).build().sample(Rng.seeded(seed)).render(20);
    }

    @Test
    void encodeDecodeReproducesTheTransmittedLatentsExactly() throws Exception {
        for (TransmitMode mode : TransmitMode.values()) {
            LatentDiscretization m = model(mode, 1);
            SequenceCodec codec = new SequenceCodec(m);
            for (long s = 0; s < 3; s++) {
                SequenceCodec.Encoded enc = codec.encode(clip(s), Rng.seeded(10 + s));
                Transmission back = codec.read(enc.bytes());
                assertEquals(enc.transmission(), back, mode + " seed " + s);
                assertTrue(back.values().length > 1, "something after the start is sent");
                // the stream costs its ideal length plus 4 bytes of coder state and under one byte of slack (and
                // the rounding of the tables to 16 bits)
                assertTrue(enc.streamBits() >= enc.idealBits() - 1, enc.streamBits() + " vs " + enc.idealBits());
                assertTrue(enc.streamBits() <= enc.idealBits() + 40 + 1, enc.streamBits() + " vs " + enc.idealBits());
                assertEquals(enc.bytes().length, 5 + 4 * 3 + 8 + 1 + 4 + 8 + 4 * 2 + 8 * 2 + 4 + 4
                        + enc.streamBits() / 8 + 4, "header + stream + CRC");
                if (mode == TransmitMode.GRID) {
                    assertEquals(0.0, enc.idealTimeBits());
                }
                Sequence at40 = codec.reconstruct(back, 40);
                assertEquals(81, at40.length());
                Sequence sampled = codec.reconstructSample(back, at40.times(), Rng.seeded(s));
                assertEquals(at40.length(), sampled.length());
                assertArrayEquals(at40.frames()[0], sampled.frames()[0], 1e-12, "the start is transmitted");
                Sequence at20 = codec.reconstruct(back, clip(s).times());
                for (int j = 0; j < at20.length(); j++) {
                    assertArrayEquals(at20.frames()[j], at40.frames()[2 * j], 1e-12);
                }
            }
        }
    }

    @Test
    void anAgeAwarePolicyRoundTripsToo() throws Exception {
        CompressionConfig cfg = CompressionConfig.builder().frameSize(64).latentDim(2).hidden(8).policyAge(true)
                .build();
        SequenceCodec codec = new SequenceCodec(new LatentDiscretization(cfg, Rng.seeded(1)));
        SequenceCodec.Encoded enc = codec.encode(clip(0), Rng.seeded(10));
        assertEquals(enc.transmission(), codec.read(enc.bytes()));
        assertEquals(enc.transmission(), codec.encode(clip(0), Rng.seeded(10)).transmission(), "deterministic");
        assertTrue(enc.idealTimeBits() > 0);
    }

    @Test
    void filesRoundTripAndAreWrittenAtomically() throws Exception {
        SequenceCodec codec = new SequenceCodec(model(TransmitMode.LEARNED, 2));
        Path seq = dir.resolve("clip.seq");
        Path bin = dir.resolve("clip.bin");
        SequenceFile.write(seq, clip(5));
        Sequence read = SequenceFile.read(seq);
        assertArrayEquals(clip(5).frames()[7], read.frames()[7]);
        SequenceCodec.Encoded enc = codec.encodeFile(seq, bin, Rng.seeded(3));
        assertEquals(enc.transmission(), codec.readFile(bin));
        byte[] before = Files.readAllBytes(bin);
        // a NaN frame: typed error, and the existing output is untouched
        byte[] raw = Files.readAllBytes(seq);
        ByteBuffer.wrap(raw).putDouble(5 + 12 + 8 * read.length() + 8 * 3, Double.NaN);
        CRC32 crc = new CRC32();
        crc.update(raw, 0, raw.length - 4);
        ByteBuffer.wrap(raw).putInt(raw.length - 4, (int) crc.getValue());
        Path nan = dir.resolve("nan.seq");
        Files.write(nan, raw);
        assertThrows(NonFiniteException.class, () -> codec.encodeFile(nan, bin, Rng.seeded(3)));
        assertArrayEquals(before, Files.readAllBytes(bin));
        assertThrows(NonFiniteException.class, () -> codec.encodeFile(nan, dir.resolve("new.bin"), Rng.seeded(3)));
        assertFalse(Files.exists(dir.resolve("new.bin")));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporaries left: clip.seq, clip.bin, nan.seq");
        }
    }

    @Test
    void badBinariesThrowTypedErrors() throws Exception {
        LatentDiscretization m = model(TransmitMode.LEARNED, 3);
        SequenceCodec codec = new SequenceCodec(m);
        byte[] good = codec.encode(clip(1), Rng.seeded(1)).bytes();
        Rng rng = Rng.seeded(8);
        for (int trial = 0; trial < 20; trial++) {
            byte[] cut = Arrays.copyOf(good, rng.nextInt(good.length));
            assertThrows(CompressedFormatException.class, () -> codec.read(cut), "cut at " + cut.length);
            byte[] flipped = good.clone();
            flipped[5 + rng.nextInt(good.length - 5)] ^= (byte) (1 + rng.nextInt(255));
            assertThrows(CompressedFormatException.class, () -> codec.read(flipped));
        }
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThrows(CompressedFormatException.class, () -> codec.read(magic));
        byte[] version = good.clone();
        version[4] = 2;
        CompressedFormatException e = assertThrows(CompressedFormatException.class, () -> codec.read(version));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        SequenceCodec other = new SequenceCodec(model(TransmitMode.LEARNED, 4));
        e = assertThrows(CompressedFormatException.class, () -> other.read(good));
        assertTrue(e.getMessage().contains("another model"), e.getMessage());
        Transmission t = codec.read(good);
        assertThrows(InvalidConfigException.class, () -> codec.reconstruct(t, 0));
        assertThrows(InvalidConfigException.class, () -> codec.reconstruct(t, -10));
        Path junk = dir.resolve("junk.seq");
        Files.write(junk, new byte[] {1, 2, 3});
        assertThrows(CompressedFormatException.class, () -> SequenceFile.read(junk));
    }
}
