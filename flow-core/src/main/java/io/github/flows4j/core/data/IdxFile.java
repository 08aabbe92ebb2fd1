package io.github.flows4j.core.data;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One array read from an IDX file, the format of (Fashion-)MNIST (LeCun et al.): a magic number
 * {@code 0x00 0x00 type rank}, {@code rank} big-endian 32-bit dimensions, then the elements in row-major order,
 * big-endian. Element types: unsigned byte ({@code 0x08}), signed byte ({@code 0x09}), short ({@code 0x0B}),
 * int ({@code 0x0C}), float ({@code 0x0D}) and double ({@code 0x0E}). Files may be gzip-compressed (detected by
 * their first two bytes, whatever the name). The raw bytes are kept, so 60 000 MNIST images take 47 MB.
 *
 * <pre>{@code
 * IdxFile images = IdxFile.read(dir.resolve("train-images-idx3-ubyte.gz"));   // shape [60000, 28, 28]
 * INDArray x = images.toArray(DataType.FLOAT, 1.0 / 255);                       // pixels in [0, 1]
 * int[] y = IdxFile.read(dir.resolve("train-labels-idx1-ubyte.gz")).toIntArray();
 * }</pre>
 */
public final class IdxFile {
    private final Path path;
    private final int type;
    private final long[] shape;
    private final byte[] data;
    /** Big-endian view of {@code data} for the multi-byte types, made once (element reads are absolute). */
    private final ByteBuffer view;

