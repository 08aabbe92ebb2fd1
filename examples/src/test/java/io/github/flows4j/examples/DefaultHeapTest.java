package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The relaunch decision and the child's command line, checked without starting a JVM. */
class DefaultHeapTest {
    @Test
    void aHeapTheUserGaveIsLeftAlone() {
        assertTrue(DefaultHeap.heapGiven(List.of("-Xmx4g")));
        assertTrue(DefaultHeap.heapGiven(List.of("-Dfoo=1", "-XX:MaxRAMPercentage=50")));
        assertTrue(DefaultHeap.heapGiven(List.of("-XX:MaxHeapSize=1073741824")));
        assertTrue(DefaultHeap.heapGiven(List.of("-Dflows4j.defaultHeap=768m")), "the child does not relaunch");
        assertFalse(DefaultHeap.heapGiven(List.of("-Dfoo=1", "-Xss4m")));
        assertFalse(DefaultHeap.heapGiven(List.of()));
    }

    @Test
    void aRunUnderADebuggerIsNotRelaunched() {
        assertTrue(DefaultHeap.debugged(List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005")));
        assertTrue(DefaultHeap.debugged(List.of("-Xdebug", "-Xrunjdwp:transport=dt_socket")));
        assertFalse(DefaultHeap.debugged(List.of("-javaagent:agent.jar", "-Dfoo=1")));
    }

    @Test
    void theChildGetsTheHeapTheMarkerTheOptionsAndTheArgumentsInOrder() {
        List<String> command = DefaultHeap.childCommand("/jdk/bin/java", List.of("-Dfoo=1", "-Xss4m"),
                "flows4j.jar", new String[] {"fm", "--steps", "10"});
        assertEquals(List.of("/jdk/bin/java", "-Xmx512m", "-Dflows4j.defaultHeap=512m", "-Dfoo=1", "-Xss4m",
                "-cp", "flows4j.jar", Flows4jCli.class.getName(), "fm", "--steps", "10"), command);
        assertTrue(DefaultHeap.heapGiven(command.subList(1, 7)), "the child's own options stop a second relaunch");
    }
}
