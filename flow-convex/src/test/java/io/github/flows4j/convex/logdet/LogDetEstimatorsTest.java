package io.github.flows4j.convex.logdet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.convex.cpflow.ConvexPotential;
import io.github.flows4j.convex.icnn.ConvexActivation;
import io.github.flows4j.convex.icnn.Icnn;
import io.github.flows4j.convex.icnn.IcnnConfig;
import io.github.flows4j.convex.testing.Hessians;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Exact, Lanczos and CG-surrogate log-determinants against dense linear algebra and each other. */
@SuppressWarnings("try") // scopes are opened only to release what the test allocates
class LogDetEstimatorsTest {

    /** A potential F = softplus(w₁) ICNN + softplus(w₀) ‖x‖²/2 with curvature that varies with x. */
    static ConvexPotential potential(int d, long seed) {
        Icnn g = new Icnn(IcnnConfig.builder().inputDim(d).width(12).depth(3)
                .activation(ConvexActivation.GAUSSIAN_SOFTPLUS_ZERO).dtype(DataType.DOUBLE).build(), Rng.seeded(seed));
        Rng rng = Rng.seeded(seed + 1);
        for (Tensor p : g.parameters().values()) {
            p.value().addi(rng.normal(DataType.DOUBLE, p.shape()).muli(0.8));
        }
        ConvexPotential f = new ConvexPotential(g, true);
        f.parameters().get("w1").value().assign(1.5);
        f.parameters().get("w0").value().assign(-1.0);
        return f;
    }

    @Test
    void exactMatchesDenseLinearAlgebra() {
        ConvexPotential f = potential(3, 1);
        INDArray x = Rng.seeded(2).normal(DataType.DOUBLE, 10, 3).muli(2);
        try (TensorScope scope = TensorScope.open()) {
            HessianOperator h = f.hessianAt(Tensor.constant(x), null);
            double[][][] dense = Hessians.of(h);
            double[] exact = HostArrays.toDoubles(ExactLogDet.evaluation().estimate(h, null).value());
            for (int b = 0; b < dense.length; b++) {
                assertEquals(Hessians.logDet(dense[b]), exact[b], 1e-10, "row " + b);
            }
        }
    }

    @Test
    void exactOnAKnownQuadratic() {
        // F(x) = ½ xᵀ A x: H = A everywhere
        double[][] a = {{2, 0.5, 0}, {0.5, 1, 0.2}, {0, 0.2, 3}};
        INDArray am = Nd4j.createFromArray(a);
        Tensor x = Tensor.variable(Rng.seeded(3).normal(DataType.DOUBLE, 4, 3));
        Tensor grad = x.matmul(Tensor.constant(am));
        Tensor logDet = ExactLogDet.evaluation().estimate(new HessianOperator(x, grad), null);
        for (double v : HostArrays.toDoubles(logDet.value())) {
            assertEquals(Hessians.logDet(a), v, 1e-12);
        }
    }

    @Test
    void lanczosWithFullStepsIsExactForADiagonalHessian() {
        // H = diag(h): a Rademacher probe gives d · Σ (v_i²/d) log h_i = Σ log h_i exactly
        INDArray diag = Nd4j.createFromArray(new double[] {0.5, 2, 7, 1.3});
        Tensor x = Tensor.variable(Rng.seeded(4).normal(DataType.DOUBLE, 6, 4));
        Tensor grad = x.mul(Tensor.constant(diag));
        HessianOperator h = new HessianOperator(x, grad);
        double expected = Math.log(0.5) + Math.log(2) + Math.log(7) + Math.log(1.3);
        for (double v : HostArrays.toDoubles(new StochasticLanczos(4, 1).estimate(h, Rng.seeded(5)).value())) {
            assertEquals(expected, v, 1e-12);
        }
    }

