package io.github.flows4j.core.kernel;

import io.github.flows4j.core.InvalidConfigException;
import java.util.Map;

/**
 * How flows4j spreads work over the cores: a thread count and the sizes below which work stays on the calling thread.
 *
 * <p>A training step of the models flows4j targets is hundreds of small ops (a [128, 64] product, an activation over
 * 8,192 floats) between a few large ones. Handing a small op to a pool of threads costs more than the op (waking a
 * thread, then joining it: 5–50 µs), and two pools that each think they own the cores — ND4J's OpenMP loops and
 * OpenBLAS's threads — take turns spinning on them; on a 2-core machine a CP-Flow step ran 7× slower on two
 * threads than on one. The policy therefore fans out only above measured break-even sizes:
 * <ul>
 *   <li><b>GEMM</b> (the direct BLAS path, {@link Kernels#gemm}): on {@link #threads()} BLAS threads when
 *       m·n·k &ge; {@link #gemmFanOutFlops()}, else on the calling thread;</li>
 *   <li><b>Java kernels</b> (the elementwise ops of {@link JavaKernels}): over the shared {@link KernelPool} when the
 *       result has &ge; {@link #kernelFanOutElements()} elements, else on the calling thread;</li>
 *   <li><b>ND4J's native ops</b> (reductions, broadcasts, copies that are not Java kernels): ND4J's own
 *       elementwise and TAD thresholds are raised to {@link #kernelFanOutElements()}, so they too stay on the
 *       calling thread below it.</li>
 * </ul>
 * The three never run at the same time (one op runs at a time on a step's thread), so at most {@link #threads()}
 * threads are busy. The defaults were measured on the project's 2-core machine (docs/benchmarks.md, "Thread
 * policy"): a product fans out from 2²² multiply-adds ([1024, 64] · [64, 64]), an elementwise op from 2¹⁷ elements.
 *
 * <pre>{@code
 * Flows4j.threads(2);                                    // two threads, default thresholds
 * Flows4j.threadPolicy(ThreadPolicy.of(4).withGemmFanOutFlops(1L << 20));
 * int t = Flows4j.threadPolicy().gemmThreads(128, 64, 64);   // 1: a small product stays on this thread
 * }</pre>
 *
 * @param threads              the most threads one op may use, &ge; 1
 * @param gemmFanOutFlops      the least m·n·k for which a GEMM uses more than one thread, &ge; 1
 * @param kernelFanOutElements the least element count for which an elementwise op uses more than one thread, &ge; 1
 */
public record ThreadPolicy(int threads, long gemmFanOutFlops, long kernelFanOutElements) {
    /** The environment variable read by {@link #fromEnvironment(Map)} first. */
    public static final String THREADS_VARIABLE = "FLOWS4J_THREADS";
    /** The environment variable read next (OpenMP's and OpenBLAS's own). */
    public static final String OMP_VARIABLE = "OMP_NUM_THREADS";
    /** Default {@link #gemmFanOutFlops()}: m·n·k = 2²⁷, e.g. [1024, 512] · [512, 256] (measured; see the class doc). */
    public static final long DEFAULT_GEMM_FAN_OUT_FLOPS = 1L << 27;
    /** Default {@link #kernelFanOutElements()}: 2²⁰ elements, e.g. [2048, 512] (measured; see the class doc). */
    public static final long DEFAULT_KERNEL_FAN_OUT_ELEMENTS = 1L << 20;

    /** Validates the fields. */
    public ThreadPolicy {
        if (threads < 1) {
            throw InvalidConfigException.of("threads", ">= 1", threads);
        }
        if (gemmFanOutFlops < 1) {
            throw InvalidConfigException.of("gemmFanOutFlops", ">= 1", gemmFanOutFlops);
        }
        if (kernelFanOutElements < 1) {
            throw InvalidConfigException.of("kernelFanOutElements", ">= 1", kernelFanOutElements);
        }
    }

    /**
     * @param threads the most threads one op may use, &ge; 1
     * @return that thread count with the default fan-out thresholds
     */
    public static ThreadPolicy of(int threads) {
        return new ThreadPolicy(threads, DEFAULT_GEMM_FAN_OUT_FLOPS, DEFAULT_KERNEL_FAN_OUT_ELEMENTS);
    }

    /**
     * The policy a JVM starts with: {@value #THREADS_VARIABLE} if set, else {@value #OMP_VARIABLE} if it holds a
     * positive integer (the first entry of OpenMP's nested list), else every core the JVM sees; default thresholds.
     *
     * @param env the environment (usually {@code System.getenv()})
     * @return the policy
     * @throws InvalidConfigException if {@value #THREADS_VARIABLE} is set to something other than a positive
     *         integer
     */
    public static ThreadPolicy fromEnvironment(Map<String, String> env) {
        String own = env.get(THREADS_VARIABLE);
        if (own != null && !own.isBlank()) {
            int n = parsePositive(own.strip());
            if (n < 1) {
                throw InvalidConfigException.of(THREADS_VARIABLE, "a positive integer", "'" + own + "'");
            }
            return of(n);
        }
        String omp = env.get(OMP_VARIABLE);
        if (omp != null) {
            // OpenMP allows a nested list ("4,2"): the first level is the one that counts here
            int n = parsePositive(omp.split(",", -1)[0].strip());
            if (n >= 1) {
                return of(n);
            }
        }
        return of(Runtime.getRuntime().availableProcessors());
    }

    private static int parsePositive(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * @param flops the new GEMM threshold (m·n·k), &ge; 1
     * @return a copy with it
     */
    public ThreadPolicy withGemmFanOutFlops(long flops) {
        return new ThreadPolicy(threads, flops, kernelFanOutElements);
    }

    /**
     * @param elements the new elementwise threshold, &ge; 1
     * @return a copy with it
     */
    public ThreadPolicy withKernelFanOutElements(long elements) {
        return new ThreadPolicy(threads, gemmFanOutFlops, elements);
    }

    /**
     * @param m rows of the product
     * @param n columns of the product
     * @param k the inner dimension
     * @return how many BLAS threads a GEMM of these sizes runs on
     */
    public int gemmThreads(long m, long n, long k) {
        if (threads == 1) {
            return 1;
        }
        double work = (double) m * n * k;
        return work >= gemmFanOutFlops ? threads : 1;
    }

    /**
     * @param elements the element count of an elementwise op's result
     * @return how many threads the op runs on (at most one per {@link JavaKernels} chunk)
     */
    public int kernelThreads(long elements) {
        if (threads == 1 || elements < kernelFanOutElements) {
            return 1;
        }
        long chunks = (elements + JavaKernels.CHUNK - 1) / JavaKernels.CHUNK;
        return (int) Math.min(threads, chunks);
    }
}
