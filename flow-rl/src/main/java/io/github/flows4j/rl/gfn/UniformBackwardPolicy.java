package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fixed backward policy of most GFlowNet benchmarks: every parent of a state is equally likely,
 * {@code P_B(s | s') = 1 / |Par(s')|}. It has no parameters.
 *
 * <pre>{@code
 * BackwardPolicy pb = new UniformBackwardPolicy();
 * Tensor logp = pb.logProbs(features, env.backwardMask(states, DataType.FLOAT));   // -log |Par(s')| where valid
 * }</pre>
 */
public final class UniformBackwardPolicy implements BackwardPolicy {
    @Override
    public Tensor logProbs(Tensor features, INDArray mask) {
        if (mask.rank() != 2 || mask.size(0) != features.size(0)) {
            throw ShapeMismatchException.of("mask", "[" + features.size(0) + ", B]", mask.shape());
        }
        int n = (int) mask.size(0);
        int b = (int) mask.size(1);
        double[][] m = MaskedSoftmax.rows(mask);
        double[] out = new double[n * b];
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (int j = 0; j < b; j++) {
                count += m[i][j] != 0 ? 1 : 0;
            }
            double logp = -Math.log(Math.max(count, 1));
            for (int j = 0; j < b; j++) {
                out[i * b + j] = m[i][j] != 0 ? logp : ForwardPolicy.MASKED;
            }
        }
        return Tensor.constant(Nd4j.create(out, new long[] {n, b}, features.dtype()));
    }
}
