package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.Checks;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.flows.Transformed;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.CellMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The variational dequantizers' shared code path: a conditional normalizing flow q(y | x) on R^{N·b}, with the
 * one-hot encoding of x as context, draws y by reparameterisation; each variable's block y_i ∈ R^b is then
 * mapped bijectively onto the region of its class by {@link #mapBlock}, and
 * log q(z | x) = log q(y | x) − Σ_i log |det ∂z_i/∂y_i|.
 */
abstract class FlowDequantizer extends Module implements Dequantizer {
    private final int numVariables;
    private final int numClasses;
    private final int blockDim;
    private final DataType dtype;
    private final NormalizingFlow flow;

    FlowDequantizer(int numVariables, int numClasses, int blockDim, DataType dtype, NormalizingFlow.Builder flow,
            Rng rng) {
        if (numVariables < 1) {
            throw InvalidConfigException.of("numVariables", ">= 1", numVariables);
        }
        if (numClasses < 2) {
            throw InvalidConfigException.of("numClasses", ">= 2", numClasses);
        }
        if (numVariables * blockDim < 2) {
            throw InvalidConfigException.of("numVariables × block dimension", ">= 2 (a coupling flow needs d >= 2)",
                    numVariables * blockDim);
        }
        Checks.notNull("flow", flow);
        Checks.notNull("rng", rng);
        this.numVariables = numVariables;
        this.numClasses = numClasses;
        this.blockDim = blockDim;
        this.dtype = dtype;
        this.flow = registerModule("flow", flow.dim(numVariables * blockDim).contextDim(numVariables * numClasses)
                .dtype(dtype).build(rng));
    }

    /**
     * Maps one variable's block onto the region of its classes.
     *
     * @param variable the variable's index
     * @param y        its block, [n, b]
     * @param classes  its classes, n entries
     * @return z_i [n, b] in the regions and log |det ∂z_i/∂y| [n, 1]
     */
    abstract CellMap mapBlock(int variable, Tensor y, int[] classes);

    /**
     * @param variable the variable's index
     * @param z        its block of continuous points, [n, b]
     * @return the class each row decodes to
     */
    abstract int[] quantizeBlock(int variable, INDArray z);

    /** @return the conditional flow q(y | x) */
    public final NormalizingFlow flow() {
        return flow;
    }

    @Override
    public final int numVariables() {
        return numVariables;
    }

    @Override
    public final int numClasses() {
        return numClasses;
    }

    @Override
    public final int dim() {
        return numVariables * blockDim;
    }

    @Override
    public final DataType dtype() {
        return dtype;
    }

    @Override
    public final Dequantized dequantize(int[][] x, Rng rng) {
        Dequantizer.checkData(x, numVariables, numClasses);
        Checks.notNull("rng", rng);
        int n = x.length;
        INDArray context = Nd4j.zeros(dtype, n, (long) numVariables * numClasses);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < numVariables; j++) {
                context.putScalar(i, (long) j * numClasses + x[i][j], 1.0);
            }
        }
        Transformed s = flow.rsample(n, Tensor.constant(context), rng);
        Tensor logQ = s.logDet();
        Tensor[] blocks = new Tensor[numVariables];
        for (int j = 0; j < numVariables; j++) {
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                classes[i] = x[i][j];
            }
            CellMap m = mapBlock(j, s.value().narrow(1, (long) j * blockDim, blockDim), classes);
            blocks[j] = m.value();
            logQ = logQ.sub(m.logDet().reshape(n));
        }
        Tensor z = numVariables == 1 ? blocks[0] : Tensor.concat(1, blocks);
        return new Dequantized(z, logQ);
    }

    @Override
    public final int[][] quantize(INDArray z) {
        Checks.matrix("z", z);
        if (z.size(1) != dim()) {
            throw ShapeMismatchException.of("z", "[n, " + dim() + "]", z.shape());
        }
        int n = (int) z.size(0);
        int[][] x = new int[n][numVariables];
        for (int j = 0; j < numVariables; j++) {
            INDArray block = z.get(NDArrayIndex.all(),
                    NDArrayIndex.interval((long) j * blockDim, (long) (j + 1) * blockDim)).dup();
            int[] c = quantizeBlock(j, block);
            for (int i = 0; i < n; i++) {
                x[i][j] = c[i];
            }
        }
        return x;
    }

    /** @return a one-hot [n, k] mask of the classes (rows with class ≥ k stay zero) */
    static INDArray oneHot(int[] classes, int k, DataType dtype) {
        INDArray m = Nd4j.zeros(dtype, classes.length, k);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < k) {
                m.putScalar(i, classes[i], 1.0);
            }
        }
        return m;
    }
}
