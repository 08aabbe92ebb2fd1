package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.Flows4j;
import io.github.flows4j.core.kernel.ThreadPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class NativeThreadsTest {

    @Test
    void withoutAUserSettingTheLibrarysPolicyStandsAndTheChildInheritsTheEnvironment() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin"));
        assertEquals(Runtime.getRuntime().availableProcessors(), NativeThreads.effective(OptionalInt.empty(), env));
        NativeThreads.intoChild(OptionalInt.empty(), env);
        assertEquals(Map.of("PATH", "/usr/bin"), env);
    }

    @Test
    void theUsersEnvironmentIsKept() {
        Map<String, String> env = new HashMap<>(Map.of("OMP_NUM_THREADS", "2"));
        assertEquals(2, NativeThreads.effective(OptionalInt.empty(), env));
        assertEquals(3, NativeThreads.effective(OptionalInt.empty(), Map.of("FLOWS4J_THREADS", "3",
                "OMP_NUM_THREADS", "2")));
        NativeThreads.intoChild(OptionalInt.empty(), env);
        assertEquals(Map.of("OMP_NUM_THREADS", "2"), env);
    }

    @Test
    void theOptionOverridesTheEnvironment() {
        Map<String, String> env = new HashMap<>(Map.of("OMP_NUM_THREADS", "2"));
        OptionalInt given = NativeThreads.given(new String[] {"fm", "--threads", "3", "--steps", "10"});
        assertEquals(OptionalInt.of(3), given);
        assertEquals(3, NativeThreads.effective(given, env));
        NativeThreads.intoChild(given, env);
        assertEquals("3", env.get("OMP_NUM_THREADS"));
        assertEquals("3", env.get("FLOWS4J_THREADS"));
        // an unparsable OpenMP value falls back to the cores
        assertEquals(Runtime.getRuntime().availableProcessors(),
                NativeThreads.effective(OptionalInt.empty(), Map.of("OMP_NUM_THREADS", "many")));
    }

    @Test
    void theOptionIsReadFromRawArgumentsInEitherSpelling() {
        assertEquals(OptionalInt.of(4), NativeThreads.given(new String[] {"bench", "--threads=4", "hvp"}));
        assertEquals(OptionalInt.of(2), NativeThreads.given(new String[] {"--threads", "5", "fm", "--threads", "2"}));
        assertEquals(OptionalInt.empty(), NativeThreads.given(new String[] {"datasets", "--", "--threads", "2"}));
        // bad values are left for picocli to reject; the pre-scan ignores them
        assertEquals(OptionalInt.empty(), NativeThreads.given(new String[] {"fm", "--threads", "0"}));
        assertEquals(OptionalInt.empty(), NativeThreads.given(new String[] {"fm", "--threads", "x"}));
        assertEquals(OptionalInt.empty(), NativeThreads.given(new String[] {"fm", "--threads"}));
    }

    @Test
    void everyCommandTakesThreadsAndRejectsZero() {
        CommandLine cl = Flows4jCli.commandLine();
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            OptionSpec o = e.getValue().getCommandSpec().findOption("--threads");
            assertNotNull(o, e.getKey() + " has no --threads");
        }
        CliRun zero = CliRun.of("fm", "--threads", "0");
        assertEquals(2, zero.exitCode());
        assertTrue(zero.err().contains("--threads"), zero.err());
        assertTrue(zero.err().contains(">= 1"), zero.err());
    }

    @Test
    void theOptionSetsTheLibrarysThreadCountAndNativeLoopsStayOnTheCallingThread() {
        ThreadPolicy saved = Flows4j.threadPolicy();
        try {
            NativeThreads.inThisJvm(OptionalInt.of(2));
            assertEquals(2, Flows4j.threads());
            assertEquals(1, Nd4j.getEnvironment().maxThreads());
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
            NativeThreads.inThisJvm(OptionalInt.empty());
            assertEquals(2, Flows4j.threads(), "no option: nothing changes");
        } finally {
            Flows4j.threadPolicy(saved);
        }
    }
}
