package io.github.flows4j.cnf.coupling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Exact minibatch OT: recovers a hidden permutation, beats independence, scales to 2,000 points. */
class ExactOtCouplingTest {
    private final Coupling ot = new ExactOtCoupling();

    @Test
    void recoversAHiddenPermutation() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Rng rng = Rng.seeded(11);
            int n = 64;
            INDArray x0 = rng.normal(type, n, 3);
            int[] perm = rng.permutation(n);
            INDArray x1 = Nd4j.pullRows(x0, 1, perm);   // x1[k] = x0[perm[k]]
            INDArray x0Before = x0.dup();
            INDArray x1Before = x1.dup();

            Pair p = ot.couple(x0, x1, rng);

            int[] inverse = new int[n];
            for (int k = 0; k < n; k++) {
                inverse[perm[k]] = k;
            }
            assertArrayEquals(inverse, p.index1(), type.toString());
            assertArrayEquals(Batches.identity(n), p.index0());
            assertEquals(x0, p.x1(), "every x0 row is paired with its own copy");
            assertEquals(0.0, Clouds.meanSquaredDistance(p), 0.0);
            assertEquals(type, p.x0().dataType());
            assertEquals(type, p.x1().dataType());
            assertNotSame(x0, p.x0());
            assertEquals(x0Before, x0, "x0 untouched");
            assertEquals(x1Before, x1, "x1 untouched");
        }
    }

    @Test
    void pairsAreCloserThanIndependentOnes() {
        Rng rng = Rng.seeded(12);
        for (int trial = 0; trial < 10; trial++) {
            INDArray x0 = Clouds.gaussian(rng, DataType.FLOAT, 128, 2);
            INDArray x1 = Clouds.eightGaussians(rng, DataType.FLOAT, 128);
            Pair exact = ot.couple(x0, x1, rng);
            Pair independent = new IndependentCoupling().couple(x0, x1, rng);
            double otCost = Clouds.meanSquaredDistance(exact);
            assertTrue(otCost <= Clouds.meanSquaredDistance(independent), "trial " + trial);
            assertTrue(otCost <= Clouds.meanCost(x0, x1), "trial " + trial);
            assertEquals(Clouds.exactOtCost(x0, x1), otCost, 1e-4 * otCost);
            LinearAssignmentTest.assertPermutation(exact.index1());
        }
    }

    @Test
    void acceptsStridedViews() {
        Rng rng = Rng.seeded(13);
        INDArray base0 = rng.normal(DataType.DOUBLE, 3, 20);
        INDArray base1 = rng.normal(DataType.DOUBLE, 3, 20);
        INDArray x0 = base0.transpose();   // [20, 3], f-ordered view
        INDArray x1 = base1.transpose();
        Pair fromViews = ot.couple(x0, x1, rng);
        Pair fromCopies = ot.couple(x0.dup('c'), x1.dup('c'), rng);
        assertEquals(fromCopies, fromViews);
        assertEquals(x1.dup('c').getRow(fromViews.index1()[5]), fromViews.x1().getRow(5));
    }

    @Test
    void twoThousandPointsSolveInSeconds() {
        Rng rng = Rng.seeded(14);
        int n = 2000;
        INDArray x0 = Clouds.gaussian(rng, DataType.FLOAT, n, 2);
        INDArray x1 = Clouds.eightGaussians(rng, DataType.FLOAT, n);
        ot.couple(x0.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 200)),
                x1.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 200)), rng);   // warm-up
        long t0 = System.nanoTime();
        Pair p = ot.couple(x0, x1, rng);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        double otCost = Clouds.meanSquaredDistance(p);
        double independent = Clouds.meanCost(x0, x1);
        System.out.printf("ExactOtCoupling n=%d, 2-D N(0,I) -> 8 Gaussians: %.3f s, mean pair cost %.3f "
                + "(independent %.3f)%n", n, seconds, otCost, independent);
        LinearAssignmentTest.assertPermutation(p.index1());
        assertTrue(otCost < 0.5 * independent, otCost + " vs " + independent);
    }
}
