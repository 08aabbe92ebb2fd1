package io.github.flows4j.convex.logdet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.convex.cpflow.ConvexPotential;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

@SuppressWarnings("try") // scopes are opened only to release what the test allocates
class HessianOperatorTest {

    @Test
    void hessianVectorProductIsTheDerivativeOfTheGradientAndSymmetric() {
        ConvexPotential f = LogDetEstimatorsTest.potential(3, 21);
        Rng rng = Rng.seeded(22);
        INDArray x = rng.normal(DataType.DOUBLE, 6, 3);
        INDArray v = rng.normal(DataType.DOUBLE, 6, 3);
        INDArray u = rng.normal(DataType.DOUBLE, 6, 3);
        double eps = 1e-5;
        try (TensorScope scope = TensorScope.open()) {
            HessianOperator h = f.hessianAt(Tensor.constant(x), null);
            double[] hv = HostArrays.toDoubles(h.apply(Tensor.constant(v), false).value());
            double[] hu = HostArrays.toDoubles(h.apply(Tensor.constant(u), false).value());
            double[] gp = HostArrays.toDoubles(f.gradient(Tensor.constant(x.add(v.mul(eps))), null, false).value());
            double[] gm = HostArrays.toDoubles(f.gradient(Tensor.constant(x.sub(v.mul(eps))), null, false).value());
            for (int i = 0; i < hv.length; i++) {
                assertEquals((gp[i] - gm[i]) / (2 * eps), hv[i], 1e-7 * (1 + Math.abs(hv[i])), "entry " + i);
            }
            double[] uv = HostArrays.toDoubles(u);
            double[] vv = HostArrays.toDoubles(v);
            for (int b = 0; b < 6; b++) {
                double uHv = 0;
                double vHu = 0;
                for (int j = 0; j < 3; j++) {
                    uHv += uv[b * 3 + j] * hv[b * 3 + j];
                    vHu += vv[b * 3 + j] * hu[b * 3 + j];
                }
                assertEquals(uHv, vHu, 1e-12, "uᵀHv = vᵀHu in row " + b);
            }
        }
    }

    @Test
    void shapesAreChecked() {
        Tensor x = Tensor.variable(Rng.seeded(0).normal(DataType.DOUBLE, 3, 2));
        assertThrows(ShapeMismatchException.class, () -> new HessianOperator(x, x.narrow(1, 0, 1)));
        HessianOperator h = new HessianOperator(x, x.mul(3.0));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> h.apply(Tensor.constant(Rng.seeded(1).normal(DataType.DOUBLE, 2, 2)), false));
        assertEquals("v must have shape [3, 2]; got [2, 2]", e.getMessage());
    }
}
