package io.github.flows4j.cnf.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.flows4j.cnf.loss.CfmVariant;
import io.github.flows4j.cnf.path.scheduler.CondOTScheduler;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.kernel.HostArrays;
import io.github.flows4j.core.random.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The noisy (TorchCFM) paths: targets are time derivatives, the bridge has the Brownian bridge's moments. */
class NoisyAffinePathTest {
    private static final double[] TIMES = {0.05, 0.2, 0.37, 0.5, 0.73, 0.95};

    private static INDArray col(double t, int n) {
        return Nd4j.valueArrayOf(new long[] {n, 1}, t, DataType.DOUBLE);
    }

    /** x_t at fixed (x₀, x₁, ε) as a function of t; its central difference is the conditional velocity. */
    private static INDArray xt(ProbPath path, INDArray x0, INDArray x1, double t, INDArray eps) {
        int n = (int) x0.size(0);
        return path instanceof NoisyAffinePath noisy ? noisy.sample(x0, x1, col(t, n), eps).xt()
                : path.sample(x0, x1, col(t, n)).xt();
    }

    @Test
    void everyVariantsTargetIsTheTimeDerivativeOfItsSamplePath() {
        Rng rng = Rng.seeded(11);
        int n = 16;
        INDArray x0 = rng.normal(DataType.DOUBLE, n, 3);
        INDArray x1 = rng.normal(DataType.DOUBLE, n, 3).addi(2.0);
        INDArray eps = rng.normal(DataType.DOUBLE, n, 3);
        double h = 1e-6;
        for (CfmVariant variant : CfmVariant.values()) {
            ProbPath path = variant.path(0.3);
            for (double t : TIMES) {
                INDArray u = path instanceof NoisyAffinePath noisy ? noisy.sample(x0, x1, col(t, n), eps).dxt()
                        : path.sample(x0, x1, col(t, n)).dxt();
                INDArray fd = xt(path, x0, x1, t + h, eps).sub(xt(path, x0, x1, t - h, eps)).div(2 * h);
                double err = u.sub(fd).amaxNumber().doubleValue();
                assertTrue(err < 1e-6, variant + " at t = " + t + ": |u - finite difference| = " + err);
            }
        }
    }

    @Test
    void bridgeTargetIsTorchCfmsClosedForm() {
        Rng rng = Rng.seeded(3);
        int n = 8;
        double sigma = 0.7;
        NoisyAffinePath sb = (NoisyAffinePath) CfmVariant.SB_CFM.path(sigma);
        INDArray x0 = rng.normal(DataType.DOUBLE, n, 2);
        INDArray x1 = rng.normal(DataType.DOUBLE, n, 2);
        for (double t : TIMES) {
            PathSample s = sb.sample(x0, x1, col(t, n), rng);
            INDArray mu = x1.mul(t).add(x0.mul(1 - t));
            INDArray expected = s.xt().sub(mu).mul((1 - 2 * t) / (2 * t * (1 - t))).add(x1.sub(x0));
            assertTrue(expected.equalsWithEps(s.dxt(), 1e-10), "t = " + t);
            // the conditional score is −(x_t − μ_t)/s_t²
            double var = sigma * sigma * t * (1 - t);
            assertTrue(s.xt().sub(mu).div(-var).equalsWithEps(sb.score(s), 1e-10), "score at t = " + t);
        }
    }

    @Test
    void bridgeMarginalHasTheBrownianBridgesMoments() {
        double sigma = 0.8;
        NoisyAffinePath sb = new NoisyAffinePath(new CondOTScheduler(), NoiseSchedule.brownianBridge(sigma));
        int n = 40000;
        INDArray x0 = Nd4j.zeros(DataType.DOUBLE, n, 2).addiRowVector(Nd4j.createFromArray(-1.0, 2.0));
        INDArray x1 = Nd4j.zeros(DataType.DOUBLE, n, 2).addiRowVector(Nd4j.createFromArray(3.0, 0.5));
        Rng rng = Rng.seeded(5);
        for (double t : new double[] {0.1, 0.5, 0.8}) {
            INDArray xt = sb.sample(x0, x1, col(t, n), rng).xt();
            double[] mean = HostArrays.toDoubles(xt.mean(0));
            double[] var = HostArrays.toDoubles(xt.var(false, 0));
            double[] expectMean = {-1 + 4 * t, 2 - 1.5 * t};
            double expectVar = sigma * sigma * t * (1 - t);
            for (int j = 0; j < 2; j++) {
                double se = Math.sqrt(expectVar / n);
                assertEquals(expectMean[j], mean[j], 5 * se, "mean of coordinate " + j + " at t = " + t);
                assertEquals(expectVar, var[j], 0.04 * expectVar, "variance of coordinate " + j + " at t = " + t);
            }
        }
        // the ends are the data: no noise at t = 0 and t = 1
        assertEquals(0.0, NoiseSchedule.brownianBridge(sigma).sigma(0.0), 0.0);
        assertEquals(0.0, NoiseSchedule.brownianBridge(sigma).sigma(1.0), 0.0);
    }

    @Test
    void zeroNoiseIsTheAffinePath() {
        Rng rng = Rng.seeded(8);
        INDArray x0 = rng.normal(DataType.DOUBLE, 5, 2);
        INDArray x1 = rng.normal(DataType.DOUBLE, 5, 2);
        INDArray t = rng.uniform(DataType.DOUBLE, 5, 1);
        PathSample a = new AffinePath(new CondOTScheduler()).sample(x0, x1, t);
        PathSample b = new NoisyAffinePath(new CondOTScheduler(), NoiseSchedule.constant(0)).sample(x0, x1, t, rng);
        assertTrue(a.xt().equalsWithEps(b.xt(), 1e-12));
        assertTrue(a.dxt().equalsWithEps(b.dxt(), 1e-12));
    }

    @Test
    void badInputNamesTheArgument() {
        InvalidConfigException neg = assertThrows(InvalidConfigException.class, () -> NoiseSchedule.constant(-0.1));
        assertTrue(neg.getMessage().contains("sigma"), neg.getMessage());
        for (CfmVariant v : CfmVariant.values()) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> v.loss(-1.0));
            assertTrue(e.getMessage().contains("sigma"), v + ": " + e.getMessage());
        }
        InvalidConfigException sb = assertThrows(InvalidConfigException.class, () -> CfmVariant.SB_CFM.path(0));
        assertTrue(sb.getMessage().contains("sigma"), sb.getMessage());
        NoisyAffinePath p = (NoisyAffinePath) CfmVariant.I_CFM.path(0.1);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 4, 2);
        ShapeMismatchException shape = assertThrows(ShapeMismatchException.class,
                () -> p.sample(x, Nd4j.zeros(DataType.DOUBLE, 4, 3), col(0.5, 4), Rng.seeded(0)));
        assertTrue(shape.getMessage().contains("x1"), shape.getMessage());
        ShapeMismatchException epsShape = assertThrows(ShapeMismatchException.class,
                () -> p.sample(x, x, col(0.5, 4), Nd4j.zeros(DataType.DOUBLE, 4, 3)));
        assertTrue(epsShape.getMessage().contains("eps"), epsShape.getMessage());
    }
}
