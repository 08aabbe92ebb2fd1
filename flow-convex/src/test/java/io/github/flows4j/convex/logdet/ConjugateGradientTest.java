package io.github.flows4j.convex.logdet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batched CG on random SPD systems, one matrix per row. */
class ConjugateGradientTest {

    /** A_b = M_b M_bᵀ + 0.1 I, [n][d][d]. */
    static double[][][] spd(int n, int d, long seed) {
        Rng rng = Rng.seeded(seed);
        double[][][] a = new double[n][d][d];
        for (int b = 0; b < n; b++) {
            double[][] m = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    m[i][j] = rng.nextGaussian();
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double s = i == j ? 0.1 : 0;
                    for (int k = 0; k < d; k++) {
                        s += m[i][k] * m[j][k];
                    }
                    a[b][i][j] = s;
                }
            }
        }
        return a;
    }

    static UnaryOperator<INDArray> matVec(double[][][] a) {
        return v -> {
            int n = a.length;
            int d = a[0].length;
            double[] x = HostArrays.toDoubles(v);
            double[] y = new double[n * d];
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        y[b * d + i] += a[b][i][j] * x[b * d + j];
                    }
                }
            }
            return HostArrays.fromDoubles(y, v.dataType(), n, d);
        };
    }

    static double trueResidual(UnaryOperator<INDArray> a, INDArray b, INDArray u) {
        double[] r = HostArrays.toDoubles(b.sub(a.apply(u)));
        double m = 0;
        for (double v : r) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void solvesEveryRowToTheTolerance() {
        double[][][] a = spd(16, 6, 1);
        UnaryOperator<INDArray> op = matVec(a);
        INDArray b = Rng.seeded(2).normal(DataType.DOUBLE, 16, 6);
        CgResult r = ConjugateGradient.solve(op, b, new CgConfig(100, 1e-10, 0));
        assertTrue(r.converged());
        assertTrue(r.maxResidual() <= 1e-10, "recursive residual " + r.maxResidual());
        assertTrue(trueResidual(op, b, r.solution()) < 1e-8, "true residual " + trueResidual(op, b, r.solution()));
    }

    @Test
    void dIterationsSolveAWellConditionedSystemExactly() {
        // A = I + low-rank: CG terminates in (rank + 1) steps in exact arithmetic, here d = 3
        double[][][] a = spd(8, 3, 3);
        for (double[][] ab : a) {
            for (int i = 0; i < 3; i++) {
                ab[i][i] += 5;
            }
        }
        UnaryOperator<INDArray> op = matVec(a);
        INDArray b = Rng.seeded(4).normal(DataType.DOUBLE, 8, 3);
        CgResult r = ConjugateGradient.solve(op, b, CgConfig.fixed(3));
        assertEquals(3, r.iterations());
        assertTrue(trueResidual(op, b, r.solution()) < 1e-9);
    }

    @Test
    void convergedRowsFreezeWhileOthersContinue() {
        double[][][] a = spd(3, 4, 5);
        INDArray b = Rng.seeded(6).normal(DataType.DOUBLE, 3, 4);
        b.getRow(1).assign(0);
        CgResult r = ConjugateGradient.solve(matVec(a), b, new CgConfig(50, 1e-12, 0));
        assertTrue(r.converged());
        double[] u1 = HostArrays.toDoubles(r.solution().getRow(1));
        for (double v : u1) {
            assertEquals(0.0, v, 0.0, "a zero right-hand side stays at the zero solution");
        }
        assertTrue(r.iterations() >= 3);
    }

    @Test
    void stopsAtTheIterationLimitWithoutConverging() {
        double[][][] a = spd(4, 10, 7);
        CgResult r = ConjugateGradient.solve(matVec(a), Rng.seeded(8).normal(DataType.DOUBLE, 4, 10),
                new CgConfig(2, 1e-14, 0));
        assertEquals(2, r.iterations());
        assertFalse(r.converged());
    }

    @Test
    void badInputs() {
        UnaryOperator<INDArray> op = matVec(spd(2, 2, 9));
        assertThrows(NonFiniteException.class, () -> ConjugateGradient.solve(op,
                Nd4j.createFromArray(new double[][] {{1, Double.NaN}, {0, 1}}), CgConfig.fixed(2)));
        assertThrows(ShapeMismatchException.class, () -> ConjugateGradient.solve(op, Nd4j.ones(DataType.DOUBLE, 2),
                CgConfig.fixed(2)));
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class, () -> ConjugateGradient.solve(
                v -> Nd4j.zeros(DataType.DOUBLE, 1, 2), Nd4j.ones(DataType.DOUBLE, 2, 2), CgConfig.fixed(2)));
        assertTrue(shape.getMessage().startsWith("A p must have shape [2, 2]"), shape.getMessage());
        assertThrows(InvalidConfigException.class, () -> new CgConfig(0, 1e-3, 0));
        assertThrows(InvalidConfigException.class, () -> new CgConfig(5, -1, 0));
    }

    @Test
    void float32SolvesAreScaleInvariantDownToTheSubnormalRange() {
        // right-hand sides of size 1e-35 (their CG iterates fall far into float32's subnormal range): the
        // products are taken on unit-scaled rows, so the solution scales exactly with b
        double[][][] a = spd(6, 3, 11);
        INDArray b = Rng.seeded(12).normal(DataType.FLOAT, 6, 3);
        CgResult unit = ConjugateGradient.solve(matVec(a), b, CgConfig.fixed(8));
        CgResult tiny = ConjugateGradient.solve(matVec(a), b.mul(1e-35f), CgConfig.fixed(8));
        double[] u = HostArrays.toDoubles(unit.solution());
        double[] t = HostArrays.toDoubles(tiny.solution());
        for (int i = 0; i < u.length; i++) {
            assertEquals(u[i], t[i] * 1e35, 1e-4 * Math.max(1, Math.abs(u[i])), "entry " + i);
        }
    }
}
