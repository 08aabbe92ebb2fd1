package io.github.flows4j.cnf.divfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.nn.Activation;
import io.github.flows4j.core.optim.Adam;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DivFreeNetworkTest {
    private static DivFreeNetwork net(int d, Construction c, int cond, Rng rng) {
        return DivFreeNetwork.builder().dim(d).conditionDim(cond).construction(c).hidden(12, 12)
                .activation(Activation.TANH).dtype(DataType.DOUBLE).build(rng);
    }

    @ParameterizedTest
    @EnumSource(Construction.class)
    void divergenceIsZeroToRoundingForDimensionsTwoToEight(Construction c) {
        Rng rng = Rng.seeded(3);
        for (int d = 2; d <= 8; d++) {
            DivFreeNetwork v = net(d, c, 0, rng.split());
            Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 6, d));
            // independent check: the trace of the full Jacobian from the generic autodiff
            Tensor jac = Autodiff.jacobian(v::velocity, x, false);
            INDArray j = jac.value();
            double scale = Math.max(1e-3, j.amaxNumber().doubleValue());
            for (int b = 0; b < 6; b++) {
                double trace = 0;
                for (int i = 0; i < d; i++) {
                    trace += j.getDouble(b, i, i);
                }
                assertTrue(Math.abs(trace) <= 1e-12 * scale * d,
                        c + " d=" + d + " row " + b + ": div = " + trace + " (Jacobian scale " + scale + ")");
            }
            assertTrue(j.amaxNumber().doubleValue() > 1e-4, "the Jacobian must not be trivially zero; d=" + d);
        }
    }

    @Test
    void twoDimensionalMatrixFieldIsTheStreamFunctionField() {
        DivFreeNetwork v = net(2, Construction.MATRIX, 0, Rng.seeded(5));
        Tensor x = Tensor.variable(Rng.seeded(6).normal(DataType.DOUBLE, 7, 2));
        Tensor psi = v.potential(x, null);
        INDArray g = Autodiff.grad(psi.sum(), x)[0].value();
        INDArray expected = Nd4j.hstack(g.getColumn(1).reshape(7, 1), g.getColumn(0).neg().reshape(7, 1));
        assertClose(expected, v.velocity(x.detach()).value(), 1e-12);
    }

    @Test
    void threeDimensionalMatrixFieldIsTheCurlOfTheVectorPotential() {
        DivFreeNetwork v = net(3, Construction.MATRIX, 0, Rng.seeded(8));
        Tensor x = Tensor.constant(Rng.seeded(9).normal(DataType.DOUBLE, 5, 3));
        // ψ = (A12, −A02, A01)
        INDArray j = Autodiff.jacobian(z -> {
            Tensor a = v.potential(z, null);
            return Tensor.concat(1, a.narrow(1, 2, 1), a.narrow(1, 1, 1).neg(), a.narrow(1, 0, 1));
        }, x, false).value();
        assertClose(curl(j), v.velocity(x).value(), 1e-12);
    }

    @Test
    void threeDimensionalVectorFieldIsMinusCurlCurl() {
        DivFreeNetwork v = net(3, Construction.VECTOR, 0, Rng.seeded(10));
        Tensor x = Tensor.constant(Rng.seeded(11).normal(DataType.DOUBLE, 4, 3));
        INDArray jcc = Autodiff.jacobian(z -> {
            Tensor jb = Autodiff.jacobian(y -> v.potential(y, null), z, true);   // [batch, 3, 3]
            long n = z.size(0);
            Tensor[] c = new Tensor[3];
            int[][] idx = {{2, 1, 1, 2}, {0, 2, 2, 0}, {1, 0, 0, 1}}; // curl_i = ∂_a b_b − ∂_c b_e
            for (int i = 0; i < 3; i++) {
                c[i] = entry(jb, idx[i][0], idx[i][1], n).sub(entry(jb, idx[i][2], idx[i][3], n));
            }
            return Tensor.concat(1, c);
        }, x, false).value();
        assertClose(curl(jcc).neg(), v.velocity(x).value(), 1e-11);
    }

    @Test
    void twoDimensionalVectorFieldIsTheStreamFieldOfTheCurl() {
        DivFreeNetwork v = net(2, Construction.VECTOR, 0, Rng.seeded(12));
        Tensor x = Tensor.constant(Rng.seeded(13).normal(DataType.DOUBLE, 5, 2));
        // ψ = A01 = ∂_1 b_0 − ∂_0 b_1; v = (∂_1 ψ, −∂_0 ψ)
        Tensor xv = x.detach().asVariable();
        Tensor jb = Autodiff.jacobian(y -> v.potential(y, null), xv, true);
        Tensor psi = entry(jb, 0, 1, 5).sub(entry(jb, 1, 0, 5));
        INDArray g = Autodiff.grad(psi.sum(), xv)[0].value();
        INDArray expected = Nd4j.hstack(g.getColumn(1).reshape(5, 1), g.getColumn(0).neg().reshape(5, 1));
        assertClose(expected, v.velocity(x).value(), 1e-11);
    }

    @ParameterizedTest
    @EnumSource(Construction.class)
    void parameterGradientsPassFiniteDifferenceChecks(Construction c) {
        DivFreeNetwork v = DivFreeNetwork.builder().dim(3).conditionDim(1).construction(c).hidden(5)
                .activation(Activation.TANH).dtype(DataType.DOUBLE).build(Rng.seeded(14));
        Rng rng = Rng.seeded(15);
        Tensor x = Tensor.constant(rng.normal(DataType.DOUBLE, 4, 3));
        Tensor t = Tensor.constant(rng.uniform(DataType.DOUBLE, 4, 1));
        Tensor w = Tensor.constant(rng.normal(DataType.DOUBLE, 4, 3));
        GradCheck.checkParameters(() -> v.velocity(x, t).mul(w).sum(), v.parameters(), 1e-6, 1e-6);
    }

    @ParameterizedTest
    @EnumSource(Construction.class)
    @SuppressWarnings("try")
    void trainingThroughTheConstructionFitsARotationField(Construction c) {
        // the rotation (-x1, x0, 0) is divergence-free, so both constructions can represent it
        DivFreeNetwork v = DivFreeNetwork.builder().dim(3).construction(c).hidden(16).activation(Activation.TANH)
                .dtype(DataType.DOUBLE).build(Rng.seeded(30));
        INDArray xs = Rng.seeded(31).normal(DataType.DOUBLE, 64, 3);
        INDArray target = Nd4j.hstack(xs.getColumn(1).neg().reshape(64, 1), xs.getColumn(0).reshape(64, 1),
                Nd4j.zeros(DataType.DOUBLE, 64, 1));
        Adam adam = Adam.of(v.parameters(), 1e-2);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 60; step++) {
            try (TensorScope scope = TensorScope.open()) {
                adam.zeroGrad();
                Tensor loss = v.velocity(Tensor.constant(xs)).sub(Tensor.constant(target)).square().mean();
                loss.backward();
                adam.step();
                last = loss.item();
                first = step == 0 ? last : first;
            }
        }
        assertTrue(last < 0.5 * first, c + ": loss " + first + " -> " + last);
    }

    @ParameterizedTest
    @EnumSource(Construction.class)
    void inputGradientsPassFiniteDifferenceChecks(Construction c) {
        DivFreeNetwork v = net(3, c, 0, Rng.seeded(16));
        GradCheck.check(in -> v.velocity(in[0]), Rng.seeded(17).normal(DataType.DOUBLE, 3, 3));
    }

    @Test
    @SuppressWarnings("try")
    void periodicFieldIsPeriodicAndDivergenceFree() {
        DivFreeNetwork v = DivFreeNetwork.builder().dim(4).periodic(true).hidden(10).activation(Activation.TANH)
                .dtype(DataType.DOUBLE).build(Rng.seeded(18));
        INDArray x = Rng.seeded(19).uniform(0, 2 * Math.PI, DataType.DOUBLE, 5, 4);
        INDArray shifted = x.dup();
        shifted.getColumn(2).addi(2 * Math.PI);
        try (GradMode.Scope off = GradMode.noGrad()) {
            assertClose(v.velocity(Tensor.constant(x)).value(), v.velocity(Tensor.constant(shifted)).value(), 1e-12);
        }
        Autodiff.FieldDivergence fd = Autodiff.divergenceExact(v::velocity, Tensor.constant(x), false);
        assertTrue(fd.divergence().value().amaxNumber().doubleValue() < 1e-12);
    }

    @Test
    @SuppressWarnings("try")
    void evaluationWithoutGradModeGivesThePlainValue() {
        DivFreeNetwork v = net(3, Construction.MATRIX, 0, Rng.seeded(20));
        Tensor x = Tensor.constant(Rng.seeded(21).normal(DataType.DOUBLE, 4, 3));
        INDArray trained = v.velocity(x).value().dup();
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor u = v.velocity(x);
            assertTrue(!u.requiresGrad());
            assertClose(trained, u.value(), 0);
        }
    }

    @Test
    void badInputRaisesTypedErrors() {
        assertThrows(InvalidConfigException.class, () -> DivFreeNetwork.builder().dim(1).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> DivFreeNetwork.builder().dim(2).hidden().build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class,
                () -> DivFreeNetwork.builder().dim(2).activation(Activation.RELU).build(Rng.seeded(0)));
        assertThrows(InvalidConfigException.class, () -> DivergenceFree.entries(1));
        DivFreeNetwork v = net(3, Construction.MATRIX, 0, Rng.seeded(0));
        assertThrows(ShapeMismatchException.class,
                () -> v.velocity(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 4, 2))));
        assertThrows(ShapeMismatchException.class,
                () -> v.velocity(Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 4, 3)),
                        Tensor.constant(Nd4j.zeros(4, 1))));
        INDArray nan = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        nan.putScalar(2, 1, Double.NaN);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> v.velocity(Tensor.constant(nan)));
        assertTrue(e.getMessage().contains("x"), e.getMessage());
        ShapeMismatchException w = assertThrows(ShapeMismatchException.class,
                () -> DivergenceFree.fromMatrix(z -> z, Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 4, 4)), false));
        assertTrue(w.getMessage().contains("[4, 6]") && w.getMessage().contains("[4, 4]"), w.getMessage());
        assertThrows(InvalidConfigException.class,
                () -> DivergenceFree.fromVector(z -> z, Tensor.constant(Nd4j.zeros(DataType.DOUBLE, 4, 1)), false));
        assertEquals(5, DivergenceFree.entryIndex(2, 3, 4));
        assertEquals(0, DivergenceFree.entryIndex(0, 1, 4));
        assertThrows(InvalidConfigException.class, () -> DivergenceFree.entryIndex(2, 2, 4));
    }

    /** curl from a [batch, 3, 3] Jacobian J[b, i, j] = ∂_j ψ_i. */
    private static INDArray curl(INDArray j) {
        long n = j.size(0);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, n, 3);
        for (int b = 0; b < n; b++) {
            out.putScalar(b, 0, j.getDouble(b, 2, 1) - j.getDouble(b, 1, 2));
            out.putScalar(b, 1, j.getDouble(b, 0, 2) - j.getDouble(b, 2, 0));
            out.putScalar(b, 2, j.getDouble(b, 1, 0) - j.getDouble(b, 0, 1));
        }
        return out;
    }

    /** The [batch, 1] column J[:, i, j] of a [batch, 3, 3] tensor. */
    private static Tensor entry(Tensor jac, int i, int j, long n) {
        long d = jac.size(1);
        return jac.reshape(n, d * d).narrow(1, i * d + j, 1);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol) {
        assertEquals(expected.rank(), actual.rank());
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double err = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(err <= tol * scale, "max error " + err + " > " + tol * scale + "\nexpected " + expected
                + "\nactual " + actual);
    }
}
