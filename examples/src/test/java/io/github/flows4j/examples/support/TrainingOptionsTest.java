package io.github.flows4j.examples.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.examples.CliRun;
import org.junit.jupiter.api.Test;

/** The shared training options carry each command's own defaults, in parsing and in --help. */
class TrainingOptionsTest {
    private static String help(String command) {
        CliRun r = CliRun.of(command, "--help");
        assertEquals(0, r.exitCode(), r.err());
        return r.out().replaceAll("\\s+", " ");
    }

    @Test
    void eachCommandShowsItsOwnDefaults() {
        assertTrue(help("rfm-torus").contains("--steps=<steps> Training steps (default 1500)"), help("rfm-torus"));
        assertTrue(help("rfm-torus").contains("Batch size (default 512)"));
        assertTrue(help("rfm").contains("Batch size (default 512)"));
        assertTrue(help("rfm").contains("(default 256,256,256)"), help("rfm"));
        assertTrue(help("rfm-mesh").contains("--steps=<steps> Training steps (default 3000)"));
        assertTrue(help("rfm-maze").contains("Batch size (default 256)"));
    }

    @Test
    void providersRejectOddPairs() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CommandDefaults("--steps") { });
    }
}
