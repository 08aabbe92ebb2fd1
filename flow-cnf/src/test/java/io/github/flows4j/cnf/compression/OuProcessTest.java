package io.github.flows4j.cnf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.Sdeint;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OuProcessTest {

    @Test
    void bridgeMatchesTheGaussianConditioningClosedForm() {
        OuProcess ou = new OuProcess(1.3, 0.6);
        double a = 0.2;
        double b = 1.7;
        double za = 0.8;
        double zb = -0.4;
        for (double t : new double[] {0.2, 0.5, 1.0, 1.6, 1.7}) {
            // condition N(z_t | z_a) on z_b = z_t e^{-theta (b-t)} + noise
            double v1 = ou.transitionVariance(t - a);
            double v2 = ou.transitionVariance(b - t);
            double f = Math.exp(-ou.theta() * (b - t));
            double m1 = ou.transitionMean(za, t - a);
            double mean;
            double var;
            if (v1 == 0) {
                mean = za;
                var = 0;
            } else if (v2 == 0) {
                mean = zb;
                var = 0;
            } else {
                double prec = 1 / v1 + f * f / v2;
                mean = (m1 / v1 + f * zb / v2) / prec;
                var = 1 / prec;
            }
            assertEquals(mean, ou.bridgeMean(za, zb, a, b, t), 1e-12, "mean at " + t);
            assertEquals(var, ou.bridgeVariance(a, b, t), 1e-12, "variance at " + t);
            // and the sinh closed form
            double s = Math.sinh(ou.theta() * (b - a));
            assertEquals((za * Math.sinh(ou.theta() * (b - t)) + zb * Math.sinh(ou.theta() * (t - a))) / s,
                    ou.bridgeMean(za, zb, a, b, t), 1e-12);
        }
        // long bridges stay finite and approach the stationary conditionals
        OuProcess fast = new OuProcess(50, 1);
        assertEquals(0.0, fast.bridgeMean(1, 1, 0, 10, 5), 1e-12);
        assertEquals(fast.stationaryVariance(), fast.bridgeVariance(0, 10, 5), 1e-12);
    }

    @Test
    @SuppressWarnings("try")
    void bridgeMatchesMonteCarloFromTheSdeSolver() {
        double theta = 1.0;
        double sigma = 0.8;
        OuProcess ou = new OuProcess(theta, sigma);
        int paths = 4000;
        double za = 0.5;
        double a = 0.0;
        double t = 0.6;
        double b = 1.5;
        SdeTerm term = SdeTerm.builder().drift((s, y) -> y.mul(-theta))
                .diffusion((s, y) -> Tensor.constant(Nd4j.valueArrayOf(y.shape(), sigma, DataType.DOUBLE)))
                .noiseType(NoiseType.DIAGONAL).build();
        INDArray zt;
        INDArray zb;
        try (GradMode.Scope off = GradMode.noGrad()) {
            Tensor y0 = Tensor.constant(Nd4j.valueArrayOf(new long[] {paths, 1}, za, DataType.DOUBLE));
            Tensor ys = Sdeint.solve(term, y0, new double[] {a, t, b}, "euler", 0.01, Rng.seeded(5));
            zt = ys.value().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).reshape(paths);
            zb = ys.value().get(org.nd4j.linalg.indexing.NDArrayIndex.point(2)).reshape(paths);
        }
        // E[z_t | z_a, z_b] is linear in z_b: regress the simulated z_t on z_b
        double mt = zt.meanNumber().doubleValue();
        double mb = zb.meanNumber().doubleValue();
        double cov = 0;
        double vb = 0;
        for (int i = 0; i < paths; i++) {
            cov += (zt.getDouble(i) - mt) * (zb.getDouble(i) - mb);
            vb += (zb.getDouble(i) - mb) * (zb.getDouble(i) - mb);
        }
        double slope = cov / vb;
        double intercept = mt - slope * mb;
        double[] w = ou.bridgeWeights(a, b, t);
        assertEquals(w[1], slope, 0.04, "weight on z_b");
        assertEquals(w[0] * za, intercept, 0.03, "weight on z_a times z_a");
        double resid = 0;
        for (int i = 0; i < paths; i++) {
            double r = zt.getDouble(i) - intercept - slope * zb.getDouble(i);
            resid += r * r;
        }
        resid /= paths - 2;
        assertEquals(ou.bridgeVariance(a, b, t), resid, 0.1 * ou.bridgeVariance(a, b, t), "bridge variance");
    }

    @Test
    void sampledPathsHaveTheBridgeAndTransitionMoments() {
        OuProcess ou = new OuProcess(0.8, 0.6);
        double[] known = {0.0, 1.0};
        double[] vals = {0.5, -0.3};
        double[] at = {0.0, 0.3, 0.7, 1.0, 1.5};
        int n = 20000;
        double[] sum = new double[at.length];
        double[] sq = new double[at.length];
        Rng rng = Rng.seeded(21);
        for (int r = 0; r < n; r++) {
            double[] p = ou.samplePath(known, vals, at, rng);
            assertEquals(0.5, p[0], 0.0, "a known time returns its value");
            assertEquals(-0.3, p[3], 0.0);
            for (int j = 0; j < at.length; j++) {
                sum[j] += p[j];
                sq[j] += p[j] * p[j];
            }
        }
        double[] mean = {0.5, ou.bridgeMean(0.5, -0.3, 0, 1, 0.3), ou.bridgeMean(0.5, -0.3, 0, 1, 0.7), -0.3,
            ou.transitionMean(-0.3, 0.5)};
        double[] var = {0, ou.bridgeVariance(0, 1, 0.3), ou.bridgeVariance(0, 1, 0.7), 0, ou.transitionVariance(0.5)};
        for (int j = 0; j < at.length; j++) {
            double m = sum[j] / n;
            double v = sq[j] / n - m * m;
            assertEquals(mean[j], m, 4 * Math.sqrt(var[j] / n) + 1e-12, "mean at " + at[j]);
            assertEquals(var[j], v, 0.05 * var[j] + 1e-12, "variance at " + at[j]);
        }
        assertThrows(InvalidConfigException.class, () -> ou.samplePath(known, vals, new double[] {-1}, rng));
    }

    @Test
    void badParametersThrowTypedErrors() {
        assertThrows(InvalidConfigException.class, () -> new OuProcess(0, 1));
        assertThrows(InvalidConfigException.class, () -> new OuProcess(1, Double.NaN));
        OuProcess ou = new OuProcess(1, 1);
        assertThrows(InvalidConfigException.class, () -> ou.bridgeMean(0, 0, 1, 1, 1));
        assertThrows(InvalidConfigException.class, () -> ou.bridgeMean(0, 0, 0, 1, 2));
        assertThrows(InvalidConfigException.class, () -> ou.transitionVariance(-1));
    }
}
