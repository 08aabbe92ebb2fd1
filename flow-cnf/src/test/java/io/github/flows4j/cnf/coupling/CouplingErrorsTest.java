package io.github.flows4j.cnf.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every coupling rejects bad batches with a typed exception that names the argument. */
class CouplingErrorsTest {
    private static final Coupling[] ALL = {new IndependentCoupling(), new ExactOtCoupling(), new SinkhornCoupling(0.1),
        new SchrodingerBridgeCoupling(0.5)};
    private final Rng rng = Rng.seeded(51);

    @Test
    void mismatchedBatchSizes() {
        INDArray x0 = rng.normal(DataType.FLOAT, 8, 2);
        INDArray x1 = rng.normal(DataType.FLOAT, 9, 2);
        for (Coupling c : ALL) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> c.couple(x0, x1, rng));
            assertEquals("x1 must have shape [8, dim] (the batch size of x0); got [9, 2]", e.getMessage());
        }
    }

    @Test
    void mismatchedDims() {
        INDArray x0 = rng.normal(DataType.FLOAT, 8, 2);
        INDArray x1 = rng.normal(DataType.FLOAT, 8, 3);
        for (Coupling c : ALL) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> c.couple(x0, x1, rng));
            assertEquals("x1 must have shape [batch, 2] (the dim of x0); got [8, 3]", e.getMessage());
        }
    }

    @Test
    void wrongRankOrEmpty() {
        INDArray vector = rng.normal(DataType.FLOAT, 8);
        INDArray ok = rng.normal(DataType.FLOAT, 8, 2);
        INDArray cube = rng.normal(DataType.FLOAT, 2, 4, 2);
        INDArray empty = Nd4j.create(DataType.FLOAT, 0, 2);
        for (Coupling c : ALL) {
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> c.couple(vector, ok, rng));
            assertEquals("x0 must have shape [batch, dim] with batch, dim >= 1; got [8]", e.getMessage());
            assertTrue(assertThrows(ShapeMismatchException.class, () -> c.couple(ok, cube, rng))
                    .getMessage().startsWith("x1 must have shape [batch, dim]"));
            assertThrows(ShapeMismatchException.class, () -> c.couple(empty, empty, rng));
        }
    }

    @Test
    void mixedOrIntegerDataTypes() {
        INDArray f = rng.normal(DataType.FLOAT, 4, 2);
        INDArray d = rng.normal(DataType.DOUBLE, 4, 2);
        INDArray ints = Nd4j.zeros(DataType.INT32, 4, 2);
        for (Coupling c : ALL) {
            DTypeMismatchException e = assertThrows(DTypeMismatchException.class, () -> c.couple(f, d, rng));
            assertTrue(e.getMessage().startsWith("x0 is FLOAT, x1 is DOUBLE"), e.getMessage());
            assertEquals("x0 must be FLOAT or DOUBLE; got INT",
                    assertThrows(DTypeMismatchException.class, () -> c.couple(ints, ints, rng)).getMessage());
        }
    }

    @Test
    void nonFiniteValuesAreLocated() {
        INDArray x0 = rng.normal(DataType.DOUBLE, 5, 3);
        INDArray nan = x0.dup();
        nan.putScalar(3, 1, Double.NaN);
        INDArray inf = x0.dup();
        inf.putScalar(0, 2, Double.NEGATIVE_INFINITY);
        for (Coupling c : ALL) {
            assertEquals("x1 must be finite; found NaN at [3, 1]",
                    assertThrows(NonFiniteException.class, () -> c.couple(x0, nan, rng)).getMessage());
            assertEquals("x0 must be finite; found -Infinity at [0, 2]",
                    assertThrows(NonFiniteException.class, () -> c.couple(inf, x0, rng)).getMessage());
        }
    }

    @Test
    void overflowingDistancesAreReported() {
        INDArray x0 = Nd4j.createFromArray(new double[][] {{1e200, 0}, {0, 0}});
        INDArray x1 = Nd4j.createFromArray(new double[][] {{-1e200, 0}, {1, 1}});
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> new ExactOtCoupling().couple(x0, x1, rng));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        INDArray x = rng.normal(DataType.FLOAT, 4, 2);
        for (Coupling c : ALL) {
            String noX0 = assertThrows(InvalidConfigException.class, () -> c.couple(null, x, rng)).getMessage();
            assertTrue(noX0.startsWith("x0 "), noX0);
            String noRng = assertThrows(InvalidConfigException.class, () -> c.couple(x, x, null)).getMessage();
            assertTrue(noRng.startsWith("rng "), noRng);
        }
    }

    @Test
    void singlePairBatchesWork() {
        INDArray x0 = Nd4j.createFromArray(new double[][] {{1, 2}});
        INDArray x1 = Nd4j.createFromArray(new double[][] {{3, 4}});
        for (Coupling c : ALL) {
            Pair p = c.couple(x0, x1, rng);
            assertEquals(x0, p.x0());
            assertEquals(x1, p.x1());
        }
    }
}
