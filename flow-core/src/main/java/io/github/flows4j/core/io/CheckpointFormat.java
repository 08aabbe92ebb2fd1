package io.github.flows4j.core.io;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.kernel.Buffers;
import io.github.flows4j.core.optim.OptimizerState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Format version 2 of the checkpoint file, and its atomic writer and checked reader (which also reads version 1).
 *
 * <pre>
 *   magic      8 bytes  "F4JCKPT\n"
 *   version    int      2 (version 1 files lack the extras section and are still read)
 *   manifest   int n, then n bytes (java.io.DataOutput encoding):
 *                int P; P × (UTF name, UTF dtype, int rank, rank × long dim)      parameters
 *                boolean hasOptimizer; if so: UTF kind,
 *                  int C; C × (UTF key, long value)                                 counters
 *                  int B; B × (UTF key, UTF dtype, int rank, rank × long dim)       buffers
 *                boolean hasExtras (version 2); if so:                             e.g. a Trainer's state
 *                  int C; C × (UTF key, long value)                                 counters
 *                  int B; B × (UTF key, UTF dtype, int rank, rank × long dim)       buffers
 *   dataLength long     the byte count of the data section
 *   data                every parameter, every optimizer buffer, then every extras buffer, in manifest order:
 *                       the elements in c order,
 *                       IEEE 754 little-endian (numpy '&lt;f4' / '&lt;f8')
 *   checksum   32 bytes SHA-256 of every byte before it
 * </pre>
 * Integers and strings outside the data section are big-endian, as {@link DataOutputStream} writes them.
 */
final class CheckpointFormat {
    static final byte[] MAGIC = {'F', '4', 'J', 'C', 'K', 'P', 'T', '\n'};
    static final int VERSION = 2;
    static final int OLDEST_VERSION = 1;
    private static final int DIGEST_BYTES = 32;
    private static final int HEADER_BYTES = MAGIC.length + 4 + 4;
    private static final int MAX_RANK = 32;
    private static final int CHUNK = 1 << 16;

    private CheckpointFormat() {
    }

    /** One array's entry in the manifest. */
    record Entry(String name, DataType dtype, long[] shape) {
        long length() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        long bytes() {
            return Math.multiplyExact(length(), dtype == DataType.FLOAT ? 4L : 8L);
        }
    }

    /** A parsed file: parameters, and the optimizer state or null. */
    record Parsed(Map<String, INDArray> parameters, OptimizerState optimizer, Checkpoint.Extras extras) {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void checkDtype(String what, DataType t) {
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            throw InvalidConfigException.of(what + " data type", "FLOAT or DOUBLE", t);
        }
    }

    // ------------------------------------------------------------------------------------------------ writing

