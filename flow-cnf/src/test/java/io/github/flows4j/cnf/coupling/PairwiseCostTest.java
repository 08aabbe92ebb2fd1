package io.github.flows4j.cnf.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The GEMM squared-distance matrix against a direct double loop. */
class PairwiseCostTest {

    @Test
    void matchesDirectDifferences() {
        Rng rng = Rng.seeded(61);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray x0 = rng.normal(type, 7, 3);
            INDArray x1 = rng.normal(type, 5, 3).add(2);
            double[] c = PairwiseCost.squaredEuclidean(x0, x1);
            assertEquals(35, c.length);
            double[][] a = x0.castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] b = x1.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 5; j++) {
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        s += (a[i][k] - b[j][k]) * (a[i][k] - b[j][k]);
                    }
                    assertEquals(s, c[i * 5 + j], 1e-12 * Math.max(1, s), type + " [" + i + ", " + j + "]");
                }
            }
        }
    }

    @Test
    void identicalPointsCostNothingAndNeverGoNegative() {
        INDArray x = Rng.seeded(62).normal(DataType.DOUBLE, 20, 4).mul(1e4);
        double[] c = PairwiseCost.squaredEuclidean(x, x);
        for (int i = 0; i < 20; i++) {
            assertEquals(0.0, c[i * 20 + i], 1e-6);
        }
        for (double v : c) {
            assertEquals(true, v >= 0);
        }
    }

    @Test
    void rejectsMismatchedDims() {
        Rng rng = Rng.seeded(63);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> PairwiseCost.squaredEuclidean(rng.normal(DataType.FLOAT, 3, 2),
                        rng.normal(DataType.FLOAT, 3, 4)));
        assertEquals("x1 must have shape [m, 2] (the dim of x0); got [3, 4]", e.getMessage());
    }
}
