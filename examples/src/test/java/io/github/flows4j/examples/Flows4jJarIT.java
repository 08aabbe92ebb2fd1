package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code flows4j.jar}, run after {@code package} (maven-failsafe) as a user runs it: {@code java -jar}, a
 * fresh JVM, nothing but the jar on the class path. The in-process CLI tests cannot see what the jar lacks; this
 * one can (ND4J's commons libraries once went missing when Spark became a provided dependency).
 */
class Flows4jJarIT {

    private static Path jar() {
        String path = System.getProperty("flows4j.jar");
        assertNotNull(path, "failsafe sets the flows4j.jar property");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "built by package: " + jar);
        return jar;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run java(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void theJarCarriesNd4jsRuntimeLibrariesAndNotSpark() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (String cls : List.of("org/apache/commons/lang3/RandomUtils.class",
                    "org/apache/commons/io/FileUtils.class", "org/apache/commons/codec/binary/Base64.class",
                    "org/apache/commons/compress/archivers/ArchiveEntry.class",
                    "org/apache/commons/collections4/CollectionUtils.class", "com/google/flatbuffers/Table.class",
                    "io/github/flows4j/examples/Flows4jCli.class")) {
                assertNotNull(jar.getEntry(cls), "flows4j.jar lacks " + cls);
            }
            assertEquals(null, jar.getEntry("org/apache/spark/SparkContext.class"), "Spark stays out (provided)");
        }
    }

    @Test
    void theReadmesMainJobRunsFromTheJar(@TempDir Path dir) throws Exception {
        Run r = java(dir, "fm", "--steps", "3", "--batch", "32", "--test-size", "64", "--tol", "1e-2",
                "--no-progress", "--no-plots", "--out", "out");
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().startsWith("fm dataset=checkerboard"), r.output());
        assertTrue(r.output().contains("test_nll="), r.output());
        assertTrue(Files.isRegularFile(dir.resolve("out/fm.ckpt")), "checkpoint written");
    }
}
