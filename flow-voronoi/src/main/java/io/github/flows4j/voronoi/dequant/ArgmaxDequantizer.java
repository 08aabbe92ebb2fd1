package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.CellMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Argmax dequantization (Hoogeboom et al., NeurIPS 2021, "Argmax Flows"): variable i lives in R^K and class c is
 * the region {z : argmax z = c}. A conditional flow draws y ∈ R^K; the thresholding
 * z_c = y_c, z_j = y_c − softplus(y_c − y_j) (j ≠ c) maps it into the region, with
 * log |det| = Σ_{j≠c} log σ(y_c − y_j). Continuous dimension N·K.
 *
 * <pre>{@code
 * ArgmaxDequantizer q = ArgmaxDequantizer.create(2, 10, DataType.DOUBLE, NormalizingFlow.builder(), rng.split());
 * Dequantized d = q.dequantize(x, rng.split());      // z [n, 20]; argmax of each block of 10 is x_i
 * }</pre>
 */
public final class ArgmaxDequantizer extends FlowDequantizer {
    private ArgmaxDequantizer(int numVariables, int numClasses, DataType dtype, NormalizingFlow.Builder flow,
            Rng rng) {
        super(numVariables, numClasses, numClasses, dtype, flow, rng);
    }

    /**
     * @param numVariables N &ge; 1
     * @param numClasses   K &ge; 2
     * @param dtype        FLOAT or DOUBLE
     * @param flow         the conditional flow's settings
     * @param rng          initialises the flow
     * @return the dequantizer
     * @throws io.github.flows4j.core.InvalidConfigException if an argument is out of range
     */
    public static ArgmaxDequantizer create(int numVariables, int numClasses, DataType dtype,
            NormalizingFlow.Builder flow, Rng rng) {
        return new ArgmaxDequantizer(numVariables, numClasses, dtype, flow, rng);
    }

    @Override
    CellMap mapBlock(int variable, Tensor y, int[] classes) {
        INDArray mask = oneHot(classes, numClasses(), y.dtype());
        Tensor top = y.mul(Tensor.constant(mask)).sum(1, true);
        Tensor diff = top.sub(y);
        Tensor zero = Tensor.zeros(y.dtype(), 1, 1);
        Tensor z = Tensor.where(mask, top.broadcastTo(y.shape()), top.sub(diff.softplus()));
        Tensor logDet = Tensor.where(mask, zero, diff.neg().softplus().neg()).sum(1, true);
        return new CellMap(z, logDet);
    }

    @Override
    int[] quantizeBlock(int variable, INDArray z) {
        return Nd4j.argMax(z, 1).toIntVector();
    }
}
