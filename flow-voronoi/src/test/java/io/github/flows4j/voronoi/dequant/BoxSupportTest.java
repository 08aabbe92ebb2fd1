package io.github.flows4j.voronoi.dequant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import io.github.flows4j.voronoi.CellMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BoxSupportTest {

    @Test
    void boxLogitLogDetIsTheLogOfItsDiagonalJacobianAndPassesFiniteDifferences() {
        Rng rng = Rng.seeded(1);
        INDArray lo = Nd4j.createFromArray(new double[][] {{-2, -1, 0.5}});
        INDArray hi = Nd4j.createFromArray(new double[][] {{2, 3, 0.75}});
        INDArray u = rng.uniform(0, 1, DataType.DOUBLE, 50, 3);
        INDArray z = u.mulRowVector(hi.sub(lo)).addRowVector(lo);
        BoxLogit b = new BoxLogit(0.01);
        Tensor zt = Tensor.variable(z.dup());
        CellMap m = b.forward(zt, Tensor.constant(lo), Tensor.constant(hi));
        // y_i depends on z_i only: the gradient of Σ y is the Jacobian's diagonal
        double[] diag = HostArrays.toDoubles(Autodiff.grad(m.value().sum(), zt)[0].value());
        double[] ld = HostArrays.toDoubles(m.logDet().value());
        for (int i = 0; i < 50; i++) {
            double want = 0;
            for (int c = 0; c < 3; c++) {
                want += Math.log(Math.abs(diag[i * 3 + c]));
            }
            assertEquals(want, ld[i], 1e-10, "row " + i);
        }
        GradCheck.check(in -> {
            CellMap c = b.forward(in[0], in[1], in[2]);
            return Tensor.concat(1, c.value(), c.logDet());
        }, z, lo, hi);
        assertThrows(InvalidConfigException.class, () -> new BoxLogit(0.5));
        assertThrows(ShapeMismatchException.class,
                () -> b.forward(zt, Tensor.constant(lo), Tensor.constant(Nd4j.ones(DataType.DOUBLE, 1, 2))));
    }

    /** On the box the model is a density of the box: its integral over the box is 1 (midpoint rule). */
    @Test
    @SuppressWarnings("try")
    void modelOnTheUniformBoxIntegratesToOneOverTheBox() {
        Rng rng = Rng.seeded(2);
        UniformDequantizer q = new UniformDequantizer(2, 10, DataType.DOUBLE);
        NormalizingFlow p = NormalizingFlow.builder().dim(2).layers(4).hidden(16, 16).dtype(DataType.DOUBLE)
                .build(rng.split());
        DequantizedModel m = DequantizedModel.onBox(p, q, BoxLogit.DEFAULT_ALPHA);
        assertTrue(m.onBox());
        int g = 400;
        double h = 4.0 / g;
        double[] pts = new double[g * g * 2];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                pts[(i * g + j) * 2] = -2 + (i + 0.5) * h;
                pts[(i * g + j) * 2 + 1] = -2 + (j + 0.5) * h;
            }
        }
        double total;
        try (GradMode.Scope ng = GradMode.noGrad()) {
            Tensor logP = m.logDensity().logProb(Tensor.constant(HostArrays.fromDoubles(pts, DataType.DOUBLE, g * g,
                    2)));
            total = logP.exp().sum().item() * h * h;
        }
        assertEquals(1.0, total, 2e-3);
        // and the bound of the uniform pmf stays a bound: not below its entropy by more than the IWAE noise
        int[][] x = new int[400][2];
        for (int[] row : x) {
            row[0] = rng.nextInt(10);
            row[1] = rng.nextInt(10);
        }
        double bits = m.bits(x, 1, 200, rng.split());
        assertTrue(bits > 2 * Math.log(10) / Math.log(2) - 0.05, "bits " + bits);
    }

    @Test
    void voronoiSupportIsTheProductOfTheBoxesAndItsGradientsFlowToTheBox() {
        Rng rng = Rng.seeded(3);
        VoronoiDequantizer q = VoronoiDequantizer.create(2, 6, 2, DataType.DOUBLE,
                NormalizingFlow.builder().layers(2).hidden(8, 8), rng.split());
        assertEquals(4, q.supportLower().size(1));
        double[] lo = HostArrays.toDoubles(q.supportLower().value());
        double[] hi = HostArrays.toDoubles(q.supportUpper().value());
        for (int c = 0; c < 4; c++) {
            assertEquals(-2.0, lo[c], 1e-12);
            assertEquals(2.0, hi[c], 1e-12);
        }
        NormalizingFlow p = NormalizingFlow.builder().dim(4).layers(2).hidden(8, 8).dtype(DataType.DOUBLE)
                .build(rng.split());
        DequantizedModel m = DequantizedModel.onBox(p, q, BoxLogit.DEFAULT_ALPHA);
        int[][] x = {{0, 1}, {5, 3}, {2, 2}};
        GradCheck.checkParameters(() -> m.bound(x, 1, Rng.seeded(7)).sum(), m.parameters(), 1e-6, 1e-5);
    }
}
