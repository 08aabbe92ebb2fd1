package io.github.flows4j.examples;

import java.util.Map;
import java.util.OptionalInt;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CLI's native thread setting: ND4J's OpenMP loops and BLAS run on {@code --threads N} threads when the option is
 * given, else on {@code OMP_NUM_THREADS} when the user set it, else on the calling thread alone. The training steps of
 * the example commands are many small ops on small batches, where fanning out over the cores costs more than it saves:
 * on the project's 2-core machine the README's main job trains in 28.1 s with ND4J's default (all cores) and in 6.9 s
 * on one thread, with bit-identical results. OpenMP reads {@code OMP_NUM_THREADS} once, when the native library
 * loads, so the child JVM that {@link DefaultHeap} starts gets the setting in its environment; a JVM that runs the
 * command itself applies it to ND4J and BLAS before the first op. {@code --threads} is an option of every
 * sub-command (picocli validates it: at least 1); this class reads it from the raw arguments because it must act
 * before picocli builds the commands.
 *
 * <pre>{@code
 * java -jar flows4j.jar fm                        # one native thread
 * java -jar flows4j.jar fm --threads 2            # two
 * OMP_NUM_THREADS=2 java -jar flows4j.jar fm      # two, unless --threads says otherwise
 * }</pre>
 */
final class NativeThreads {
    /** The environment variable that OpenMP and OpenBLAS read. */
    static final String VARIABLE = "OMP_NUM_THREADS";
    /** The option that overrides it. */
    static final String OPTION = "--threads";
    /** The thread count when neither is given. */
    static final int DEFAULT = 1;

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
     * @return the thread count to apply, or empty when the user's {@value #VARIABLE} stands
     */
    static OptionalInt toApply(OptionalInt given, Map<String, String> env) {
        if (given.isPresent()) {
            return given;
        }
        return env.containsKey(VARIABLE) ? OptionalInt.empty() : OptionalInt.of(DEFAULT);
    }

    /**
     * @param given the {@value #OPTION} value, if any
     * @param env   an environment
     * @return the thread count the native libraries run on: the option, else a valid {@value #VARIABLE}, else
     *         {@value #DEFAULT}
     */
    static int effective(OptionalInt given, Map<String, String> env) {
        OptionalInt apply = toApply(given, env);
        return apply.isPresent() ? apply.getAsInt() : positive(env.get(VARIABLE)).orElse(DEFAULT);
    }

    /**
     * Puts the setting into a child process's environment.
     *
     * @param given the {@value #OPTION} value, if any
     * @param env   the child's (mutable) environment
     */
    static void intoChild(OptionalInt given, Map<String, String> env) {
        toApply(given, env).ifPresent(n -> env.put(VARIABLE, Integer.toString(n)));
    }

    /**
     * Applies the setting to ND4J and BLAS in this JVM.
     *
     * @param given the {@value #OPTION} value, if any
     */
    static void inThisJvm(OptionalInt given) {
        toApply(given, System.getenv()).ifPresent(NativeThreads::apply);
    }

    /**
     * Sets ND4J's OpenMP and BLAS thread counts now.
     *
     * @param n the thread count
     */
    static void apply(int n) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