    @Test
    void lanczosAndExactAgreeOnAnIcnnPotential() {
        ConvexPotential f = potential(3, 6);
        INDArray x = Rng.seeded(7).normal(DataType.DOUBLE, 12, 3);
        int copies = 1000;   // each point repeated: 1000 independent probes in one batched run
        try (TensorScope scope = TensorScope.open()) {
            double[] exact = HostArrays.toDoubles(
                    ExactLogDet.evaluation().estimate(f.hessianAt(Tensor.constant(x), null), null).value());
            HessianOperator h = f.hessianAt(Tensor.constant(x.repeat(0, copies)), null);
            double[] slq = HostArrays.toDoubles(new StochasticLanczos(3, 1).estimate(h, Rng.seeded(8)).value());
            for (int b = 0; b < exact.length; b++) {
                double mean = 0;
                double sq = 0;
                for (int c = 0; c < copies; c++) {
                    mean += slq[b * copies + c] / copies;
                }
                for (int c = 0; c < copies; c++) {
                    sq += Math.pow(slq[b * copies + c] - mean, 2) / (copies - 1);
                }
                double se = Math.sqrt(sq / copies);
                assertTrue(se < 0.05, "standard error " + se + " too large for a meaningful test");
                assertEquals(exact[b], mean, 4 * se + 1e-12, "row " + b + " (4 standard errors)");
            }
        }
    }

    @Test
    void conjugateGradientSolvesAHessianSystemToTolerance() {
        ConvexPotential f = potential(4, 16);
        INDArray x = Rng.seeded(17).normal(DataType.DOUBLE, 8, 4);
        INDArray v = Rng.seeded(18).rademacher(DataType.DOUBLE, 8, 4);
        try (TensorScope scope = TensorScope.open()) {
            HessianOperator h = f.hessianAt(Tensor.constant(x), null);
            CgResult r = ConjugateGradient.solve(h.matVec(), v, new CgConfig(50, 1e-10, 0));
            assertTrue(r.converged());
            INDArray residual = v.sub(h.matVec().apply(r.solution()));
            assertTrue(residual.amaxNumber().doubleValue() < 1e-9, "max |v − H u| = " + residual.amaxNumber());
            double[][][] dense = Hessians.of(h);
            double[] u = HostArrays.toDoubles(r.solution());
            double[] vv = HostArrays.toDoubles(v);
            for (int b = 0; b < 8; b++) {
                for (int i = 0; i < 4; i++) {
                    double hu = 0;
                    for (int j = 0; j < 4; j++) {
                        hu += dense[b][i][j] * u[b * 4 + j];
                    }
                    assertEquals(vv[b * 4 + i], hu, 1e-9);
                }
            }
        }
    }

    @Test
    void exactLogDetGradientMatchesFiniteDifferences() {
        ConvexPotential f = potential(2, 9);
        INDArray x = Rng.seeded(10).normal(DataType.DOUBLE, 5, 2);
        Map<String, Tensor> params = f.parameters();
        Tensor w = params.get("net.first.weight");
        double analytic;
        try (TensorScope scope = TensorScope.open()) {
            Tensor total = ExactLogDet.differentiable().estimate(f.hessianAt(Tensor.constant(x), null), null).sum();
            analytic = Autodiff.grad(total, w)[0].value().getDouble(1, 0);
        }
        double eps = 1e-5;
        double w0 = w.value().getDouble(1, 0);
        w.value().putScalar(1, 0, w0 + eps);
        double plus = totalLogDet(f, x);
        w.value().putScalar(1, 0, w0 - eps);
        double minus = totalLogDet(f, x);
        w.value().putScalar(1, 0, w0);
        assertEquals((plus - minus) / (2 * eps), analytic, 1e-6 * (1 + Math.abs(analytic)));
    }

    static double totalLogDet(ConvexPotential f, INDArray x) {
        try (TensorScope scope = TensorScope.open()) {
            return ExactLogDet.evaluation().estimate(f.hessianAt(Tensor.constant(x), null), null).sum().item();
        }
    }

