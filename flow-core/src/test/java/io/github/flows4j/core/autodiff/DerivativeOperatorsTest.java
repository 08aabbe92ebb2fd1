package io.github.flows4j.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Closed forms for the derivative operators: divergence, HVP, JVP, Jacobian, Hutchinson. */
class DerivativeOperatorsTest {

    private static final Rng RNG = Rng.seeded(11);

    @Test
    void divergenceOfALinearFieldIsTheTrace() {
        INDArray a = RNG.normal(DataType.DOUBLE, 4, 4);
        Tensor at = Tensor.constant(a);
        Tensor x = Tensor.constant(RNG.normal(DataType.DOUBLE, 6, 4));
        Autodiff.FieldDivergence fd = Autodiff.divergenceExact(z -> z.matmul(at, false, true), x, false);
        double trace = 0;
        for (int i = 0; i < 4; i++) {
            trace += a.getDouble(i, i);
        }
        assertArrayEquals(new long[] {6, 1}, fd.divergence().shape());
        for (int b = 0; b < 6; b++) {
            assertEquals(trace, fd.divergence().value().getDouble(b, 0), 1e-12);
        }
    }

    @Test
    void divergenceOfANonlinearFieldMatchesItsAnalyticForm() {
        // f(x) = tanh(x) elementwise: div = Σ (1 − tanh² x_i)
        INDArray xv = RNG.normal(DataType.DOUBLE, 5, 3);
        Autodiff.FieldDivergence fd = Autodiff.divergenceExact(Tensor::tanh, Tensor.constant(xv), false);
        INDArray t = org.nd4j.linalg.ops.transforms.Transforms.tanh(xv, true);
        INDArray expected = t.mul(t).rsub(1).sum(true, 1);
        assertTrue(expected.equalsWithEps(fd.divergence().value(), 1e-12));
    }

    @Test
    void hessianVectorProductOfAQuadraticIsAv() {
        INDArray m = RNG.normal(DataType.DOUBLE, 3, 3);
        INDArray a = m.add(m.transpose());            // symmetric
        Tensor at = Tensor.constant(a);
        Tensor x = Tensor.constant(RNG.normal(DataType.DOUBLE, 1, 3));
        INDArray v = RNG.normal(DataType.DOUBLE, 1, 3);
        // F(x) = ½ xᵀ A x → ∇²F = A
        Tensor hv = Autodiff.hvp(z -> z.matmul(at).mul(z).sum().mul(0.5), x, Tensor.constant(v), false);
        assertTrue(v.mmul(a).equalsWithEps(hv.value(), 1e-12), hv.value().toString());
    }

    @Test
    void jvpAndVjpAgreeWithTheJacobian() {
        INDArray w = RNG.normal(DataType.DOUBLE, 3, 3);
        Tensor wt = Tensor.constant(w);
        java.util.function.UnaryOperator<Tensor> f = z -> z.matmul(wt).tanh();
        Tensor x = Tensor.constant(RNG.normal(DataType.DOUBLE, 2, 3));
        Tensor jac = Autodiff.jacobian(f, x, false);             // [2, 3, 3]
        INDArray v = RNG.normal(DataType.DOUBLE, 2, 3);
        Tensor jv = Autodiff.jvp(f, x, Tensor.constant(v), false);
        Tensor vj = Autodiff.vjp(f, x, Tensor.constant(v), false);
        for (int b = 0; b < 2; b++) {
            INDArray jb = jac.value().slice(b);                  // [out, in]
            INDArray vb = v.getRow(b).reshape(3, 1);
            assertTrue(jb.mmul(vb).reshape(3).equalsWithEps(jv.value().getRow(b).reshape(3), 1e-12));
            assertTrue(jb.transpose().mmul(vb).reshape(3).equalsWithEps(vj.value().getRow(b).reshape(3), 1e-12));
        }
    }

    @Test
    void hutchinsonAveragesToTheExactDivergence() {
        INDArray w = RNG.normal(DataType.DOUBLE, 5, 5);
        Tensor wt = Tensor.constant(w);
        java.util.function.UnaryOperator<Tensor> f = z -> z.matmul(wt).tanh();
        Tensor x = Tensor.constant(RNG.normal(DataType.DOUBLE, 4, 5));
        INDArray exact = Autodiff.divergenceExact(f, x, false).divergence().value();
        for (Autodiff.Probe probe : Autodiff.Probe.values()) {
            Rng rng = Rng.seeded(5);
            int k = 4000;
            INDArray est = Autodiff.divergenceHutchinson(f, x, probe, k, rng, false).divergence().value();
            // standard error ≤ sqrt(2 ‖J‖_F² / k); ‖J‖_F ≤ ‖W‖_F here
            double se = Math.sqrt(2 * w.norm2Number().doubleValue() * w.norm2Number().doubleValue() / k);
            for (int b = 0; b < 4; b++) {
                assertEquals(exact.getDouble(b, 0), est.getDouble(b, 0), 4 * se, probe + " row " + b);
            }
        }
    }

    @Test
    void trainingThroughTheDivergenceGivesCorrectParameterGradients() {
        // d/dW of Σ_b div(x ↦ x Wᵀ) = d/dW (batch · tr W) = batch · I
        Tensor w = Tensor.variable(RNG.normal(DataType.DOUBLE, 3, 3));
        Tensor x = Tensor.constant(RNG.normal(DataType.DOUBLE, 7, 3));
        Tensor div = Autodiff.divergenceExact(z -> z.matmul(w, false, true), x, true).divergence();
        div.sum().backward();
        assertTrue(Nd4j.eye(3).castTo(DataType.DOUBLE).mul(7).equalsWithEps(w.grad(), 1e-12));
    }

    @Test
    void backwardAccumulatesIntoLeavesAndZeroGradResets() {
        Tensor w = Tensor.variable(Nd4j.createFromArray(2.0, 3.0));
        w.mul(w).sum().backward();
        w.mul(w).sum().backward();
        assertTrue(Nd4j.createFromArray(8.0, 12.0).equalsWithEps(w.grad(), 1e-12));
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void gradientOfAnUnusedInputIsZero() {
        Tensor a = Tensor.variable(Nd4j.createFromArray(1.0, 2.0));
        Tensor b = Tensor.variable(Nd4j.createFromArray(5.0));
        Tensor[] g = Autodiff.grad(a.square().sum(), a, b);
        assertEquals(0.0, g[1].value().getDouble(0), 0.0);
        assertTrue(Nd4j.createFromArray(2.0, 4.0).equalsWithEps(g[0].value(), 1e-12));
    }

    @Test
    void sharedSubexpressionsAccumulateGradients() {
        Tensor x = Tensor.variable(Nd4j.createFromArray(0.3, -0.7));
        Tensor y = x.tanh();
        Tensor z = y.mul(y).add(y.mul(3.0)).sum();        // d/dy = 2y + 3
        Tensor g = Autodiff.grad(z, x)[0];
        INDArray t = org.nd4j.linalg.ops.transforms.Transforms.tanh(x.value(), true);
        INDArray expected = t.mul(2).addi(3).muli(t.mul(t).rsubi(1));
        assertTrue(expected.equalsWithEps(g.value(), 1e-12));
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Tensor x = Tensor.variable(Nd4j.createFromArray(0.5));
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(1.0).add(0.0);
        }
        assertEquals(1.0, Autodiff.grad(y.sum(), x)[0].item(), 1e-12);
    }
}
