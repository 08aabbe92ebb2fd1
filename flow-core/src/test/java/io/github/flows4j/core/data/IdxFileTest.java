package io.github.flows4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class IdxFileTest {
    @TempDir
    Path dir;

    /** An unsigned-byte IDX file of the given shape holding 0, 1, 2, ... (mod 256). */
    private static byte[] ubyteIdx(int... shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + n);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        for (int i = 0; i < n; i++) {
            b.put((byte) (i * 37 % 256));
        }
        return b.array();
    }

    private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        if (gzip) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(bos)) {
                out.write(bytes);
            }
            bytes = bos.toByteArray();
        }
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsRawAndGzippedImagesWithTheirShape() throws IOException {
        byte[] bytes = ubyteIdx(3, 4, 5);
        for (boolean gzip : new boolean[] {false, true}) {
            IdxFile f = IdxFile.read(write("images" + gzip, bytes, gzip));
            assertArrayEquals(new long[] {3, 4, 5}, f.shape());
            assertEquals(0x08, f.elementType());
            INDArray x = f.toArray(DataType.DOUBLE, 1.0 / 255);
            assertArrayEquals(new long[] {3, 4, 5}, x.shape());
            int flat = (2 * 4 + 3) * 5 + 4;
            assertEquals((flat * 37 % 256) / 255.0, x.getDouble(2, 3, 4), 1e-15, "gzip " + gzip);
            assertEquals(flat * 37 % 256, f.get(flat), 0.0);
        }
    }

    @Test
    void largeFilesConvertExactlyAcrossChunksInBothTypes() throws IOException {
        IdxFile f = IdxFile.read(write("large", ubyteIdx(3, 300, 300), false));     // 270,000 > one 65,536 chunk
        INDArray d = f.toArray(DataType.DOUBLE, 1.0 / 255);
        INDArray s = f.toArray(DataType.FLOAT, 1.0 / 255);
        assertEquals(DataType.DOUBLE, d.dataType());
        assertEquals(DataType.FLOAT, s.dataType());
        assertArrayEquals(new long[] {3, 300, 300}, s.shape());
        double[] dv = d.reshape(-1).toDoubleVector();
        float[] sv = s.reshape(-1).toFloatVector();
        for (int i = 0; i < dv.length; i++) {
            double expected = (i * 37 % 256) * (1.0 / 255);
            if (dv[i] != expected || sv[i] != (float) expected) {
                throw new AssertionError("element " + i + ": " + dv[i] + " / " + sv[i] + ", expected " + expected);
            }
        }
    }

    @Test
    void readsLabelsAsInts() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 4);
        b.put(new byte[] {0, 0, 0x08, 1}).putInt(4).put(new byte[] {0, 9, 3, (byte) 200});
        int[] y = IdxFile.read(write("labels", b.array(), false)).toIntArray();
        assertArrayEquals(new int[] {0, 9, 3, 200}, y);
    }

    @Test
    void readsBigEndianFloats() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + 8);
        b.put(new byte[] {0, 0, 0x0D, 1}).putInt(2).putFloat(1.5f).putFloat(-2.25f);
        IdxFile f = IdxFile.read(write("floats", b.array(), true));
        assertArrayEquals(new double[] {1.5, -2.25}, f.toArray(DataType.DOUBLE, 1).toDoubleVector(), 0.0);
        assertThrows(IdxFormatException.class, f::toIntArray);
    }

    @Test
    void missingFileIsNoSuchFileNamingIt() {
        Path p = dir.resolve("train-images-idx3-ubyte.gz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxFile.read(p));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    }

    @Test
    void corruptAndTruncatedFilesAreTypedErrorsNamingTheFile() throws IOException {
        byte[] good = ubyteIdx(2, 3, 3);
        byte[] badMagic = good.clone();
        badMagic[0] = 7;
        byte[] badType = good.clone();
        badType[2] = 0x42;
        byte[] truncated = Arrays.copyOf(good, good.length - 5);
        byte[] shortHeader = Arrays.copyOf(good, 9);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] brokenGzip = {0x1f, (byte) 0x8b, 8, 0, 1, 2};
        String[] expect = {"magic", "element type", "truncated", "header", "trailing", "gzip"};
        byte[][] files = {badMagic, badType, truncated, shortHeader, trailing, brokenGzip};
        for (int i = 0; i < files.length; i++) {
            Path p = write("bad" + i + ".idx", files[i], false);
            IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.read(p), expect[i]);
            assertTrue(e.getMessage().contains("bad" + i + ".idx"), e.getMessage());
            assertTrue(e.getMessage().contains(expect[i]), e.getMessage());
            assertEquals(p, e.path());
        }
        Path gz = write("truncated.gz", truncated, true);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFile.read(gz));
        assertTrue(e.getMessage().contains("needs 18 data bytes; got 13"), e.getMessage());
    }
}
