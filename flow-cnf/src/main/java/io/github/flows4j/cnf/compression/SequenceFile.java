package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * The {@code .seq} file: an uncompressed {@link Sequence} — magic {@code "F4JS"}, version byte, height, width,
 * frame count, the times and the frames as float64 (big-endian), and a CRC-32. Written atomically; reading checks
 * everything and rejects NaN frames.
 *
 * <pre>{@code
 * SequenceFile.write(Path.of("clip.seq"), sequence);
 * Sequence back = SequenceFile.read(Path.of("clip.seq"));
 * }</pre>
 */
public final class SequenceFile {
    private static final byte[] MAGIC = {'F', '4', 'J', 'S'};
    private static final int VERSION = 1;

    private SequenceFile() {
    }

    /**
     * @param path     the target, replaced atomically
     * @param sequence the frames
     * @throws IOException if writing fails
     */
    public static void write(Path path, Sequence sequence) throws IOException {
        Checks.notNull("sequence", sequence);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.write(MAGIC);
        out.writeByte(VERSION);
        out.writeInt(sequence.frameShape()[0]);
        out.writeInt(sequence.frameShape()[1]);
        out.writeInt(sequence.length());
        for (double t : sequence.times()) {
            out.writeDouble(t);
        }
        for (double[] f : sequence.frames()) {
            for (double v : f) {
                out.writeDouble(v);
            }
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buf.toByteArray());
        out.writeInt((int) crc.getValue());
        AtomicFiles.write(path, buf.toByteArray());
    }

    /**
     * @param path a {@code .seq} file
     * @return its sequence
     * @throws CompressedFormatException if the magic, version, size or checksum is wrong
     * @throws io.github.flows4j.core.NonFiniteException if a frame holds NaN or infinity
     * @throws IOException if it cannot be read
     */
    public static Sequence read(Path path) throws IOException {
        byte[] b = Files.readAllBytes(path);
        if (b.length < MAGIC.length + 1 + 12 + 4 || b[0] != MAGIC[0] || b[1] != MAGIC[1] || b[2] != MAGIC[2]
                || b[3] != MAGIC[3]) {
            throw new CompressedFormatException(path + " is not a flows4j sequence file (magic 'F4JS')");
        }
        if (b[4] != VERSION) {
            throw new CompressedFormatException(path + ": unsupported sequence format version " + b[4]);
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(b, b.length - 4, 4).getInt()) {
            throw new CompressedFormatException(path + ": checksum mismatch (truncated or damaged)");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(b, 5, b.length - 9);
            int h = in.getInt();
            int w = in.getInt();
            int n = in.getInt();
            if (h <= 0 || w <= 0 || n <= 0 || (long) n * (1 + (long) h * w) * 8 != in.remaining()) {
                throw new CompressedFormatException(path + ": header " + h + "x" + w + " x " + n
                        + " frames does not match the file size");
            }
            double[] times = new double[n];
            for (int j = 0; j < n; j++) {
                times[j] = in.getDouble();
            }
            double[][] frames = new double[n][h * w];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < h * w; i++) {
                    frames[j][i] = in.getDouble();
                }
            }
            return new Sequence(times, frames, new int[] {h, w});
        } catch (BufferUnderflowException e) {
            throw new CompressedFormatException(path + ": truncated", e);
        }
    }
}
