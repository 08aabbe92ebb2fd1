package io.github.flows4j.core.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The process's {@link ThreadPolicy} and the threads it lends: the one place that sets ND4J's and OpenBLAS's thread
 * counts, and the fork/join pool over which large {@link JavaKernels} ops split their chunks.
 *
 * <p>The policy starts as {@link ThreadPolicy#fromEnvironment} and is applied to ND4J before the first kernel runs;
 * {@link io.github.flows4j.core.Flows4j#threads(int)} (or {@link #policy(ThreadPolicy)}) changes it for the rest of the
 * run. The pool has {@code threads − 1} daemon workers: the calling thread takes the first share of every split, so
 * an op never uses more than {@code threads} threads. Nothing here runs while another op runs, so the pool, BLAS's
 * threads and ND4J's loops are never busy at once.
 *
 * <pre>{@code
 * KernelPool.policy(ThreadPolicy.of(2));
 * KernelPool.forRanges(1 << 20, 4096, (from, to) -> { ... });   // two shares of half a million elements each
 * }</pre>
 */
public final class KernelPool {
    /** TAD count below which ND4J's reductions along an axis stay on the calling thread. */
    static final int TAD_THRESHOLD = 1024;
    /** ND4J's own loops (copies, concatenations, reductions that are not Java kernels) run on the calling thread. */
    static final int NATIVE_THREADS = 1;

    private static volatile ThreadPolicy policy;
    private static ForkJoinPool pool;
    private static volatile int blasThreads = -1;
    private static volatile boolean blasAvailable = true;
    private static final AtomicLong SPLITS = new AtomicLong();

    private KernelPool() {
    }

    /** A body over a half-open index range. */
    @FunctionalInterface
    public interface RangeBody {
        /**
         * @param from first index
         * @param to   one past the last index
         */
        void run(int from, int to);
    }

    /** @return the policy in force (read from the environment on first use) */
    public static ThreadPolicy policy() {
        ThreadPolicy p = policy;
        if (p == null) {
            synchronized (KernelPool.class) {
                if (policy == null) {
                    install(ThreadPolicy.fromEnvironment(System.getenv()));
                }
                p = policy;
            }
        }
        return p;
    }

    /**
     * Replaces the policy for the rest of the run and applies it to ND4J and OpenBLAS at once.
     *
     * @param p the new policy
     */
    public static synchronized void policy(ThreadPolicy p) {
        java.util.Objects.requireNonNull(p, "policy");
        install(p);
    }

    private static void install(ThreadPolicy p) {
        ThreadPolicy old = policy;
        policy = p;
        var env = Nd4j.getEnvironment();
        env.setMaxThreads(NATIVE_THREADS);
        env.setMaxMasterThreads(NATIVE_THREADS);
        env.setElementwiseThreshold((int) Math.min(Integer.MAX_VALUE, p.kernelFanOutElements()));
        env.setTadThreshold(p.threads() == 1 ? Integer.MAX_VALUE : TAD_THRESHOLD);
        blasThreads(p.threads());
        if (old == null || old.threads() != p.threads()) {
            ForkJoinPool previous = pool;
            pool = p.threads() > 1 ? newPool(p.threads() - 1) : null;
            if (previous != null) {
                previous.shutdown();
            }
        }
    }

    private static ForkJoinPool newPool(int workers) {
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = fjp -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
            t.setDaemon(true);
            t.setName("flows4j-kernel-" + t.getPoolIndex());
            return t;
        };
        return new ForkJoinPool(workers, factory, null, false);
    }

    /**
     * Sets OpenBLAS's thread count if it differs from the last one set here (a GEMM calls this with the count the
     * policy gives its sizes).
     *
     * @param n the thread count, &ge; 1
     */
    static void blasThreads(int n) {
        if (n != blasThreads && blasAvailable) {
            try {
                openblas_nolapack.blas_set_num_threads(n);
            } catch (LinkageError e) {
                // a backend without the OpenBLAS preset (CUDA): its BLAS manages its own threads
                blasAvailable = false;
            }
            blasThreads = n;
        }
    }

    /**
     * Runs {@code body} over [0, n), split into at most {@link ThreadPolicy#kernelThreads(long)} shares whose bounds
     * are multiples of {@code grain}; the calling thread runs the first share and waits for the others. An exception
     * in any share is rethrown here.
     *
     * @param n     the element count
     * @param grain the unit the shares are made of (a kernel's chunk length), &ge; 1
     * @param body  the work over one share
     */
    public static void forRanges(long n, int grain, RangeBody body) {
        int parts = policy().kernelThreads(n);
        ForkJoinPool p = pool;
        if (parts <= 1 || p == null || n <= grain || ForkJoinTask.inForkJoinPool()) {
            body.run(0, (int) n);
            return;
        }
        SPLITS.incrementAndGet();
        long chunks = (n + grain - 1) / grain;
        parts = (int) Math.min(parts, chunks);
        int[] bounds = new int[parts + 1];
        for (int i = 0; i <= parts; i++) {
            bounds[i] = (int) Math.min(n, chunks * i / parts * grain);
        }
        bounds[parts] = (int) n;
        java.util.List<ForkJoinTask<?>> tasks = new java.util.ArrayList<>(parts - 1);
        for (int i = 1; i < parts; i++) {
            int from = bounds[i];
            int to = bounds[i + 1];
            tasks.add(p.submit(() -> body.run(from, to)));
        }
        RuntimeException failure = null;
        try {
            body.run(bounds[0], bounds[1]);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (ForkJoinTask<?> t : tasks) {
            // every share ends before this returns, even when one failed
            try {
                t.join();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** @return how many ops have been split over more than one thread since the JVM started (for tests) */
    public static long splits() {
        return SPLITS.get();
    }
}
