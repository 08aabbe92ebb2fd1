package io.github.flows4j.core;

import io.github.flows4j.core.kernel.KernelPool;
import io.github.flows4j.core.kernel.ThreadPolicy;

/**
 * Process-wide settings of the library: how many threads its ops may use.
 *
 * <p>Every flows4j op runs on the calling thread unless it is large enough to gain from more: the {@link ThreadPolicy}
 * in force decides per op (a GEMM by m·n·k, an elementwise op by its element count) and sets ND4J's and OpenBLAS's
 * thread counts so that the native pools never compete with each other or with the Java kernels' pool. The policy
 * starts from the environment — {@code FLOWS4J_THREADS}, else {@code OMP_NUM_THREADS}, else every core — and any
 * call here changes it for the rest of the run. Results do not depend on the thread count except in the order of
 * floating-point sums inside BLAS.
 *
 * <pre>{@code
 * Flows4j.threads(1);                 // everything on the calling thread
 * Flows4j.threads(4);                 // large ops may use four threads; small ones still use one
 * int n = Flows4j.threads();          // the count in force
 * }</pre>
 */
public final class Flows4j {
    private Flows4j() {
    }

    /** @return the most threads one op may use now */
    public static int threads() {
        return KernelPool.policy().threads();
    }

    /**
     * Sets the most threads one op may use, keeping the policy's fan-out thresholds.
     *
     * @param n the thread count, &ge; 1
     * @throws InvalidConfigException if n &lt; 1
     */
    public static void threads(int n) {
        ThreadPolicy p = KernelPool.policy();
        KernelPool.policy(new ThreadPolicy(n, p.gemmFanOutFlops(), p.kernelFanOutElements()));
    }

    /** @return the thread policy in force */
    public static ThreadPolicy threadPolicy() {
        return KernelPool.policy();
    }

    /**
     * Replaces the thread policy (thread count and fan-out thresholds) for the rest of the run.
     *
     * @param policy the new policy
     */
    public static void threadPolicy(ThreadPolicy policy) {
        KernelPool.policy(policy);
    }
}
