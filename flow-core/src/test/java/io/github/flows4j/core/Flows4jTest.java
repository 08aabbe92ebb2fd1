package io.github.flows4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.kernel.ThreadPolicy;
import org.junit.jupiter.api.Test;

/** The library-wide thread setting. */
class Flows4jTest {
    @Test
    void threadsChangesTheCountAndKeepsTheThresholds() {
        ThreadPolicy saved = Flows4j.threadPolicy();
        try {
            Flows4j.threadPolicy(ThreadPolicy.of(2).withGemmFanOutFlops(99));
            Flows4j.threads(3);
            assertEquals(3, Flows4j.threads());
            assertEquals(99, Flows4j.threadPolicy().gemmFanOutFlops());
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Flows4j.threads(0));
            assertTrue(e.getMessage().startsWith("threads must be >= 1"), e.getMessage());
            assertEquals(3, Flows4j.threads(), "a refused setting changes nothing");
        } finally {
            Flows4j.threadPolicy(saved);
        }
    }
}