    /**
     * The surrogate's gradient is unbiased for ∇ log det: averaged over many probes (each point repeated K times,
     * every copy with its own probe) it matches the exact gradient in every parameter.
     */
    @Test
    void surrogateGradientMatchesTheExactGradientInExpectation() {
        ConvexPotential f = potential(3, 11);
        INDArray x = Rng.seeded(12).normal(DataType.DOUBLE, 4, 3);
        List<Tensor> params = new ArrayList<>(f.parameters().values());
        Tensor[] ps = params.toArray(new Tensor[0]);
        double[] exact;
        try (TensorScope scope = TensorScope.open()) {
            Tensor total = ExactLogDet.differentiable().estimate(f.hessianAt(Tensor.constant(x), null), null).sum();
            exact = flatten(Autodiff.grad(new Tensor[] {total}, ps, null, false));
        }
        int copies = 3000;
        INDArray tiled = x.repeat(0, copies);       // [4·K, 3], each point K times
        CgLogDetGradient est = new CgLogDetGradient(new CgConfig(20, 1e-12, 0), 1);
        double[] stochastic;
        double meanValue;
        try (TensorScope scope = TensorScope.open()) {
            Tensor s = est.estimate(f.hessianAt(Tensor.constant(tiled), null), Rng.seeded(13));
            meanValue = s.mean().item();
            stochastic = flatten(Autodiff.grad(new Tensor[] {s.sum().mul(1.0 / copies)}, ps, null, false));
        }
        double err = 0;
        double norm = 0;
        for (int i = 0; i < exact.length; i++) {
            err += (stochastic[i] - exact[i]) * (stochastic[i] - exact[i]);
            norm += exact[i] * exact[i];
        }
        assertTrue(Math.sqrt(err / norm) < 0.05, "relative error of the averaged surrogate gradient: "
                + Math.sqrt(err / norm));
        // the surrogate's value is vᵀ H H⁻¹ v = d, not the log-determinant
        assertEquals(3.0, meanValue, 1e-6);
        assertTrue(est.isSurrogate());
    }

    static double[] flatten(Tensor[] grads) {
        List<Double> out = new ArrayList<>();
        for (Tensor g : grads) {
            for (double v : HostArrays.toDoubles(g.value())) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void aNonConvexPotentialIsReportedNotSilentlyLogged() {
        // F = −‖x‖²/2 has H = −I
        Tensor x = Tensor.variable(Rng.seeded(14).normal(DataType.DOUBLE, 3, 2));
        HessianOperator h = new HessianOperator(x, x.neg());
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> ExactLogDet.evaluation().estimate(h, null));
        assertTrue(e.getMessage().startsWith("the Hessian must be positive definite; row 0"), e.getMessage());
        assertThrows(NonFiniteException.class, () -> new StochasticLanczos(2, 1).estimate(h, Rng.seeded(1)));
    }

    @Test
    void flagsAndArguments() {
        assertFalse(ExactLogDet.evaluation().isSurrogate());
        assertFalse(ExactLogDet.evaluation().isDifferentiable());
        assertTrue(ExactLogDet.differentiable().isDifferentiable());
        assertFalse(new StochasticLanczos(2, 1).isDifferentiable());
        Tensor x = Tensor.variable(Rng.seeded(15).normal(DataType.DOUBLE, 3, 2));
        HessianOperator h = new HessianOperator(x, x.mul(2.0));
        assertThrows(io.github.flows4j.core.InvalidConfigException.class,
                () -> new CgLogDetGradient(CgConfig.fixed(2), 1).estimate(h, null));
        assertThrows(io.github.flows4j.core.InvalidConfigException.class, () -> new StochasticLanczos(0, 1));
        assertThrows(io.github.flows4j.core.InvalidConfigException.class,
                () -> new HessianOperator(Tensor.constant(x.value()), x));
    }
}
