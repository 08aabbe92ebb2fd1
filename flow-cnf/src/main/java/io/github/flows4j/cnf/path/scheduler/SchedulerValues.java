package io.github.flows4j.cnf.path.scheduler;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Scheduler}'s values at a batch of times, each [batch, 1] so they broadcast against [batch, d] points.
 *
 * <pre>{@code
 * SchedulerValues v = new CosineScheduler().at(t);           // t: [batch, 1]
 * INDArray xt = x1.mul(v.alpha()).addi(x0.mul(v.sigma()));   // [batch, d]
 * }</pre>
 *
 * @param alpha  α_t, [batch, 1]
 * @param sigma  σ_t, [batch, 1]
 * @param dAlpha dα/dt, [batch, 1]
 * @param dSigma dσ/dt, [batch, 1]
 */
public record SchedulerValues(INDArray alpha, INDArray sigma, INDArray dAlpha, INDArray dSigma) {
    /**
     * @throws ShapeMismatchException if the four arrays' shapes differ
     */
    public SchedulerValues {
        Checks.notNull("alpha", alpha);
        Checks.notNull("sigma", sigma);
        Checks.notNull("dAlpha", dAlpha);
        Checks.notNull("dSigma", dSigma);
        long[] s = alpha.shape();
        if (!Arrays.equals(s, sigma.shape()) || !Arrays.equals(s, dAlpha.shape())
                || !Arrays.equals(s, dSigma.shape())) {
            throw new ShapeMismatchException("alpha, sigma, dAlpha and dSigma must share one shape; got "
                    + Arrays.toString(s) + ", " + Arrays.toString(sigma.shape()) + ", "
                    + Arrays.toString(dAlpha.shape()) + ", " + Arrays.toString(dSigma.shape()));
        }
    }
}
