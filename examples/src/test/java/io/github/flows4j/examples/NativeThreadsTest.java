package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {

    @Test
    void withoutAUserSettingNativeOpsRunOnTheCallingThread() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin"));
        assertEquals(OptionalInt.of(1), NativeThreads.toApply(env));
        NativeThreads.intoChild(env);
        assertEquals("1", env.get("OMP_NUM_THREADS"));
    }

    @Test
    void theUsersSettingIsKept() {
        Map<String, String> env = new HashMap<>(Map.of("OMP_NUM_THREADS", "2"));
        assertEquals(OptionalInt.empty(), NativeThreads.toApply(env));
        NativeThreads.intoChild(env);
        assertEquals("2", env.get("OMP_NUM_THREADS"));
    }
}
