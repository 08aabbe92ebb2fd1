package io.github.flows4j.rl.gfn;

import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Log-softmax of logits restricted to the valid entries of a 0/1 mask. */
final class MaskedSoftmax {
    private MaskedSoftmax() {
    }

    /**
     * @param logits [n, A]
     * @param mask   [n, A], 0/1
     * @return log-softmax over the valid entries; invalid ones ≈ {@link ForwardPolicy#MASKED}
     */
    static Tensor logProbs(Tensor logits, INDArray mask) {
        if (mask.rank() != 2 || mask.size(0) != logits.size(0) || mask.size(1) != logits.size(1)) {
            throw ShapeMismatchException.of("mask", java.util.Arrays.toString(logits.shape()), mask.shape());
        }
        INDArray penalty = mask.castTo(logits.dtype()).rsub(1.0).muli(ForwardPolicy.MASKED);
        return logits.add(Tensor.constant(penalty)).logSoftmax(1);
    }

    /**
     * @param a a rank-2 array
     * @return its rows as Java arrays (one bulk copy; {@code INDArray.toDoubleMatrix} reads element by element)
     */
    static double[][] rows(INDArray a) {
        int n = (int) a.size(0);
        int c = (int) a.size(1);
        double[] flat = org.nd4j.linalg.factory.Nd4j.toFlattened('c', a).castTo(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * c, (i + 1) * c);
        }
        return out;
    }
}
