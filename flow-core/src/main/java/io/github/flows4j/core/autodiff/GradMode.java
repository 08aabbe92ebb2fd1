package io.github.flows4j.core.autodiff;

/**
 * Whether operations on the current thread record the graph that gradients flow back through.
 *
 * <p>Inside {@link #noGrad()} every op computes its value and records nothing (no graph node is allocated), which
 * is what sampling and evaluation want. Scopes nest and restore the previous mode on close.
 *
 * <pre>{@code
 * try (GradMode.Scope s = GradMode.noGrad()) {
 *     Tensor y = model.forward(x);          // no graph, nothing retained
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /** @return whether ops on this thread record gradients */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** @return a scope in which no op records a graph; close it to restore the previous mode */
    public static Scope noGrad() {
        return set(false);
    }

    /** @return a scope in which ops record a graph again (e.g. inside a {@link #noGrad()} region) */
    public static Scope enableGrad() {
        return set(true);
    }

    /**
     * @param enabled the mode to set until the returned scope closes
     * @return the scope
     */
    public static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return new Scope(flag, previous);
    }

    /** Restores the previous grad mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;

        private Scope(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() {
            flag[0] = previous;
        }
    }
}
