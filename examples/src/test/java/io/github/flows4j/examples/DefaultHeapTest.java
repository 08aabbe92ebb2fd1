package io.github.flows4j.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