    private IdxFile(Path path, int type, long[] shape, byte[] data) {
        this.path = path;
        this.type = type;
        this.shape = shape;
        this.data = data;
        this.view = ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /**
     * @param path an IDX file, raw or gzip-compressed
     * @return its array
     * @throws NoSuchFileException if the file does not exist (the exception names it)
     * @throws IdxFormatException  naming the file if it is corrupt (bad magic, unknown type, broken gzip) or
     *                             truncated
     * @throws IOException         if reading fails otherwise
     */
    public static IdxFile read(Path path) throws IOException {
        Checks.notNull("path", path);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "IDX file not found");
        }
        // read straight into one array of the size the header announces (a ByteArrayOutputStream would pass a
        // 47 MB training set through several growing copies on the heap)
        try (InputStream in = open(path)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new IdxFormatException(path, "truncated: expected a 4-byte magic number; got " + magic.length
                        + " bytes");
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw new IdxFormatException(path, String.format(
                        "bad magic number: expected 0x0000TTRR; got 0x%02x%02x%02x%02x", magic[0], magic[1],
                        magic[2], magic[3]));
            }
            int type = magic[2] & 0xff;
            int width = width(type);
            if (width < 0) {
                throw new IdxFormatException(path, String.format(
                        "unknown element type 0x%02x: expected one of 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e", type));
            }
            int rank = magic[3] & 0xff;
            if (rank < 1) {
                throw new IdxFormatException(path, "rank must be >= 1; got 0");
            }
            int header = 4 + 4 * rank;
            byte[] dims = in.readNBytes(4 * rank);
            if (dims.length < 4 * rank) {
                throw new IdxFormatException(path, "truncated: expected a " + header + "-byte header; got "
                        + (4 + dims.length) + " bytes");
            }
            ByteBuffer buf = ByteBuffer.wrap(dims);
            long[] shape = new long[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                int d = buf.getInt(4 * i);
                if (d < 0) {
                    throw new IdxFormatException(path, "dimension " + i + " must be >= 0; got " + d);
                }
                shape[i] = d;
                count *= d;
            }
            long expected = count * width;
            if (expected > Integer.MAX_VALUE - 8) {
                throw new IdxFormatException(path, "shape " + Arrays.toString(shape) + " needs " + expected
                        + " data bytes; at most " + (Integer.MAX_VALUE - 8) + " are supported");
            }
            byte[] data = in.readNBytes((int) expected);
            if (data.length < expected) {
                throw new IdxFormatException(path, "truncated: shape " + Arrays.toString(shape) + " needs " + expected
                        + " data bytes; got " + data.length);
            }
            long trailing = in.transferTo(OutputStream.nullOutputStream());
            if (trailing > 0) {
                throw new IdxFormatException(path, "shape " + Arrays.toString(shape) + " needs " + expected
                        + " data bytes; got " + (expected + trailing) + " (trailing bytes)");
            }
            return new IdxFile(path, type, shape, data);
        } catch (ZipException | java.io.EOFException e) {
            throw new IdxFormatException(path, "broken gzip stream (" + e.getMessage() + ")");
        }
    }

    /** @return the file's bytes, decompressed if it starts with the gzip magic number */
    private static InputStream open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static int width(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> -1;
        };
    }

    /** @return the file this array came from */
    public Path path() {
        return path;
    }

    /** @return the shape, e.g. {@code [60000, 28, 28]} for MNIST's training images (a copy) */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public long length() {
        return data.length / width(type);
    }

    /** @return the element type code: 0x08 unsigned byte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double */
    public int elementType() {
        return type;
    }

    /**
     * @param i the flat (row-major) index
     * @return the element as a double (unsigned bytes as 0..255)
     */
    public double get(long i) {
        if (i < 0 || i >= length()) {
            throw InvalidConfigException.of("i", "in [0, " + length() + ")", i);
        }
        return value(Math.toIntExact(i));
    }

    /** Element {@code i} without the bounds check of {@link #get}. */
    private double value(int i) {
        int k = i * width(type);
        return switch (type) {
            case 0x08 -> data[k] & 0xff;
            case 0x09 -> data[k];
            case 0x0B -> view.getShort(k);
            case 0x0C -> view.getInt(k);
            case 0x0D -> view.getFloat(k);
            default -> view.getDouble(k);
        };
    }

    /**
     * @param dtype FLOAT or DOUBLE
     * @param scale a factor applied to every element (e.g. {@code 1.0 / 255} for pixels)
     * @return the array with this file's shape
     */
    public INDArray toArray(DataType dtype, double scale) {
        if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
            throw InvalidConfigException.of("dtype", "FLOAT or DOUBLE", dtype);
        }
        // written straight into the array's native memory a chunk at a time: a full Fashion-MNIST training set
        // (47 M pixels) would otherwise pass through a 376 MB double[] on the heap and a float64 copy off it
        int n = Math.toIntExact(length());
        INDArray out = Nd4j.createUninitialized(dtype, n);
        int chunk = Math.min(n, 1 << 16);
        if (dtype == DataType.FLOAT) {
            FloatBuffer target = out.data().asNioFloat();
            float[] c = new float[chunk];
            for (int start = 0; start < n; start += chunk) {
                int len = Math.min(chunk, n - start);
                for (int i = 0; i < len; i++) {
                    c[i] = (float) (value(start + i) * scale);
                }
                target.put(start, c, 0, len);
            }
        } else {
            DoubleBuffer target = out.data().asNioDouble();
            double[] c = new double[chunk];
            for (int start = 0; start < n; start += chunk) {
                int len = Math.min(chunk, n - start);
                for (int i = 0; i < len; i++) {
                    c[i] = value(start + i) * scale;
                }
                target.put(start, c, 0, len);
            }
        }
        return out.reshape('c', shape);
    }

    /**
     * @return the elements as ints (labels); the file must hold an integer type
     * @throws IdxFormatException if the elements are floating point
     */
    public int[] toIntArray() {
        if (type == 0x0D || type == 0x0E) {
            throw new IdxFormatException(path, String.format("expected integer elements; the type is 0x%02x", type));
        }
        int[] v = new int[Math.toIntExact(length())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (int) value(i);
        }
        return v;
    }

    @Override
    public String toString() {
        return "IdxFile[" + path + ", type=" + String.format("0x%02x", type) + ", shape=" + Arrays.toString(shape)
                + "]";
    }
}
