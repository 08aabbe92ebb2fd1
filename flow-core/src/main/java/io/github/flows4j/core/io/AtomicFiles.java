package io.github.flows4j.core.io;

import io.github.flows4j.core.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file atomically: the content goes to a hidden temporary file in the target's directory
 * ({@code .<name>.<hex>.tmp}), is forced to disk, and the temporary is renamed over the target; the directory is then
 * synced where the platform allows it, and temporaries that earlier writes of the same target left when they were
 * killed before their rename are removed. Readers see the old file or the new one, never a half-written one; if
 * anything fails the temporary is removed and the target is untouched. Checkpoints and the compression codec's
 * {@code .bin} files are written this way.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("out/clip.bin"), bytes);
 * AtomicFiles.write(Path.of("out/big.dat"), channel -> channel.write(ByteBuffer.wrap(header)));
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What goes into the file, written to the temporary file's channel. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param channel the temporary file, open for writing at position 0; do not close it
         * @throws IOException if writing fails (the target is then left as it was)
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * @param target the file to create or replace; its directory is created if missing
     * @param bytes  the whole content
     * @throws IOException if writing fails or the file system cannot rename atomically
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Checks.notNull("bytes", bytes);
        write(target, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    /**
     * @param target  the file to create or replace; its directory is created if missing
     * @param content writes the whole content
     * @throws IOException if writing fails or the file system cannot rename atomically
     */
    public static void write(Path target, Content content) throws IOException {
        Checks.notNull("target", target);
        Checks.notNull("content", content);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        String name = abs.getFileName().toString();
        Path tmp = createTemporary(dir, name);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + abs + " atomically on this file system", e);
            }
            moved = true;
            syncDirectory(dir);
            removeStaleTemporaries(dir, name);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Creates an empty, uniquely named hidden file next to the target. Not {@link Files#createTempFile}: it makes the
     * file owner-only, and the target would keep those permissions after the rename.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(System.nanoTime() + attempt) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    /** Deletes leftovers of earlier killed writes of the same target; called after a successful rename. */
    private static void removeStaleTemporaries(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp")
                    && n.substring(prefix.length(), n.length() - 4).matches("[0-9a-f]+");
        })) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a leftover temporary file wastes space but harms nothing
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is then left to the OS. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file itself is already on disk
        }
    }
}
