package io.github.flows4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.nn.Mlp;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.nn.TimeMlp;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.optim.AdamConfig;
import io.github.flows4j.core.optim.LrSchedule;
import io.github.flows4j.core.optim.Optimizer;
import io.github.flows4j.core.optim.OptimizerState;
import io.github.flows4j.core.optim.Sgd;
import io.github.flows4j.core.optim.SgdConfig;
import io.github.flows4j.core.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Mlp mlp(long seed, int hidden, boolean bias, DataType type) {
        return Mlp.builder().sizes(2, hidden, 1).activation(Activation.TANH).bias(bias).dtype(type)
                .build(Rng.seeded(seed));
    }

    private static Map<String, INDArray> snapshot(Module m) {
        Map<String, INDArray> s = new HashMap<>();
        m.parameters().forEach((k, v) -> s.put(k, v.value().dup()));
        return s;
    }

    private static void assertSameValues(Map<String, INDArray> expected, Module m) {
        assertEquals(expected.keySet(), m.parameters().keySet());
        m.parameters().forEach((k, v) -> assertEquals(expected.get(k), v.value(), k));
    }

    /** One deterministic training step on batch {@code step} (its own seed), for resume tests. */
    private static void train(TimeMlp net, Optimizer opt, int step) {
        Rng data = Rng.seeded(10_000 + step);
        TensorScope s = TensorScope.open();
        try {
            Tensor x = Tensor.constant(data.normal(DataType.FLOAT, 32, 2));
            Tensor t = Tensor.constant(data.uniform(DataType.FLOAT, 32, 1));
            Tensor target = Tensor.constant(data.normal(DataType.FLOAT, 32, 2));
            opt.zeroGrad();
            net.forward(t, x).sub(target).square().mean().backward();
            opt.step();
        } finally {
            s.close();
        }
    }

    private static TimeMlp field(long seed) {
        return TimeMlp.builder().sizes(2, 16, 2).dtype(DataType.FLOAT).build(Rng.seeded(seed));
    }

    private static Adam adam(Module m) {
        return new Adam(m.parameters(), AdamConfig.builder().lr(LrSchedule.cosine(1e-2, 20, 1e-3).withWarmup(3))
                .weightDecay(1e-3).build());
    }

    @Test
    void roundTripRestoresIdenticalValues() throws IOException {
        Path file = dir.resolve("model.f4j");
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Mlp saved = mlp(1, 8, true, type);
            Checkpoint.save(file, saved, null);
            Mlp restored = mlp(2, 8, true, type);
            assertNotEquals(saved.parameters().get("layers.0.weight").value(),
                    restored.parameters().get("layers.0.weight").value());
            Checkpoint.load(file, restored, null);
            assertSameValues(snapshot(saved), restored);
            Checkpoint.Contents c = Checkpoint.read(file);
            assertEquals(List.copyOf(saved.parameters().keySet()), List.copyOf(c.parameters().keySet()));
            assertNull(c.optimizer());
            // header (8 + 4 + 4 + manifest) + data length (8) + data + SHA-256 (32)
            long dataBytes = saved.parameterCount() * (type == DataType.FLOAT ? 4 : 8);
            assertTrue(Files.size(file) > 8 + 4 + 4 + 8 + dataBytes + 32);
        }
    }

    @Test
    void resumedTrainingEqualsUninterruptedTrainingBitwise() throws IOException {
        Path file = dir.resolve("run.f4j");
        TimeMlp a = field(3);
        Adam adamA = adam(a);
        for (int step = 0; step < 6; step++) {
            train(a, adamA, step);
        }
        Checkpoint.save(file, a, adamA);
        for (int step = 6; step < 12; step++) {
            train(a, adamA, step);
        }

        TimeMlp b = field(99);                      // different initial weights: all must come from the file
        Adam adamB = adam(b);
        Checkpoint.load(file, b, adamB);
        assertEquals(6, adamB.stepCount());
        for (int step = 6; step < 12; step++) {
            train(b, adamB, step);
        }
        assertSameValues(snapshot(a), b);
        OptimizerState sa = adamA.state();
        OptimizerState sb = adamB.state();
        assertEquals(sa.counters(), sb.counters());
        sa.buffers().forEach((k, v) -> assertEquals(v, sb.buffers().get(k), k));
    }

    @Test
    void optimizerStateSurvivesTheFile() throws IOException {
        Path file = dir.resolve("sgd.f4j");
        Mlp m = mlp(4, 4, true, DataType.DOUBLE);
        Sgd sgd = new Sgd(m.parameters(), SgdConfig.builder().lr(0.1).momentum(0.9).build());
        TensorScope s = TensorScope.open();
        try {
            m.forward(Tensor.constant(Rng.seeded(5).normal(DataType.DOUBLE, 8, 2))).square().sum().backward();
        } finally {
            s.close();
        }
        sgd.step();
        Checkpoint.save(file, m, sgd);
        OptimizerState read = Checkpoint.read(file).optimizer();
        OptimizerState live = sgd.state();
        assertEquals("sgd", read.kind());
        assertEquals(live.counters(), read.counters());
        assertEquals(live.buffers().keySet(), read.buffers().keySet());
        live.buffers().forEach((k, v) -> assertEquals(v, read.buffers().get(k), k));
    }

    @Test
    void atomicWriteLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("atomic.f4j");
        Mlp m = mlp(1, 4, true, DataType.FLOAT);
        Checkpoint.save(file, m, null);
        Checkpoint.save(file, mlp(2, 4, true, DataType.FLOAT), Adam.of(m.parameters(), 1e-3));   // replaces it
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        // the file gets the permissions of any new file (the umask), not a temporary file's owner-only ones
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.createFile(dir.resolve("plain"));
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
            Files.delete(plain);
        }
        // a target that cannot be replaced (a non-empty directory): the save fails and cleans up after itself
        Path blocked = dir.resolve("blocked.f4j");
        Files.createDirectory(blocked);
        Files.writeString(blocked.resolve("keep.txt"), "x");
        assertThrows(IOException.class, () -> Checkpoint.save(blocked, m, null));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("atomic.f4j", "blocked.f4j"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void mismatchedShapeIsNamedAndNothingIsLoaded() throws IOException {
        Path file = dir.resolve("small.f4j");
        Checkpoint.save(file, mlp(1, 8, true, DataType.FLOAT), null);
        Mlp wider = mlp(2, 16, true, DataType.FLOAT);
        Map<String, INDArray> before = snapshot(wider);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> Checkpoint.load(file, wider, null));
        assertTrue(e.getMessage().contains("'layers.0.weight' has shape [8, 2] in the checkpoint but [16, 2] in the"
                + " module"), e.getMessage());
        assertTrue(e.differences().contains("'layers.2.weight' has shape [1, 8] in the checkpoint but [1, 16] in the"
                + " module"), e.differences().toString());
        assertEquals(3, e.differences().size());        // layers.0.weight, layers.0.bias, layers.2.weight
        assertSameValues(before, wider);
    }

    @Test
    void missingAndUnexpectedParametersAreNamed() throws IOException {
        Path noBias = dir.resolve("nobias.f4j");
        Checkpoint.save(noBias, mlp(1, 4, false, DataType.FLOAT), null);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> Checkpoint.load(noBias, mlp(1, 4, true, DataType.FLOAT), null));
        assertEquals(List.of("missing parameters [layers.0.bias, layers.2.bias] (in the module, not in the "
                + "checkpoint)"), e.differences());

        Path withBias = dir.resolve("bias.f4j");
        Checkpoint.save(withBias, mlp(1, 4, true, DataType.FLOAT), null);
        e = assertThrows(CheckpointMismatchException.class,
                () -> Checkpoint.load(withBias, mlp(1, 4, false, DataType.FLOAT), null));
        assertEquals(List.of("unexpected parameters [layers.0.bias, layers.2.bias] (in the checkpoint, not in the"
                + " module)"), e.differences());
        assertTrue(e.getMessage().startsWith("checkpoint " + withBias + " does not fit: unexpected parameters"),
                e.getMessage());
    }

    @Test
    void mismatchedDataTypeIsNamed() throws IOException {
        Path file = dir.resolve("float.f4j");
        Checkpoint.save(file, mlp(1, 4, true, DataType.FLOAT), null);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> Checkpoint.load(file, mlp(1, 4, true, DataType.DOUBLE), null));
        assertTrue(e.differences().contains("'layers.0.weight' is FLOAT in the checkpoint but DOUBLE in the module"),
                e.differences().toString());
    }

    @Test
    void optimizerStateMustBePresentAndOfTheSameKind() throws IOException {
        Mlp m = mlp(1, 4, true, DataType.FLOAT);
        Path bare = dir.resolve("bare.f4j");
        Checkpoint.save(bare, m, null);
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> Checkpoint.load(bare, m, Adam.of(m.parameters(), 1e-3)));
        assertEquals(List.of("an optimizer was given but the checkpoint holds no optimizer state"), e.differences());

        Path withAdam = dir.resolve("adam.f4j");
        Checkpoint.save(withAdam, m, Adam.of(m.parameters(), 1e-3));
        e = assertThrows(CheckpointMismatchException.class,
                () -> Checkpoint.load(withAdam, m, Sgd.of(m.parameters(), 0.1)));
        assertEquals(List.of("optimizer state: state.kind must be 'sgd'; got 'adam'"), e.differences());
        Checkpoint.load(withAdam, m, null);             // parameters only: fine
    }

    @Test
    void corruptByteIsDetected() throws IOException {
        Path file = dir.resolve("corrupt.f4j");
        Mlp m = mlp(1, 8, true, DataType.FLOAT);
        Checkpoint.save(file, m, Adam.of(m.parameters(), 1e-3));
        byte[] good = Files.readAllBytes(file);
        Mlp target = mlp(2, 8, true, DataType.FLOAT);
        Map<String, INDArray> before = snapshot(target);
        // one flipped bit in the data, in the manifest, and in the checksum itself
        for (int at : new int[] {good.length - 40, 20, good.length - 1}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(file, bad);
            CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                    () -> Checkpoint.load(file, target, null), "flipped byte " + at);
            assertTrue(e.getMessage().contains("SHA-256") || e.getMessage().contains("manifest"),
                    "byte " + at + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("checkpoint " + file), e.getMessage());
        }
        assertSameValues(before, target);
    }

    @Test
    void truncatedForeignAndFutureFilesAreRejected() throws IOException {
        Path file = dir.resolve("t.f4j");
        Mlp m = mlp(1, 8, true, DataType.FLOAT);
        Checkpoint.save(file, m, null);
        byte[] good = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Files.write(file, java.util.Arrays.copyOf(good, 10));
        e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains("shorter than any checkpoint"), e.getMessage());

        Files.writeString(file, "{\"not\": \"a checkpoint, but long enough to have a header and a digest\"}");
        e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());

        byte[] future = good.clone();
        future[11] = 3;                                  // format version 3
        Files.write(file, future);
        e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().endsWith("has format version 3; this flows4j reads versions 1 to 2"),
                e.getMessage());

        byte[] longer = java.util.Arrays.copyOf(good, good.length + 3);
        Files.write(file, longer);
        e = assertThrows(CorruptCheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
    }

    @Test
    void dataIsLittleEndianIeee754InManifestOrder() throws IOException {
        Path file = dir.resolve("layout.f4j");
        Mlp m = mlp(1, 3, false, DataType.DOUBLE);
        Checkpoint.save(file, m, null);
        byte[] bytes = Files.readAllBytes(file);
        int manifestLength = java.nio.ByteBuffer.wrap(bytes, 12, 4).getInt();
        int dataStart = 16 + manifestLength + 8;
        java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart - 32)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        double[] w0 = m.parameters().get("layers.0.weight").value().dup('c').data().asDouble();
        double[] fromFile = new double[w0.length];
        for (int i = 0; i < w0.length; i++) {
            fromFile[i] = data.getDouble();
        }
        assertArrayEquals(w0, fromFile, 0.0);
        assertEquals(8 * m.parameterCount(), bytes.length - dataStart - 32);
    }

    @Test
    void extrasRoundTripExactly() throws IOException {
        Path file = dir.resolve("extras.f4j");
        Mlp m = mlp(3, 4, true, DataType.FLOAT);
        Optimizer opt = new Adam(m.parameters(), AdamConfig.builder().lr(1e-3).build());
        INDArray losses = Rng.seeded(5).normal(DataType.DOUBLE, 7);
        INDArray shadow = Rng.seeded(6).normal(DataType.FLOAT, 4, 2);
        Map<String, Long> counters = new java.util.LinkedHashMap<>();
        counters.put("trainer/step", 42L);
        counters.put("trainer/score", Double.doubleToRawLongBits(-0.125));
        Map<String, INDArray> buffers = new java.util.LinkedHashMap<>();
        buffers.put("trainer/losses", losses);
        buffers.put("ema/w", shadow);
        Checkpoint.save(file, m, opt, new Checkpoint.Extras(counters, buffers));

        Checkpoint.Contents c = Checkpoint.read(file);
        assertEquals(List.of("trainer/step", "trainer/score"), List.copyOf(c.extras().counters().keySet()));
        assertEquals(42L, c.extras().counters().get("trainer/step"));
        assertEquals(-0.125, Double.longBitsToDouble(c.extras().counters().get("trainer/score")), 0.0);
        assertEquals(losses, c.extras().buffers().get("trainer/losses"));
        assertEquals(shadow, c.extras().buffers().get("ema/w"));
        assertEquals("adam", c.optimizer().kind());
        Checkpoint.save(file, m, opt);
        assertNull(Checkpoint.read(file).extras());
    }

    @Test
    void readsFormatVersionOne() throws Exception {
        Path file = dir.resolve("v1.f4j");
        Mlp m = mlp(4, 3, true, DataType.DOUBLE);
        Checkpoint.save(file, m, null);
        byte[] v2 = Files.readAllBytes(file);
        // a version-1 file is the same without the manifest's final "hasExtras" byte
        int manifestLength = java.nio.ByteBuffer.wrap(v2, 12, 4).getInt();
        assertEquals(0, v2[16 + manifestLength - 1], "hasExtras = false");
        java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
        v1.write(v2, 0, 8);
        v1.write(new byte[] {0, 0, 0, 1});
        v1.write(java.nio.ByteBuffer.allocate(4).putInt(manifestLength - 1).array());
        v1.write(v2, 16, manifestLength - 1);
        v1.write(v2, 16 + manifestLength, v2.length - 32 - 16 - manifestLength);
        byte[] body = v1.toByteArray();
        v1.write(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        Files.write(file, v1.toByteArray());

        Checkpoint.Contents c = Checkpoint.read(file);
        assertNull(c.extras());
        assertNull(c.optimizer());
        Mlp other = mlp(99, 3, true, DataType.DOUBLE);
        Checkpoint.load(file, other, null);
        assertSameValues(snapshot(m), other);
    }
}
