package io.github.flows4j.examples.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code -o/--out} output directory of a command that writes several files, mixed in with {@code @Mixin}. The
 * value is checked while parsing — it must not be an existing regular file, and it must be creatable (its nearest
 * existing ancestor a writable directory) — so a bad path is a usage error (exit 2) before any training starts; the
 * directory itself is made by {@link #create()}. Each command names its default with a {@link CommandDefaults} pair
 * {@code "--out", "<dir>"}.
 *
 * <pre>{@code
 * @Mixin OutputOptions output;
 * Path out = output.create();     // Files.createDirectories
 * }</pre>
 */
public final class OutputOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "<dir>", defaultValue = "flows4j-out",
            converter = Directory.class, description = "Output folder (default ${DEFAULT-VALUE}).")
    private Path out;

    /** @return the output directory, not necessarily created yet */
    public Path path() {
        return out;
    }

    /**
     * @return the output directory, created with its parents if missing
     * @throws IOException if it cannot be created
     */
    public Path create() throws IOException {
        return Files.createDirectories(out);
    }

    /** Converts and checks a directory path: not an existing regular file, and creatable. */
    public static final class Directory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p;
            try {
                p = Path.of(value);
            } catch (InvalidPathException e) {
                throw new TypeConversionException("'" + value + "' is not a valid path: " + e.getReason());
            }
            if (Files.isRegularFile(p)) {
                throw new TypeConversionException("'" + value + "' is an existing file; expected a directory");
            }
            if (Files.isDirectory(p)) {
                return p;
            }
            Path existing = p.toAbsolutePath().getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && !Files.isDirectory(existing)) {
                throw new TypeConversionException("cannot create directory '" + value + "': '" + existing
                        + "' is a file");
            }
            if (existing != null && !Files.isWritable(existing)) {
                throw new TypeConversionException("cannot create directory '" + value + "': '" + existing
                        + "' is not writable");
            }
            return p;
        }
    }
}
