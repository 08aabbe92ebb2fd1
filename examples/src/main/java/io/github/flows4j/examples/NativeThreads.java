package io.github.flows4j.examples;

import java.util.Map;
import java.util.OptionalInt;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CLI's native thread default: ND4J's OpenMP loops and BLAS run on the calling thread unless the user set
 * {@code OMP_NUM_THREADS}. The training steps of the example commands are many small ops on small batches, where
 * fanning out over the cores costs more than it saves: on the project's 2-core machine the README's main job trains in
 * 28.1 s with ND4J's default (all cores) and in 6.9 s on one thread, with bit-identical results. OpenMP reads
 * {@code OMP_NUM_THREADS} once, when the native library loads, so the child JVM that {@link DefaultHeap} starts gets
 * it in its environment; a JVM that runs the command itself applies the same limit to ND4J and BLAS before the first
 * op. A user who wants more threads sets {@code OMP_NUM_THREADS=n}; {@code bench --threads n} sets its own.
 *
 * <pre>{@code
 * java -jar flows4j.jar fm                        # one native thread
 * OMP_NUM_THREADS=2 java -jar flows4j.jar fm      # two
 * }</pre>
 */
final class NativeThreads {
    /** The environment variable that OpenMP and OpenBLAS read, and that overrides the default. */
    static final String VARIABLE = "OMP_NUM_THREADS";
    /** The default thread count. */
    static final int DEFAULT = 1;

    private NativeThreads() {
    }

    /**
     * @param env an environment
     * @return the thread count to apply, or empty when the user set {@value #VARIABLE}
     */
    static OptionalInt toApply(Map<String, String> env) {
        return env.containsKey(VARIABLE) ? OptionalInt.empty() : OptionalInt.of(DEFAULT);
    }

    /**
     * Puts the default into a child process's environment unless the user set one.
     *
     * @param env the child's (mutable) environment
     */
    static void intoChild(Map<String, String> env) {
        toApply(env).ifPresent(n -> env.put(VARIABLE, Integer.toString(n)));
    }

    /** Applies the default to ND4J and BLAS in this JVM unless the user set {@value #VARIABLE}. */
    static void inThisJvm() {
        toApply(System.getenv()).ifPresent(n -> {
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
            Nd4j.factory().blas().setMaxThreads(n);
        });
    }
}
