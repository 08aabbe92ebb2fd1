package io.github.flows4j.core.sde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.SdeSolver;
import io.github.flows4j.core.sde.solver.Srk;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weak sanity: the sample mean and variance over many paths match the closed forms of the Ornstein–Uhlenbeck
 * process and of geometric Brownian motion, within a few standard errors (estimated from the sample itself) plus
 * the discretisation bias, which is far smaller at these steps.
 */
@SuppressWarnings("try") // grad-mode scopes are held for their side effect
class WeakSanityTest {
    private static final int PATHS = 4000;

    /** Sample mean, variance, and the standard errors of both. */
    private static double[] moments(INDArray y) {
        double[] v = y.dup().reshape(y.length()).toDoubleVector();
        int n = v.length;
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= n;
        double m2 = 0;
        double m4 = 0;
        for (double x : v) {
            double c = (x - mean) * (x - mean);
            m2 += c;
            m4 += c * c;
        }
        m2 /= n;
        m4 /= n;
        return new double[] {mean, m2, Math.sqrt(m2 / n), Math.sqrt((m4 - m2 * m2) / n)};
    }

    private static INDArray endState(SdeTerm term, SdeSolver solver, double x0, double t, long seed) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            Solution s = Sde.solve(term, solver, TimeSpan.of(0, t), Tensor.constant(SdeProblems.constant(PATHS, 1,
                    x0)), VirtualBrownianTree.of(0, t, PATHS, 1, seed), SdeOptions.builder().dt(t / 32).build());
            return s.y(1).value();
        }
    }

    @Test
    void ornsteinUhlenbeckMeanAndVariance() {
        double theta = 1.2;
        double sigma = 0.7;
        double x0 = 2.0;
        double t = 1.0;
        double[] m = moments(endState(SdeProblems.ou(theta, sigma, SdeType.ITO), new Srk(), x0, t, 31));
        double mean = x0 * Math.exp(-theta * t);
        double var = sigma * sigma / (2 * theta) * (1 - Math.exp(-2 * theta * t));
        System.out.printf("OU mean %.4f (exact %.4f, se %.4f), var %.4f (exact %.4f, se %.4f)%n", m[0], mean, m[2],
                m[1], var, m[3]);
        assertEquals(mean, m[0], 4 * m[2], "OU mean");
        assertEquals(var, m[1], 4 * m[3], "OU variance");
    }

    @Test
    void geometricBrownianMotionMeanAndVariance() {
        double mu = 0.4;
        double sigma = 0.5;
        double t = 1.0;
        double[] m = moments(endState(SdeProblems.gbm(mu, sigma, SdeType.ITO), new Milstein(), 1.0, t, 32));
        double mean = Math.exp(mu * t);
        double var = Math.exp(2 * mu * t) * (Math.exp(sigma * sigma * t) - 1);
        System.out.printf("GBM mean %.4f (exact %.4f, se %.4f), var %.4f (exact %.4f, se %.4f)%n", m[0], mean, m[2],
                m[1], var, m[3]);
        assertEquals(mean, m[0], 4 * m[2], "GBM mean");
        assertEquals(var, m[1], 4 * m[3], "GBM variance");
    }
}
