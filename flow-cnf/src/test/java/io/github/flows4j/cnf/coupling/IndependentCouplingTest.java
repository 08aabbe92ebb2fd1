package io.github.flows4j.cnf.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The independent coupling: a seeded permutation of the targets, sources untouched. */
class IndependentCouplingTest {

    @Test
    void permutesTheTargetsWithTheRng() {
        Rng data = Rng.seeded(41);
        INDArray x0 = data.normal(DataType.FLOAT, 50, 4);
        INDArray x1 = data.normal(DataType.FLOAT, 50, 4);
        Pair p = new IndependentCoupling().couple(x0, x1, Rng.seeded(3));
        assertArrayEquals(Rng.seeded(3).permutation(50), p.index1());
        assertArrayEquals(Batches.identity(50), p.index0());
        assertEquals(x0, p.x0());
        assertEquals(Nd4j.pullRows(x1, 1, p.index1()), p.x1());
        LinearAssignmentTest.assertPermutation(p.index1());
    }

    @Test
    void pairMeanCostMatchesTheProductCoupling() {
        Rng rng = Rng.seeded(42);
        INDArray x0 = Clouds.gaussian(rng, DataType.DOUBLE, 400, 2);
        INDArray x1 = Clouds.eightGaussians(rng, DataType.DOUBLE, 400);
        double mean = 0;
        int reps = 20;
        for (int r = 0; r < reps; r++) {
            mean += Clouds.meanSquaredDistance(new IndependentCoupling().couple(x0, x1, rng)) / reps;
        }
        assertEquals(Clouds.meanCost(x0, x1), mean, 0.03 * mean);
    }
}
