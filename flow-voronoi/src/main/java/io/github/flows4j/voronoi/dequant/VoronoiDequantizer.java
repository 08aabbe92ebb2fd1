package io.github.flows4j.voronoi.dequant;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.flows.NormalizingFlow;
import io.github.flows4j.core.nn.ModuleList;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.voronoi.CellMap;
import io.github.flows4j.voronoi.VoronoiCells;
import io.github.flows4j.voronoi.VoronoiTransform;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Voronoi dequantization (Chen, Amos &amp; Nickel, NeurIPS 2022, §4): each of the N variables owns a learnable
 * {@link VoronoiTransform} with K cells in R^e; q(z | x) is a conditional flow on R^{N·e} (context: the one-hot
 * x) whose block i is mapped into cell x_i by the transform, so the support of q(· | x) is exactly the product of
 * the cells of x and the cells of all x partition the product of the boxes. The continuous dimension is N·e,
 * independent of K (argmax dequantization needs N·K).
 *
 * <pre>{@code
 * VoronoiDequantizer q = VoronoiDequantizer.create(2, 91, 2, DataType.DOUBLE,
 *         NormalizingFlow.builder().layers(4).hidden(64, 64), rng.split());
 * Dequantized d = q.dequantize(x, rng.split());         // x int[n][2] -> z [n, 4], log q [n]
 * int[][] back = q.quantize(d.z().value());             // == x
 * }</pre>
 */
public final class VoronoiDequantizer extends FlowDequantizer implements BoundedSupport {
    private final ModuleList<VoronoiTransform> cells;
    private final int embeddingDim;

    private VoronoiDequantizer(int numVariables, int numClasses, int embeddingDim, DataType dtype,
            NormalizingFlow.Builder flow, Rng rng, List<VoronoiTransform> transforms) {
        super(numVariables, numClasses, embeddingDim, dtype, flow, rng);
        this.embeddingDim = embeddingDim;
        this.cells = registerModule("cells", ModuleList.of(transforms));
    }

    /**
     * @param numVariables N &ge; 1
     * @param numClasses   K &ge; 2
     * @param embeddingDim e &ge; 1, the dimension of each variable's tessellation (N·e &ge; 2)
     * @param dtype        FLOAT or DOUBLE
     * @param flow         the conditional flow's settings (dim, context and type are set here)
     * @param rng          split for the anchors (box [−2, 2]^e) and the flow
     * @return the dequantizer
     * @throws InvalidConfigException if an argument is out of range
     */
    public static VoronoiDequantizer create(int numVariables, int numClasses, int embeddingDim, DataType dtype,
            NormalizingFlow.Builder flow, Rng rng) {
        if (embeddingDim < 1) {
            throw InvalidConfigException.of("embeddingDim", ">= 1", embeddingDim);
        }
        if (numVariables < 1) {
            throw InvalidConfigException.of("numVariables", ">= 1", numVariables);
        }
        if (numClasses < 2) {
            throw InvalidConfigException.of("numClasses", ">= 2", numClasses);
        }
        List<VoronoiTransform> ts = new ArrayList<>();
        for (int i = 0; i < numVariables; i++) {
            ts.add(VoronoiTransform.random(numClasses, embeddingDim, 2.0, dtype, rng.split()));
        }
        return new VoronoiDequantizer(numVariables, numClasses, embeddingDim, dtype, flow, rng.split(), ts);
    }

    /**
     * @param variable 0 .. N−1
     * @return that variable's Voronoi transform
     */
    public VoronoiTransform transform(int variable) {
        return cells.get(variable);
    }

    /** @return e, the dimension of each variable's tessellation */
    public int embeddingDim() {
        return embeddingDim;
    }

    /** @return the product of the variables' boxes: their lower corners side by side, [1, N·e] */
    @Override
    public Tensor supportLower() {
        Tensor[] lo = new Tensor[cells.size()];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = cells.get(i).lower();
        }
        return lo.length == 1 ? lo[0] : Tensor.concat(1, lo);
    }

    /** @return the variables' upper corners side by side, [1, N·e] */
    @Override
    public Tensor supportUpper() {
        Tensor[] hi = new Tensor[cells.size()];
        for (int i = 0; i < hi.length; i++) {
            hi[i] = cells.get(i).upper();
        }
        return hi.length == 1 ? hi[0] : Tensor.concat(1, hi);
    }

    @Override
    CellMap mapBlock(int variable, Tensor y, int[] classes) {
        return cells.get(variable).forward(y, classes);
    }

    @Override
    int[] quantizeBlock(int variable, INDArray z) {
        INDArray anchors = cells.get(variable).tessellation().anchors().value();
        return new VoronoiCells(anchors).assign(z.dataType() == anchors.dataType() ? z : z.castTo(anchors.dataType()));
    }
}
