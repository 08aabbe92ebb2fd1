package io.github.flows4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.random.Rng;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The thread policy: its decisions by size, its reading of the environment, and that the kernels follow it — small
 * ops on the calling thread, large ones split with results identical to one thread.
 */
class ThreadPolicyTest {
    private ThreadPolicy saved;

    @BeforeEach
    void save() {
        saved = KernelPool.policy();
    }

    @AfterEach
    void restore() {
        KernelPool.policy(saved);
    }

    @Test
    void theDefaultPolicyKeepsTheSmallOpsOfATrainingStepOnTheCallingThread() {
        ThreadPolicy p = ThreadPolicy.of(8);
        // a CP-Flow step's product, an MLP step's products, a bias gradient: one thread
        assertEquals(1, p.gemmThreads(128, 64, 64));
        assertEquals(1, p.gemmThreads(1024, 256, 256));
        assertEquals(1, p.gemmThreads(1024, 256, 2));
        // Flow Matching's [4096, 512] · [512, 512]: all eight
        assertEquals(8, p.gemmThreads(4096, 512, 512));
        assertEquals(1, p.kernelThreads(1024L * 256));
        assertEquals(8, p.kernelThreads(4096L * 512));
        // never more threads than chunks
        ThreadPolicy low = ThreadPolicy.of(64).withKernelFanOutElements(1);
        assertEquals(3, low.kernelThreads(3L * JavaKernels.CHUNK));
        assertEquals(1, ThreadPolicy.of(1).withGemmFanOutFlops(1).gemmThreads(4096, 4096, 4096));
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ThreadPolicy.of(0));
        assertTrue(e.getMessage().contains("threads") && e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> ThreadPolicy.of(2).withGemmFanOutFlops(0));
        assertTrue(e.getMessage().contains("gemmFanOutFlops"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> ThreadPolicy.of(2).withKernelFanOutElements(-5));
        assertTrue(e.getMessage().contains("kernelFanOutElements"), e.getMessage());
        assertThrows(NullPointerException.class, () -> KernelPool.policy(null));
    }

    @Test
    void theEnvironmentIsReadFlows4jFirstThenOpenMpThenTheCores() {
        assertEquals(3, ThreadPolicy.fromEnvironment(Map.of("FLOWS4J_THREADS", "3", "OMP_NUM_THREADS", "5")).threads());
        assertEquals(5, ThreadPolicy.fromEnvironment(Map.of("OMP_NUM_THREADS", " 5 ")).threads());
        // OpenMP's nested list: the first level
        assertEquals(4, ThreadPolicy.fromEnvironment(Map.of("OMP_NUM_THREADS", "4,2")).threads());
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, ThreadPolicy.fromEnvironment(Map.of()).threads());
        // OpenMP's variable is not ours to police: a value it would reject is ignored
        assertEquals(cores, ThreadPolicy.fromEnvironment(Map.of("OMP_NUM_THREADS", "many")).threads());
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ThreadPolicy.fromEnvironment(Map.of("FLOWS4J_THREADS", "0")));
        assertTrue(e.getMessage().contains("FLOWS4J_THREADS") && e.getMessage().contains("'0'"), e.getMessage());
        assertThrows(InvalidConfigException.class, () -> ThreadPolicy.fromEnvironment(Map.of("FLOWS4J_THREADS", "x")));
    }

    @Test
    void installingAPolicyKeepsNd4jsOwnLoopsOnTheCallingThread() {
        KernelPool.policy(ThreadPolicy.of(2).withKernelFanOutElements(12345));
        assertEquals(2, KernelPool.policy().threads());
        assertEquals(1, Nd4j.getEnvironment().maxThreads());
        assertEquals(12345, Nd4j.getEnvironment().elementwiseThreshold());
    }

    @Test
    void smallKernelsRunOnTheCallingThreadAndLargeOnesSplitWithIdenticalResults() {
        Rng rng = Rng.seeded(7);
        INDArray small = rng.normal(DataType.FLOAT, 128, 64);
        INDArray large = rng.normal(DataType.FLOAT, 1 << 11, 1 << 10);
        Kernels k = Kernels.get();
        KernelPool.policy(ThreadPolicy.of(1));
        float[] one = k.tanh(large).data().asFloat();
        float[] oneBroadcast = k.add(large, large.getRow(0).dup()).data().asFloat();

        KernelPool.policy(ThreadPolicy.of(2));
        long before = KernelPool.splits();
        Map<String, Boolean> threads = new ConcurrentHashMap<>();
        KernelPool.forRanges(small.length(), JavaKernels.CHUNK,
                (from, to) -> threads.put(Thread.currentThread().getName(), true));
        k.tanh(small);
        k.mul(small, small);
        assertEquals(before, KernelPool.splits(), "a [128, 64] op must not be split");
        assertEquals(Map.of(Thread.currentThread().getName(), true), threads);

        assertArrayEquals(one, k.tanh(large).data().asFloat());
        assertArrayEquals(oneBroadcast, k.add(large, large.getRow(0).dup()).data().asFloat());
        assertEquals(before + 2, KernelPool.splits(), "a [2048, 1024] op is split over two threads");
    }

    @Test
    void sharesCoverEveryIndexOnceOnChunkBoundariesAndRethrow() {
        KernelPool.policy(ThreadPolicy.of(3).withKernelFanOutElements(1));
        int n = 5 * JavaKernels.CHUNK + 17;
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        KernelPool.forRanges(n, JavaKernels.CHUNK, (from, to) -> {
            assertEquals(0, from % JavaKernels.CHUNK);
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
        IllegalStateException boom = new IllegalStateException("boom");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> KernelPool.forRanges(n,
                JavaKernels.CHUNK, (from, to) -> {
                    if (to == n) {
                        throw boom;
                    }
                }));
        assertTrue(thrown == boom || thrown.getCause() == boom, thrown.toString());
        ThreadPolicy p = ThreadPolicy.of(2);
        KernelPool.policy(p);
        assertSame(p, KernelPool.policy());
    }
}
