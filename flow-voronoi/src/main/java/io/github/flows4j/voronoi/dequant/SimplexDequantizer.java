package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.CellMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Simplex dequantization (the baseline of Chen, Amos &amp; Nickel 2022, §5): class c of a variable is the corner
 * region {p : p_c = max_j p_j} of the probability simplex Δ^{K−1}, and the model works in the simplex's logit
 * coordinates z ∈ R^{K−1} (p = softmax(z, 0), the last class the reference with logit 0). A conditional flow
 * draws y ∈ R^{K−1}; for c &lt; K−1 the threshold is t = softplus(y_c) (so z_c &ge; 0), for c = K−1 it is
 * t = 0; then z_c = t and z_j = t − softplus(t − y_j), with
 * log |det| = [c &lt; K−1] log σ(y_c) + Σ_{j≠c} log σ(t − y_j). Continuous dimension N·(K−1).
 *
 * <pre>{@code
 * SimplexDequantizer q = SimplexDequantizer.create(2, 10, DataType.DOUBLE, NormalizingFlow.builder(), rng.split());
 * Dequantized d = q.dequantize(x, rng.split());      // z [n, 18]
 * }</pre>
 */
public final class SimplexDequantizer extends FlowDequantizer {
    private SimplexDequantizer(int numVariables, int numClasses, DataType dtype, NormalizingFlow.Builder flow,
            Rng rng) {
        super(numVariables, numClasses, numClasses - 1, dtype, flow, rng);
    }

    /**
     * @param numVariables N &ge; 1
     * @param numClasses   K &ge; 2 (N·(K−1) &ge; 2)
     * @param dtype        FLOAT or DOUBLE
     * @param flow         the conditional flow's settings
     * @param rng          initialises the flow
     * @return the dequantizer
     * @throws io.github.flows4j.core.InvalidConfigException if an argument is out of range
     */
    public static SimplexDequantizer create(int numVariables, int numClasses, DataType dtype,
            NormalizingFlow.Builder flow, Rng rng) {
        return new SimplexDequantizer(numVariables, numClasses, dtype, flow, rng);
    }

    @Override
    CellMap mapBlock(int variable, Tensor y, int[] classes) {
        int free = numClasses() - 1;
        DataType t = y.dtype();
        INDArray mask = oneHot(classes, free, t);
        INDArray has = mask.sum(true, 1);
        Tensor yc = y.mul(Tensor.constant(mask)).sum(1, true);
        Tensor zero = Tensor.zeros(t, 1, 1);
        Tensor top = Tensor.where(has, yc.softplus(), zero);
        Tensor diff = top.sub(y);
        Tensor z = Tensor.where(mask, top.broadcastTo(y.shape()), top.sub(diff.softplus()));
        Tensor logDet = Tensor.where(mask, zero, diff.neg().softplus().neg()).sum(1, true)
                .add(Tensor.where(has, yc.neg().softplus().neg(), zero));
        return new CellMap(z, logDet);
    }

    @Override
    int[] quantizeBlock(int variable, INDArray z) {
        INDArray withRef = Nd4j.concat(1, z, Nd4j.zeros(z.dataType(), z.size(0), 1));
        return Nd4j.argMax(withRef, 1).toIntVector();
    }
}
