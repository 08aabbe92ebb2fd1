package io.github.flows4j.cnf.likelihood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.cnf.sample.FlowSampler;
import io.github.flows4j.cnf.sample.Samples;
import io.github.flows4j.core.NonFiniteException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.random.Rng;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A linear field v(x) = A x pushes N(0, I) to N(0, M Mᵀ) with M = exp(A): the likelihood has a closed form.
 */
class CnfLikelihoodTest {
    private static final double[][] A = {{0.3, -0.4}, {0.2, 0.1}};

    static SolveOptions pi(double rtol, double atol) {
        return SolveOptions.builder().controller(PIController.of(rtol, atol)).build();
    }

    /** v(x, t) = A x. */
    static final class LinearField implements VelocityField {
        private final Tensor a = Tensor.constant(Nd4j.createFromArray(A));

        @Override
        public Tensor velocity(Tensor x, Tensor t) {
            return x.matmul(a.cast(x.dtype()), false, true);
        }

        @Override
        public int dim() {
            return 2;
        }
    }

    /** exp(A) by its series. */
    static RealMatrix expm() {
        RealMatrix a = new Array2DRowRealMatrix(A);
        RealMatrix term = org.apache.commons.math3.linear.MatrixUtils.createRealIdentityMatrix(2);
        RealMatrix sum = term.copy();
        for (int k = 1; k < 30; k++) {
            term = term.multiply(a).scalarMultiply(1.0 / k);
            sum = sum.add(term);
        }
        return sum;
    }

    /** log N(x; 0, M Mᵀ) per row. */
    static double[] closedForm(INDArray x) {
        RealMatrix m = expm();
        RealMatrix cov = m.multiply(m.transpose());
        LUDecomposition lu = new LUDecomposition(cov);
        RealMatrix inv = lu.getSolver().getInverse();
        double logDet = Math.log(lu.getDeterminant());
        double[] xs = HostArrays.toDoubles(x);
        int n = xs.length / 2;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double a = xs[2 * i];
            double b = xs[2 * i + 1];
            double q = a * (inv.getEntry(0, 0) * a + inv.getEntry(0, 1) * b) + b * (inv.getEntry(1, 0) * a
                    + inv.getEntry(1, 1) * b);
            out[i] = -0.5 * q - 0.5 * logDet - Math.log(2 * Math.PI);
        }
        return out;
    }

    @Test
    void exactLikelihoodOfALinearFlowMatchesTheClosedForm() {
        INDArray x = Rng.seeded(1).normal(DataType.DOUBLE, 50, 2);
        CnfLikelihood lik = CnfLikelihood.builder().solve(new Dopri5(), pi(1e-9, 1e-11)).build();
        LogLikelihood ll = lik.evaluate(new LinearField(), x);
        double[] got = HostArrays.toDoubles(ll.logProb());
        double[] want = closedForm(x);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4, "row " + i);
        }
        assertTrue(ll.stats().functionEvaluations() > 0);
    }

    @Test
    void hutchinsonLikelihoodIsUnbiased() {
        INDArray x = Rng.seeded(2).normal(DataType.DOUBLE, 2000, 2);
        CnfLikelihood lik = CnfLikelihood.builder().solve(new Dopri5(), pi(1e-7, 1e-9))
                .divergence(DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 1)).build();
        double got = lik.evaluate(new LinearField(), x, Rng.seeded(3)).mean();
        double want = java.util.Arrays.stream(closedForm(x)).average().orElseThrow();
        // per-row error is ±(off-diagonal of ∫A) = ±0.2·... ; the mean over 2000 rows is within 0.02
        assertEquals(want, got, 0.02);
    }

    @Test
    void samplingWithLikelihoodAgreesWithScoring() {
        INDArray x0 = Rng.seeded(4).normal(DataType.DOUBLE, 40, 2);
        FlowSampler sampler = FlowSampler.builder().solve(new Dopri5(), pi(1e-9, 1e-11)).logLikelihood(true)
                .trajectory(true).grid(0, 0.5, 1).build();
        Samples s = sampler.sample(new LinearField(), x0, null);
        assertEquals(3, s.trajectory().size());
        double[] want = closedForm(s.x1());
        double[] got = HostArrays.toDoubles(s.logProb());
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6, "row " + i);
        }
        // the sample equals exp(A) x0
        RealMatrix m = expm();
        double[] xs = HostArrays.toDoubles(x0);
        double[] ys = HostArrays.toDoubles(s.x1());
        assertEquals(m.getEntry(0, 0) * xs[0] + m.getEntry(0, 1) * xs[1], ys[0], 1e-7);
    }

    @Test
    void bitsPerDimConvertsNats() {
        assertEquals(1.0, CnfLikelihood.bitsPerDim(-2 * Math.log(2), 2), 1e-12);
    }

    @Test
    void badInputIsRejected() {
        CnfLikelihood lik = CnfLikelihood.builder().build();
        assertThrows(ShapeMismatchException.class,
                () -> lik.evaluate(new LinearField(), Nd4j.zeros(DataType.DOUBLE, 4, 3)));
        INDArray nan = Nd4j.zeros(DataType.DOUBLE, 4, 2);
        nan.putScalar(3, Double.NaN);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> lik.evaluate(new LinearField(), nan));
        assertTrue(e.getMessage().startsWith("x "), e.getMessage());
    }
}
