package io.github.flows4j.examples;

import io.github.flows4j.core.Flows4j;
import io.github.flows4j.core.kernel.ThreadPolicy;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The CLI's thread setting. {@code --threads N} (an option of every sub-command) sets the library's thread count,
 * {@link Flows4j#threads(int)}; without it the library's own {@link ThreadPolicy} stands: {@code FLOWS4J_THREADS},
 * else {@code OMP_NUM_THREADS}, else every core — and in every case the policy keeps the small ops of a training
 * step on the calling thread and fans out only the large products and elementwise ops (docs/benchmarks.md, "Thread
 * policy"). The child JVM that {@link DefaultHeap} starts gets the option as {@code FLOWS4J_THREADS} and
 * {@code OMP_NUM_THREADS} in its environment (OpenMP and OpenBLAS size their pools when the native library loads); a
 * JVM that runs the command itself applies it before the first op. This class reads the option from the raw
 * arguments because it must act before picocli builds the commands (picocli validates it: at least 1).
 *
 * <pre>{@code
 * java -jar flows4j.jar fm                        # the library's policy: every core, small ops on one
 * java -jar flows4j.jar fm --threads 1            # everything on one thread
 * FLOWS4J_THREADS=2 java -jar flows4j.jar fm      # two, unless --threads says otherwise
 * }</pre>
 */
final class NativeThreads {
    /** The environment variable that OpenMP and OpenBLAS read. */
    static final String VARIABLE = ThreadPolicy.OMP_VARIABLE;
    /** The option that overrides the environment. */
    static final String OPTION = "--threads";

    private NativeThreads() {
    }

    /**
     * @param args the raw command-line arguments
     * @return the value of {@value #OPTION} (last one wins), or empty when absent or not a positive integer (picocli
     *         then reports the bad value as a usage error)
     */
    static OptionalInt given(String[] args) {
        OptionalInt found = OptionalInt.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ("--".equals(a)) {
                break;
            }
            String value = null;
            if (OPTION.equals(a) && i + 1 < args.length) {
                value = args[++i];
            } else if (a.startsWith(OPTION + "=")) {
                value = a.substring(OPTION.length() + 1);
            }
            if (value != null) {
                found = positive(value);
            }
        }
        return found;
    }

    private static OptionalInt positive(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            return n >= 1 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * @param given the {@value #OPTION} value, if any
     * @param env   an environment
     * @return the thread count the library runs on: the option, else what {@link ThreadPolicy#fromEnvironment}
     *         reads from {@code env}
     */
    static int effective(OptionalInt given, Map<String, String> env) {
        return given.isPresent() ? given.getAsInt() : ThreadPolicy.fromEnvironment(env).threads();
    }

    /**
     * Puts the option into a child process's environment (nothing when it is absent: the child reads the
     * environment it inherits).
     *
     * @param given the {@value #OPTION} value, if any
     * @param env   the child's (mutable) environment
     */
    static void intoChild(OptionalInt given, Map<String, String> env) {
        given.ifPresent(n -> {
            env.put(ThreadPolicy.THREADS_VARIABLE, Integer.toString(n));
            env.put(VARIABLE, Integer.toString(n));
        });
    }

    /**
     * Applies the option, if given, to the library in this JVM.
     *
     * @param given the {@value #OPTION} value, if any
     */
    static void inThisJvm(OptionalInt given) {
        given.ifPresent(Flows4j::threads);
    }
}
