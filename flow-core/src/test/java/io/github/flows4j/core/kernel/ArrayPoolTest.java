package io.github.flows4j.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Released arrays are reused by shape and type, views never, and zeros come back cleared. */
class ArrayPoolTest {
    @AfterEach
    void clear() {
        ArrayPool.clear();
    }

    @Test
    void aRecycledArrayIsReusedForTheSameShapeAndTypeOnly() {
        ArrayPool.clear();
        INDArray a = ArrayPool.uninitialized(DataType.FLOAT, 3, 4);
        ArrayPool.recycle(a);
        assertEquals(48, ArrayPool.pooledBytes());
        assertNotSame(a, ArrayPool.uninitialized(DataType.DOUBLE, 3, 4));
        assertNotSame(a, ArrayPool.uninitialized(DataType.FLOAT, 4, 3));
        assertSame(a, ArrayPool.uninitialized(DataType.FLOAT, 3, 4));
        assertEquals(0, ArrayPool.pooledBytes());
    }

    @Test
    void aLowerBoundEmptiesThePoolAndKeepsArraysOutAndANegativeOneIsRefused() {
        long before = ArrayPool.maxBytes();
        try {
            ArrayPool.recycle(ArrayPool.uninitialized(DataType.FLOAT, 64, 64));      // 16 KiB pooled
            assertEquals(64 * 64 * 4, ArrayPool.pooledBytes());
            ArrayPool.maxBytes(1024);
            assertEquals(0, ArrayPool.pooledBytes(), "a bound below what is pooled empties the pool");
            INDArray big = ArrayPool.uninitialized(DataType.FLOAT, 64, 64);
            ArrayPool.recycle(big);
            assertEquals(0, ArrayPool.pooledBytes(), "an array over the bound is freed, not pooled");
            ArrayPool.recycle(ArrayPool.uninitialized(DataType.FLOAT, 8, 8));          // 256 bytes fit
            assertEquals(256, ArrayPool.pooledBytes());
            io.github.flows4j.core.InvalidConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.github.flows4j.core.InvalidConfigException.class, () -> ArrayPool.maxBytes(-1));
            assertTrue(e.getMessage().contains("bytes"), e.getMessage());
            assertEquals(1024, ArrayPool.maxBytes());
        } finally {
            ArrayPool.maxBytes(before);
        }
    }

    @Test
    void zerosAreClearedEvenWhenPooled() {
        INDArray a = ArrayPool.uninitialized(DataType.DOUBLE, 5, 2).assign(7);
        ArrayPool.recycle(a);
        INDArray z = ArrayPool.zeros(DataType.DOUBLE, 5, 2);
        assertSame(a, z);
        assertEquals(0.0, z.amaxNumber().doubleValue());
        assertArrayEquals(new long[] {5, 2}, z.shape());
    }

    @Test
    void viewsAreNeverPooled() {
        INDArray base = Nd4j.rand(DataType.FLOAT, 4, 4);
        INDArray row = base.getRow(1);
        ArrayPool.recycle(row);
        assertEquals(0, ArrayPool.pooledBytes());
        assertNotSame(row, ArrayPool.uninitialized(DataType.FLOAT, 4));
    }

    @Test
    @SuppressWarnings("try") // the scope releases what the block allocates
    void aClosedScopeFeedsTheNextOneAndResultsAreUnaffected() {
        Tensor x = Tensor.constant(Rng.seeded(3).normal(DataType.FLOAT, 64, 8));
        double first;
        try (TensorScope s = TensorScope.open()) {
            first = x.tanh().mul(x).sum().item();
        }
        long pooled = ArrayPool.pooledBytes();
        assertTrue(pooled > 0, "the scope's arrays went to the pool");
        for (int i = 0; i < 100; i++) {
            try (TensorScope s = TensorScope.open()) {
                assertEquals(first, x.tanh().mul(x).sum().item(), 0.0);
            }
        }
        // arrays ND4J allocated itself (the scalar sum) are pooled too, at most 256 of one shape
        assertTrue(ArrayPool.pooledBytes() <= pooled + 256 * 4, "pooled " + ArrayPool.pooledBytes() + " bytes");
    }
}
