package io.github.flows4j.core.autodiff;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic release of intermediate arrays. ND4J frees off-heap memory only when the garbage collector
 * collects an array's Java wrapper; in a training loop that costs page faults on every fresh buffer and lets
 * resident memory grow. Every tensor an op creates while a scope is open belongs to that scope and is released
 * when the scope closes, unless it was {@link #keep(Tensor) kept}. Leaves made from a caller's arrays
 * ({@link Tensor#constant}, {@link Tensor#variable}) are never released: flows4j does not free memory it did not
 * allocate.
 *
 * <p>Scopes nest per thread; a kept tensor moves to the enclosing scope (or becomes unowned if there is none).
 * Using a released tensor throws {@link TensorReleasedException}.
 *
 * <pre>{@code
 * for (int step = 0; step < 10_000; step++) {
 *     try (TensorScope scope = TensorScope.open()) {
 *         Tensor loss = model.forward(x).sub(y).square().mean();
 *         loss.backward();
 *         optimizer.step();
 *     }                                        // every intermediate is freed here
 * }
 * }</pre>
 */
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<TensorScope> CURRENT = new ThreadLocal<>();

    private final TensorScope parent;
    private final Thread owner;
    private List<Tensor> owned = new ArrayList<>();
    private boolean closed;

    private TensorScope(TensorScope parent) {
        this.parent = parent;
        this.owner = Thread.currentThread();
    }

    /** @return a new scope, nested in the current one of this thread if any */
    public static TensorScope open() {
        TensorScope s = new TensorScope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** @return the innermost open scope of this thread, or {@code null} */
    public static TensorScope current() {
        return CURRENT.get();
    }

    static void register(Tensor t) {
        TensorScope s = CURRENT.get();
        if (s != null) {
            s.owned.add(t);
        }
    }

    /**
     * Keeps {@code t} alive past this scope: it moves to the enclosing scope, or becomes unowned (left to the
     * garbage collector) if there is none. A tensor that is a view of another's memory is copied first, so it stays
     * valid when the memory it views is released.
     *
     * @param t a tensor made in this scope (or any tensor: unowned ones are returned as they are)
     * @return the tensor to use after the scope closes (a copy if {@code t} was a view)
     */
    public Tensor keep(Tensor t) {
        checkOpen();
        Tensor owner = t.memoryOwner();
        if (owner != t) {
            // a detached alias: keep the memory it shares, copying if that memory is a view
            Tensor keptOwner = keep(owner);
            return keptOwner == owner ? t : keptOwner.detach();
        }
        if (!removeOwned(t)) {
            return t;
        }
        Tensor result = t.detachOwned();
        if (parent != null && !parent.closed) {
            parent.owned.add(result);
        }
        return result;
    }

    /**
     * @param t a tensor
     * @return whether this scope owns t (it was made while this scope was the innermost one, and not kept)
     */
    boolean owns(Tensor t) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i) == t) {
                return true;
            }
        }
        return false;
    }

    private boolean removeOwned(Tensor t) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i) == t) {
                owned.remove(i);
                return true;
            }
        }
        return false;
    }

    /** @return how many tensors this scope will release on close */
    public int size() {
        return owned.size();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this TensorScope is already closed");
        }
    }

    /** Releases every tensor this scope owns and makes the enclosing scope current again. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a TensorScope must be closed on the thread that opened it");
        }
        closed = true;
        List<Tensor> list = owned;
        owned = null;
        // release views first, then the arrays they view
        for (int i = list.size() - 1; i >= 0; i--) {
            list.get(i).release();
        }
        if (CURRENT.get() == this) {
            if (parent != null) {
                CURRENT.set(parent);
            } else {
                CURRENT.remove();
            }
        }
    }
}
