package io.github.flows4j.core.io;

import io.github.flows4j.core.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file atomically: the bytes go to a hidden temporary file in the target's directory, are forced to
 * disk, and the temporary is renamed over the target. Readers see the old file or the new one, never a half-written
 * one; if anything fails the temporary is removed and the target is untouched.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/clip.bin"), bytes);
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * @param target the file to create or replace; its directory is created if missing
     * @param bytes  the whole content
     * @throws IOException if writing fails or the file system cannot rename atomically
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Checks.notNull("target", target);
        Checks.notNull("bytes", bytes);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        for (int attempt = 0; tmp == null; attempt++) {
            Path candidate = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime() + attempt)
                    + ".tmp");
            try {
                Files.newByteChannel(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                tmp = candidate;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + abs + " atomically on this file system", e);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
