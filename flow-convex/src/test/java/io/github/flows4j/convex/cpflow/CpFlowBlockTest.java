package io.github.flows4j.convex.cpflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.convex.icnn.ConvexActivation;
import io.github.flows4j.convex.icnn.Icnn;
import io.github.flows4j.convex.icnn.IcnnConfig;
import io.github.flows4j.convex.icnn.Picnn;
import io.github.flows4j.convex.icnn.PicnnConfig;
import io.github.flows4j.convex.logdet.ExactLogDet;
import io.github.flows4j.convex.testing.Hessians;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.optim.LbfgsConfig;
import io.github.flows4j.core.optim.LbfgsResult;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The block's map is ∇F, its Jacobian is the SPD Hessian, and L-BFGS inverts it. */
@SuppressWarnings("try") // scopes are opened only to release what the test allocates
class CpFlowBlockTest {

    /** A block with a non-trivial potential: ICNN weights spread, ActNorms initialised, w₁ raised. */
    static CpFlowBlock block(int d, DataType type, long seed) {
        Icnn g = new Icnn(IcnnConfig.builder().inputDim(d).width(16).depth(3)
                .activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO).augmented(true).actNorm(true)
                .symmetricFirst(true).dtype(type).build(), Rng.seeded(seed));
        Rng rng = Rng.seeded(seed + 1);
        for (Tensor p : g.parameters().values()) {
            p.value().addi(rng.normal(type, p.shape()).muli(0.5));
        }
        g.initialize(rng.normal(type, 128, d).muli(2), null);
        ConvexPotential f = new ConvexPotential(g, true);
        f.parameters().get("w1").value().assign(1.0);
        f.parameters().get("w0").value().assign(-1.0);
        return new CpFlowBlock(f);
    }

    @Test
    void theMapIsTheGradientOfThePotential() {
        CpFlowBlock b = block(3, DataType.DOUBLE, 1);
        INDArray x = Rng.seeded(2).normal(DataType.DOUBLE, 5, 3);
        double[] f = HostArrays.toDoubles(b.transform(x, null));
        double eps = 1e-6;
        for (int j = 0; j < 3; j++) {
            INDArray plus = x.dup();
            INDArray minus = x.dup();
            plus.getColumn(j).addi(eps);
            minus.getColumn(j).subi(eps);
            double[] fp = potential(b, plus);
            double[] fm = potential(b, minus);
            for (int r = 0; r < 5; r++) {
                double fd = (fp[r] - fm[r]) / (2 * eps);
                assertEquals(fd, f[r * 3 + j], 1e-7 * (1 + Math.abs(fd)), "row " + r + ", ∂F/∂x" + j);
            }
        }
    }

    static double[] potential(CpFlowBlock b, INDArray x) {
        try (TensorScope scope = TensorScope.open()) {
            return HostArrays.toDoubles(b.potential().forward(Tensor.constant(x), null).value());
        }
    }

    @Test
    void theJacobianIsTheHessianSymmetricAndAboveTheStrongConvexityBound() {
        CpFlowBlock b = block(2, DataType.DOUBLE, 3);
        INDArray x = Rng.seeded(4).normal(DataType.DOUBLE, 30, 2).muli(3);
        double floor = b.potential().strongConvexity();
        try (TensorScope scope = TensorScope.open()) {
            Tensor jac = Autodiff.jacobian(z -> b.potential().gradient(z, null, true), Tensor.constant(x), false);
            double[] j = HostArrays.toDoubles(jac.value());
            double[] logDet = HostArrays.toDoubles(b.forward(Tensor.constant(x), null, ExactLogDet.evaluation(), null)
                    .logDet().value());
            for (int r = 0; r < 30; r++) {
                double[][] m = {{j[r * 4], j[r * 4 + 1]}, {j[r * 4 + 2], j[r * 4 + 3]}};
                assertTrue(Hessians.asymmetry(m) < 1e-10, "Jacobian of ∇F must be symmetric");
                for (double l : Hessians.eigenvalues(m)) {
                    assertTrue(l >= floor - 1e-10, "eigenvalue " + l + " below softplus(w0) = " + floor);
                }
                assertEquals(Math.log(m[0][0] * m[1][1] - m[0][1] * m[1][0]), logDet[r], 1e-10, "log det, row " + r);
            }
        }
    }

    @Test
    void inverseRoundTrip() {
        CpFlowBlock b = block(3, DataType.DOUBLE, 5);
        INDArray x = Rng.seeded(6).normal(DataType.DOUBLE, 64, 3).muli(2);
        INDArray y = b.transform(x, null);
        LbfgsResult r = b.invert(y, null);
        assertTrue(r.allConverged(), r.summary());
        INDArray back = b.inverse(y, null);
        double err = HostArrays.toDoubles(org.nd4j.linalg.ops.transforms.Transforms.abs(back.sub(x))).length == 0 ? 0
                : back.sub(x).amaxNumber().doubleValue();
        assertTrue(err < 1e-8, "max |f⁻¹(f(x)) − x| = " + err);
    }

    @Test
    void inverseRoundTripInFloat32() {
        CpFlowBlock b = block(2, DataType.FLOAT, 7);
        INDArray x = Rng.seeded(8).normal(DataType.FLOAT, 32, 2);
        INDArray back = b.inverse(b.transform(x, null), null);
        assertEquals(DataType.FLOAT, back.dataType());
        assertTrue(back.sub(x).amaxNumber().doubleValue() < 1e-3);
    }

    @Test
    void conditionalBlockRoundTrip() {
        Picnn g = new Picnn(PicnnConfig.builder().inputDim(2).contextDim(1).width(12).depth(3)
                .dtype(DataType.DOUBLE).build(), Rng.seeded(9));
        Rng rng = Rng.seeded(10);
        for (Tensor p : g.parameters().values()) {
            p.value().addi(rng.normal(DataType.DOUBLE, p.shape()).muli(0.5));
        }
        CpFlowBlock b = new CpFlowBlock(new ConvexPotential(g, true));
        INDArray x = rng.normal(DataType.DOUBLE, 20, 2);
        INDArray c = rng.normal(DataType.DOUBLE, 20, 1);
        INDArray y = b.transform(x, c);
        INDArray back = b.inverse(y, c);
        assertTrue(back.sub(x).amaxNumber().doubleValue() < 1e-8);
        INDArray otherContext = b.transform(x, c.add(1.0));
        assertTrue(otherContext.sub(y).amaxNumber().doubleValue() > 1e-4, "the context changes the map");
    }

    @Test
    void aFailedInversionCarriesTheSolverResult() {
        CpFlowBlock b = block(2, DataType.DOUBLE, 11);
        CpFlowBlock oneStep = new CpFlowBlock(b.potential(), LbfgsConfig.builder().maxIterations(1)
                .gradientTolerance(1e-14).build());
        INDArray y = Rng.seeded(12).normal(DataType.DOUBLE, 4, 2).muli(5);
        InversionException e = assertThrows(InversionException.class, () -> oneStep.inverse(y, null));
        assertTrue(e.getMessage().contains("max iterations reached — raise maxIterations"), e.getMessage());
        assertEquals(4, e.result().outcomes().length);
        ShapeMismatchException s = assertThrows(ShapeMismatchException.class,
                () -> b.inverse(Rng.seeded(0).normal(DataType.DOUBLE, 4, 3), null));
        assertEquals("y must have shape [batch, 2]; got [4, 3]", s.getMessage());
    }
}
