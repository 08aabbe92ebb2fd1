package io.github.flows4j.core.kernel;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A per-thread pool of released arrays, reused for new results of the same data type and shape.
 *
 * <p>Allocating an off-heap ND4J array costs 10–40 µs (a native allocation, JavaCPP's memory probe and a deallocator
 * registration) and closing it a few more, while the arithmetic of a small op is a few microseconds. A training step
 * allocates the same shapes in the same order every time, so when a {@code TensorScope} closes its arrays come here
 * instead of being freed, and the next step's ops take them back. The pool is bounded (the system property
 * {@code flows4j.pool.maxBytes}, default 256 MiB per thread; {@code 0} turns pooling off): beyond the bound arrays
 * are freed as before, so resident memory stays flat.
 *
 * <p>Contract: an array handed to {@link #recycle} must not be used again by anyone — exactly the contract of a
 * released tensor. Views are never pooled (their memory belongs to another array).
 *
 * <pre>{@code
 * INDArray out = ArrayPool.uninitialized(DataType.FLOAT, 128, 64); // a pooled array if one fits, else a new one
 * ...
 * ArrayPool.recycle(out);                                           // done with it: back to the pool
 * ArrayPool.clear();                                                // free everything this thread pooled
 * }</pre>
 */
public final class ArrayPool {
    /** The system property that sets the bound at start-up. */
    public static final String MAX_BYTES_PROPERTY = "flows4j.pool.maxBytes";

    private static volatile long maxBytes = Long.getLong(MAX_BYTES_PROPERTY, 256L << 20);
    private static final int MAX_PER_SHAPE = 256;
    private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);
    private static final LongAdder FRESH_BYTES = new LongAdder();

    private ArrayPool() {
    }

    /** @return the bound on the bytes each thread keeps pooled (0: pooling is off) */
    public static long maxBytes() {
        return maxBytes;
    }

    /**
     * Changes the bound on the bytes each thread keeps pooled, for the rest of the run (the start-up value comes from
     * {@value #MAX_BYTES_PROPERTY}). A workload of large arrays (an image model's activations) wants a small pool: its
     * allocations are few and large, and a full pool is resident memory; many small ops want a large one. The calling
     * thread's pool is emptied if it holds more than the new bound; other threads' pools shrink as they are used.
     *
     * <pre>{@code
     * ArrayPool.maxBytes(64L << 20);   // 64 MiB per thread
     * }</pre>
     *
     * @param bytes the new bound, &ge; 0
     * @throws io.github.flows4j.core.InvalidConfigException if bytes is negative
     */
    public static void maxBytes(long bytes) {
        if (bytes < 0) {
            throw io.github.flows4j.core.InvalidConfigException.of("bytes", ">= 0", bytes);
        }
        maxBytes = bytes;
        if (pooledBytes() > bytes) {
            clear();
        }
    }

    /**
     * @param type  the data type
     * @param shape the shape (c order)
     * @return an array of that type and shape with unspecified contents: a pooled one if available
     */
    public static INDArray uninitialized(DataType type, long... shape) {
        if (maxBytes > 0) {
            INDArray a = POOL.get().take(type, shape);
            if (a != null) {
                return a;
            }
        }
        return fresh(Nd4j.createUninitialized(type, shape));
    }

    /**
     * @param type  the data type
     * @param shape the shape (c order)
     * @return an array of that type and shape filled with zeros: a pooled one (cleared) if available
     */
    public static INDArray zeros(DataType type, long... shape) {
        if (maxBytes > 0) {
            INDArray a = POOL.get().take(type, shape);
            if (a != null) {
                Kernels.get().zero(a);
                return a;
            }
        }
        return fresh(Nd4j.zeros(type, shape));
    }

    private static INDArray fresh(INDArray a) {
        FRESH_BYTES.add(a.length() * a.dataType().width());
        return a;
    }

    /**
     * The off-heap bytes of the arrays this pool could not serve and ND4J allocated anew, on every thread since the
     * JVM started: the difference over a number of training steps, divided by it, is what a step allocates through
     * the pool (ND4J ops that allocate their own results are not counted).
     *
     * @return the total in bytes
     */
    public static long freshBytes() {
        return FRESH_BYTES.sum();
    }

    /**
     * Hands an array back: it is pooled if it is a closeable, dense, c-ordered non-view and the pool has room,
     * otherwise closed (its memory freed now).
     *
     * @param a an array nobody will use again
     */
    public static void recycle(INDArray a) {
        if (a.isView() || !a.closeable()) {
            return;
        }
        if (maxBytes > 0 && a.ordering() == 'c' && !a.isEmpty() && POOL.get().put(a)) {
            return;
        }
        a.close();
    }

    /** Frees every array this thread has pooled. */
    public static void clear() {
        POOL.get().clear();
    }

    /** @return the bytes this thread holds pooled */
    public static long pooledBytes() {
        return POOL.get().bytes;
    }

    private static long key(DataType type, long[] shape) {
        long h = type.ordinal() + 31L * shape.length;
        for (long s : shape) {
            h = h * 1_000_003L + s;
        }
        return h;
    }

    private static final class Pool {
        private final Map<Long, ArrayDeque<INDArray>> free = new HashMap<>();
        private long bytes;

        INDArray take(DataType type, long[] shape) {
            ArrayDeque<INDArray> q = free.get(key(type, shape));
            if (q == null || q.isEmpty()) {
                return null;
            }
            INDArray a = q.peekLast();
            if (a.dataType() != type || !Arrays.equals(a.shape(), shape)) {
                return null; // a hash collision: leave it, allocate fresh
            }
            q.pollLast();
            bytes -= size(a);
            return a;
        }

        boolean put(INDArray a) {
            long n = size(a);
            if (bytes + n > maxBytes) {
                return false;
            }
            ArrayDeque<INDArray> q = free.computeIfAbsent(key(a.dataType(), a.shape()), k -> new ArrayDeque<>());
            if (q.size() >= MAX_PER_SHAPE) {
                return false;
            }
            q.addLast(a);
            bytes += n;
            return true;
        }

        void clear() {
            for (ArrayDeque<INDArray> q : free.values()) {
                for (INDArray a : q) {
                    a.close();
                }
            }
            free.clear();
            bytes = 0;
        }

        private static long size(INDArray a) {
            return a.length() * a.dataType().width();
        }
    }
}