    static void write(Path target, Map<String, INDArray> parameters, OptimizerState optimizer,
            Checkpoint.Extras extras) throws IOException {
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            checkDtype("parameter '" + e.getKey() + "'", e.getValue().dataType());
        }
        if (optimizer != null) {
            for (Map.Entry<String, INDArray> e : optimizer.buffers().entrySet()) {
                checkDtype("optimizer buffer '" + e.getKey() + "'", e.getValue().dataType());
            }
        }
        if (extras != null) {
            for (Map.Entry<String, INDArray> e : extras.buffers().entrySet()) {
                checkDtype("extras buffer '" + e.getKey() + "'", e.getValue().dataType());
            }
        }
        byte[] manifest = manifest(parameters, optimizer, extras);
        long dataLength = 0;
        List<INDArray> arrays = new ArrayList<>(parameters.values());
        if (optimizer != null) {
            arrays.addAll(optimizer.buffers().values());
        }
        if (extras != null) {
            arrays.addAll(extras.buffers().values());
        }
        for (INDArray a : arrays) {
            dataLength += a.length() * (a.dataType() == DataType.FLOAT ? 4L : 8L);
        }

        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new FileSystemException(abs.toString(), null, "is a directory; a checkpoint needs a file name");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new FileSystemException(dir.toString(), null, "cannot hold the checkpoint: "
                    + e.getFile() + " exists and is not a directory");
        }
        final long length = dataLength;
        AtomicFiles.write(abs, ch -> {
            OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(ch), CHUNK);
            MessageDigest md = sha256();
            DataOutputStream out = new DataOutputStream(new DigestOutputStream(raw, md));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(manifest.length);
            out.write(manifest);
            out.writeLong(length);
            byte[] chunk = new byte[CHUNK];
            for (INDArray a : arrays) {
                writeData(out, a, chunk);
            }
            out.flush();
            raw.write(md.digest());
            raw.flush();
        });
    }

    private static byte[] manifest(Map<String, INDArray> parameters, OptimizerState optimizer,
            Checkpoint.Extras extras) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream m = new DataOutputStream(bytes);
        m.writeInt(parameters.size());
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            writeEntry(m, e.getKey(), e.getValue());
        }
        m.writeBoolean(optimizer != null);
        if (optimizer != null) {
            m.writeUTF(optimizer.kind());
            m.writeInt(optimizer.counters().size());
            for (Map.Entry<String, Long> e : optimizer.counters().entrySet()) {
                m.writeUTF(e.getKey());
                m.writeLong(e.getValue());
            }
            m.writeInt(optimizer.buffers().size());
            for (Map.Entry<String, INDArray> e : optimizer.buffers().entrySet()) {
                writeEntry(m, e.getKey(), e.getValue());
            }
        }
        m.writeBoolean(extras != null);
        if (extras != null) {
            m.writeInt(extras.counters().size());
            for (Map.Entry<String, Long> e : extras.counters().entrySet()) {
                m.writeUTF(e.getKey());
                m.writeLong(e.getValue());
            }
            m.writeInt(extras.buffers().size());
            for (Map.Entry<String, INDArray> e : extras.buffers().entrySet()) {
                writeEntry(m, e.getKey(), e.getValue());
            }
        }
        m.flush();
        return bytes.toByteArray();
    }

    private static void writeEntry(DataOutputStream m, String name, INDArray a) throws IOException {
        m.writeUTF(name);
        m.writeUTF(a.dataType().name());
        long[] shape = a.shape();
        m.writeInt(shape.length);
        for (long d : shape) {
            m.writeLong(d);
        }
    }

    private static void writeData(OutputStream out, INDArray array, byte[] chunk) throws IOException {
        if (array.length() == 0) {
            return;
        }
        INDArray a = Buffers.isDense(array) ? array : array.dup('c');
        ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer src = Buffers.floats(a);
            while (src.hasRemaining()) {
                int k = Math.min(src.remaining(), CHUNK / 4);
                FloatBuffer part = src.slice();
                part.limit(k);
                bb.clear();
                bb.asFloatBuffer().put(part);
                src.position(src.position() + k);
                out.write(chunk, 0, k * 4);
            }
        } else {
            DoubleBuffer src = Buffers.doubles(a);
            while (src.hasRemaining()) {
                int k = Math.min(src.remaining(), CHUNK / 8);
                DoubleBuffer part = src.slice();
                part.limit(k);
                bb.clear();
                bb.asDoubleBuffer().put(part);
                src.position(src.position() + k);
                out.write(chunk, 0, k * 8);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    static Parsed read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a checkpoint file");
        }
        long size = Files.size(file);
        String where = file.toString();
        if (size < HEADER_BYTES + 8 + DIGEST_BYTES) {
            throw new CorruptCheckpointException("checkpoint " + where + " is corrupt: " + size
                    + " bytes is shorter than any checkpoint (truncated, or not a flows4j checkpoint)");
        }
        byte[] manifest;
        long dataLength;
        int version;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), CHUNK))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CorruptCheckpointException("checkpoint " + where
                        + " is corrupt: it does not start with the flows4j magic bytes F4JCKPT");
            }
            version = in.readInt();
            if (version < OLDEST_VERSION || version > VERSION) {
                throw new CorruptCheckpointException("checkpoint " + where + " has format version " + version
                        + "; this flows4j reads versions " + OLDEST_VERSION + " to " + VERSION);
            }
            int manifestLength = in.readInt();
            long expectedMin = (long) HEADER_BYTES + manifestLength + 8 + DIGEST_BYTES;
            if (manifestLength < 0 || expectedMin > size) {
                throw new CorruptCheckpointException("checkpoint " + where + " is corrupt: its manifest claims "
                        + manifestLength + " bytes but the file has " + size + " (truncated or damaged)");
            }
            manifest = new byte[manifestLength];
            in.readFully(manifest);
            dataLength = in.readLong();
            long expected = expectedMin + dataLength;
            if (dataLength < 0 || expected != size) {
                throw new CorruptCheckpointException("checkpoint " + where + " is corrupt: it should be "
                        + (dataLength < 0 ? "(negative data length " + dataLength + ")" : expected + " bytes")
                        + " but is " + size + (expected > size ? " (truncated)" : " (damaged or with trailing bytes)"));
            }
        } catch (EOFException e) {
            throw new CorruptCheckpointException("checkpoint " + where + " is corrupt: it ends inside its header", e);
        }
        verifyChecksum(file, size, where);
        try {
            return parse(file, where, manifest, dataLength, version);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException("checkpoint " + where + " is unreadable despite a valid checksum: "
                    + e.getMessage(), e);
        }
    }

    private static void verifyChecksum(Path file, long size, String where) throws IOException {
        MessageDigest md = sha256();
        byte[] stored = new byte[DIGEST_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[CHUNK];
            long left = size - DIGEST_BYTES;
            while (left > 0) {
                int k = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (k < 0) {
                    throw new CorruptCheckpointException("checkpoint " + where + " is corrupt: it shrank while read");
                }
                md.update(buf, 0, k);
                left -= k;
            }
            new DataInputStream(in).readFully(stored);
        }
        byte[] computed = md.digest();
        if (!MessageDigest.isEqual(stored, computed)) {
            HexFormat hex = HexFormat.of();
            throw new CorruptCheckpointException("checkpoint " + where + " is corrupt: SHA-256 of its contents is "
                    + hex.formatHex(computed) + " but the file records " + hex.formatHex(stored)
                    + " (a damaged byte or an interrupted copy)");
        }
    }

    private static Parsed parse(Path file, String where, byte[] manifest, long dataLength, int version)
            throws IOException {
        DataInputStream m = new DataInputStream(new ByteArrayInputStream(manifest));
        List<Entry> paramEntries = readEntries(m, where, "parameter");
        OptimizerState optimizer = null;
        String kind = null;
        Map<String, Long> counters = new LinkedHashMap<>();
        List<Entry> bufferEntries = List.of();
        if (m.readBoolean()) {
            kind = m.readUTF();
            int c = m.readInt();
            if (c < 0 || c > manifest.length) {
                throw new CorruptCheckpointException("checkpoint " + where + " has an impossible counter count " + c);
            }
            for (int i = 0; i < c; i++) {
                counters.put(m.readUTF(), m.readLong());
            }
            bufferEntries = readEntries(m, where, "optimizer buffer");
        }
        boolean hasExtras = version >= 2 && m.readBoolean();
        Map<String, Long> extraCounters = new LinkedHashMap<>();
        List<Entry> extraEntries = List.of();
        if (hasExtras) {
            int c = m.readInt();
            if (c < 0 || c > manifest.length) {
                throw new CorruptCheckpointException("checkpoint " + where + " has an impossible extras counter count "
                        + c);
            }
            for (int i = 0; i < c; i++) {
                extraCounters.put(m.readUTF(), m.readLong());
            }
            extraEntries = readEntries(m, where, "extras buffer");
        }
        if (m.available() != 0) {
            throw new CorruptCheckpointException("checkpoint " + where + " has " + m.available()
                    + " unexplained bytes at the end of its manifest");
        }
        long total = 0;
        for (Entry e : paramEntries) {
            total = Math.addExact(total, e.bytes());
        }
        for (Entry e : bufferEntries) {
            total = Math.addExact(total, e.bytes());
        }
        for (Entry e : extraEntries) {
            total = Math.addExact(total, e.bytes());
        }
        if (total != dataLength) {
            throw new CorruptCheckpointException("checkpoint " + where + " declares " + dataLength
                    + " data bytes but its manifest describes " + total);
        }
        Map<String, INDArray> params = new LinkedHashMap<>();
        Map<String, INDArray> buffers = new LinkedHashMap<>();
        Map<String, INDArray> extraBuffers = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), CHUNK))) {
            in.skipNBytes((long) HEADER_BYTES + manifest.length + 8);
            byte[] chunk = new byte[CHUNK];
            for (Entry e : paramEntries) {
                params.put(e.name(), readData(in, e, chunk));
            }
            for (Entry e : bufferEntries) {
                buffers.put(e.name(), readData(in, e, chunk));
            }
            for (Entry e : extraEntries) {
                extraBuffers.put(e.name(), readData(in, e, chunk));
            }
        }
        if (kind != null) {
            optimizer = new OptimizerState(kind, counters, buffers);
        }
        return new Parsed(params, optimizer, hasExtras ? new Checkpoint.Extras(extraCounters, extraBuffers) : null);
    }

    private static List<Entry> readEntries(DataInputStream m, String where, String what) throws IOException {
        int n = m.readInt();
        if (n < 0 || n > m.available()) {
            throw new CorruptCheckpointException("checkpoint " + where + " has an impossible " + what + " count " + n);
        }
        List<Entry> entries = new ArrayList<>(n);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = m.readUTF();
            String dtypeName = m.readUTF();
            DataType dtype;
            try {
                dtype = DataType.valueOf(dtypeName);
            } catch (IllegalArgumentException e) {
                throw new CorruptCheckpointException("checkpoint " + where + ": " + what + " '" + name
                        + "' has unknown data type " + dtypeName, e);
            }
            if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
                throw new CorruptCheckpointException("checkpoint " + where + ": " + what + " '" + name
                        + "' has data type " + dtype + "; this flows4j reads FLOAT and DOUBLE");
            }
            int rank = m.readInt();
            if (rank < 0 || rank > MAX_RANK) {
                throw new CorruptCheckpointException("checkpoint " + where + ": " + what + " '" + name
                        + "' has impossible rank " + rank);
            }
            long[] shape = new long[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = m.readLong();
                if (shape[d] < 0) {
                    throw new CorruptCheckpointException("checkpoint " + where + ": " + what + " '" + name
                            + "' has negative dimension " + shape[d]);
                }
            }
            if (seen.contains(name)) {
                throw new CorruptCheckpointException("checkpoint " + where + " lists " + what + " '" + name
                        + "' twice");
            }
            seen.add(name);
            Entry e = new Entry(name, dtype, shape);
            if (e.length() > Integer.MAX_VALUE) {
                throw new CorruptCheckpointException("checkpoint " + where + ": " + what + " '" + name + "' of shape "
                        + Arrays.toString(shape) + " is larger than flows4j can hold");
            }
            entries.add(e);
        }
        return entries;
    }

    private static INDArray readData(DataInputStream in, Entry e, byte[] chunk) throws IOException {
        long n = e.length();
        if (n == 0) {
            return Nd4j.create(e.dtype(), e.shape());
        }
        INDArray a = Nd4j.createUninitialized(e.dtype(), e.shape(), 'c');
        ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        if (e.dtype() == DataType.FLOAT) {
            FloatBuffer dst = Buffers.floats(a);
            while (dst.hasRemaining()) {
                int k = Math.min(dst.remaining(), CHUNK / 4);
                in.readFully(chunk, 0, k * 4);
                bb.clear();
                FloatBuffer src = bb.asFloatBuffer();
                src.limit(k);
                dst.put(src);
            }
        } else {
            DoubleBuffer dst = Buffers.doubles(a);
            while (dst.hasRemaining()) {
                int k = Math.min(dst.remaining(), CHUNK / 8);
                in.readFully(chunk, 0, k * 8);
                bb.clear();
                DoubleBuffer src = bb.asDoubleBuffer();
                src.limit(k);
                dst.put(src);
            }
        }
        return a;
    }
}
