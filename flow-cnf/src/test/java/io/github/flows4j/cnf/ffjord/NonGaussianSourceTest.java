package io.github.flows4j.cnf.ffjord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.likelihood.CnfLikelihood;
import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.distributions.IsotropicGaussianMixture;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The likelihood of a flow from a non-Gaussian source is the change of variables with that source's log-density,
 * and maximum likelihood trains through it: checked on v(x) = a ⊙ x, whose flow x(1) = e^a ⊙ x(0) gives
 * log p₁(x) = log p₀(e^{−a} ⊙ x) − Σ a in closed form.
 */
class NonGaussianSourceTest {
    private static final IsotropicGaussianMixture SOURCE = new IsotropicGaussianMixture(
            Nd4j.createFromArray(new double[][] {{2, 0}, {-1, 1.5}, {0, -2}}), 0.6);

    /** v(x, t) = a ⊙ x with a trainable [1, 2] rate. */
    private static final class DiagonalField extends Module implements VelocityField {
        private final Tensor a;

        DiagonalField(double a0, double a1) {
            this.a = registerParameter("a", Nd4j.createFromArray(new double[][] {{a0, a1}}));
        }

        @Override
        public Tensor velocity(Tensor x, Tensor t) {
            return x.mul(a);
        }

        @Override
        public int dim() {
            return 2;
        }
    }

    private static double[] closedForm(double a0, double a1, INDArray x) {
        INDArray back = x.dup();
        back.getColumn(0).muli(Math.exp(-a0));
        back.getColumn(1).muli(Math.exp(-a1));
        INDArray lp = SOURCE.logProb(Tensor.constant(back)).value();
        double[] out = lp.reshape(lp.length()).toDoubleVector();
        for (int i = 0; i < out.length; i++) {
            out[i] -= a0 + a1;
        }
        return out;
    }

    @Test
    void exactLikelihoodIsTheChangeOfVariablesWithTheSourcesLogDensity() {
        INDArray x = SOURCE.sample(20, Rng.seeded(5), DataType.DOUBLE).mul(1.3);
        DiagonalField field = new DiagonalField(0.3, -0.5);
        INDArray lp = CnfLikelihood.builder().source(SOURCE).build().evaluate(field, x).logProb();
        double[] expected = closedForm(0.3, -0.5, x);
        double[] got = lp.reshape(lp.length()).toDoubleVector();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-4, "row " + i);
        }
        // not the Gaussian answer: the source matters
        INDArray gauss = CnfLikelihood.builder().build().evaluate(field, x).logProb();
        assertTrue(Math.abs(gauss.meanNumber().doubleValue() - lp.meanNumber().doubleValue()) > 0.1);
    }

    @Test
    void maximumLikelihoodGradientsFlowThroughTheSourceDensity() {
        INDArray x = SOURCE.sample(16, Rng.seeded(6), DataType.DOUBLE).mul(0.8);
        DiagonalField field = new DiagonalField(0.2, -0.1);
        MaximumLikelihoodLoss mle = MaximumLikelihoodLoss.ffjord(1e-8, 1e-8, SOURCE);
        Tensor loss = mle.loss(field, x, Rng.seeded(1));
        // Rademacher probes are exact for a diagonal Jacobian, so the loss is the closed form
        double[] lp = closedForm(0.2, -0.1, x);
        double mean = java.util.Arrays.stream(lp).average().orElseThrow();
        assertEquals(-mean, loss.item(), 1e-6);
        loss.backward();
        double[] grad = field.parameters().get("a").grad().toDoubleVector();
        double h = 1e-5;
        double[] fd = {
            (-avg(closedForm(0.2 + h, -0.1, x)) + avg(closedForm(0.2 - h, -0.1, x))) / (2 * h),
            (-avg(closedForm(0.2, -0.1 + h, x)) + avg(closedForm(0.2, -0.1 - h, x))) / (2 * h)};
        for (int j = 0; j < 2; j++) {
            assertEquals(fd[j], grad[j], 1e-5 * Math.max(1, Math.abs(fd[j])), "d loss / d a" + j);
        }
    }

    private static double avg(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    @Test
    void aSourceWithoutGradientsCannotBeTrainedFrom() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> MaximumLikelihoodLoss.ffjord(1e-5, 1e-5, Toy2d.EIGHT_GAUSSIANS.distribution()));
        assertTrue(e.getMessage().startsWith("source") && e.getMessage().contains("differentiable"), e.getMessage());
    }
}
