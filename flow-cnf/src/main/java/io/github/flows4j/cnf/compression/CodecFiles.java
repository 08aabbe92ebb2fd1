package io.github.flows4j.cnf.compression;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The frame every flows4j codec file shares: a 4-byte magic number, a version byte, the body, and a CRC-32 of
 * everything before it. {@link SequenceCodec} and {@link PerFrameCodec} write their bodies inside it through
 * {@link #write} and read them back through {@link #body}.
 *
 * <pre>{@code
 * byte[] file = CodecFiles.write(MAGIC, VERSION, out -> out.writeInt(levels));
 * ByteBuffer in = CodecFiles.body(file, MAGIC, VERSION, "a flows4j per-frame file");
 * int levels = in.getInt();
 * }</pre>
 */
final class CodecFiles {
    private CodecFiles() {
    }

    /** Writes a codec file's body. */
    @FunctionalInterface
    interface Body {
        /**
         * @param out the stream after the magic number and version
         * @throws IOException never for the in-memory stream {@link #write} passes
         */
        void write(DataOutputStream out) throws IOException;
    }

    /**
     * @param magic   the codec's magic number
     * @param version its format version
     * @param body    writes the body
     * @return magic, version, body and the CRC-32 of all of it
     */
    static byte[] write(byte[] magic, int version, Body body) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buf);
            out.write(magic);
            out.writeByte(version);
            body.write(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(buf.toByteArray());
            out.writeInt((int) crc.getValue());
            return buf.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
    }

    /**
     * Checks the magic number, version and checksum of a codec file.
     *
     * @param bytes   the file's content
     * @param magic   the codec's magic number
     * @param version the version the codec reads
     * @param what    what the file should be, for the messages, e.g. "a flows4j compressed sequence"
     * @return the body (between the version byte and the checksum), positioned at its start
     * @throws CompressedFormatException if the file is too short, has another magic number or version, or its
     *                                   checksum does not match
     */
    static ByteBuffer body(byte[] bytes, byte[] magic, int version, String what) throws CompressedFormatException {
        if (bytes.length < magic.length + 1) {
            throw new CompressedFormatException("not " + what + ": " + bytes.length
                    + " bytes is shorter than the header");
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[i] != magic[i]) {
                throw new CompressedFormatException("not " + what + ": magic must be '"
                        + new String(magic, StandardCharsets.US_ASCII) + "'");
            }
        }
        if (bytes[magic.length] != version) {
            throw new CompressedFormatException("unsupported format version " + bytes[magic.length] + " (this "
                    + "codec reads version " + version + ")");
        }
        if (bytes.length < magic.length + 5) {
            throw new CompressedFormatException("truncated: " + bytes.length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new CompressedFormatException("checksum mismatch: the file is truncated or damaged");
        }
        return ByteBuffer.wrap(bytes, magic.length + 1, bytes.length - magic.length - 5);
    }
}
