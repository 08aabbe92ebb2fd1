package io.github.flows4j.examples.fm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.github.flows4j.examples.support.CheckpointOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Java-heap bytes the README's main job ({@code fm}: 3×128 MLP, batch 512, checkerboard) allocates per training
 * step on the training thread, as the difference of two runs (200 and 600 steps) so set-up and JIT warm-up cancel.
 * The number is quoted in docs/benchmarks.md; the bound guards against a regression to per-step garbage that lets the
 * heap (and with it ND4J's off-heap buffers, freed by the collector) grow.
 */
@Tag("slow")
class FmAllocationTest {
    private static long allocatedTraining(int steps) throws IOException {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Fm2dRun run = new Fm2dRun(Fm2dConfig.builder().steps(steps).testSize(16).build());
        long before = threads.getCurrentThreadAllocatedBytes();
        run.train(false, new CheckpointOptions(), null);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void theMainJobAllocatesBoundedHeapPerStep() throws IOException {
        allocatedTraining(200); // warm-up: compile the step's code paths
        long shortRun = allocatedTraining(200);
        long longRun = allocatedTraining(600);
        double perStep = (longRun - shortRun) / 400.0;
        System.out.printf("fm (3x128, batch 512): %.0f bytes of Java heap allocated per training step%n", perStep);
        assertTrue(perStep > 0 && perStep < 4 << 20, "bytes per step: " + perStep);
    }
}
