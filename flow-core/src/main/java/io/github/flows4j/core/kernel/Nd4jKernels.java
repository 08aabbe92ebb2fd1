package io.github.flows4j.core.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Kernels made of ND4J ops only: correct on every backend (it is what CUDA uses), slower on the CPU.
 * Works around two ND4J edge cases: its tanh returns 0 for tiny inputs, and its softplus overflows to +∞ for
 * x &ge; 89.
 *
 * <pre>{@code
 * Kernels k = new Nd4jKernels();
 * INDArray y = k.softplus(x);
 * }</pre>
 */
final class Nd4jKernels implements Kernels {

    @Override
    public INDArray add(INDArray a, INDArray b) {
        return a.add(b);
    }

    @Override
    public INDArray sub(INDArray a, INDArray b) {
        return a.sub(b);
    }

    @Override
    public INDArray mul(INDArray a, INDArray b) {
        return a.mul(b);
    }

    @Override
    public INDArray div(INDArray a, INDArray b) {
        return a.div(b);
    }

    @Override
    public INDArray affine(INDArray x, double scale, double shift) {
        INDArray out = x.mul(scale);
        return shift == 0 ? out : out.addi(shift);
    }

    @Override
    public INDArray tanh(INDArray x) {
        INDArray t = Transforms.tanh(x, true);
        // tanh(x) = x − x³/3 + O(x⁵) for |x| < 1e-3; replaces ND4J's flush to zero
        INDArray small = Transforms.abs(x, true).lt(1e-3).castTo(x.dataType());
        INDArray series = x.sub(x.mul(x).muli(x).divi(3));
        return t.addi(small.muli(series.subi(t)));
    }

    @Override
    public INDArray tanhGrad(INDArray g, INDArray y) {
        return y.mul(y).rsubi(1).muli(g);
    }

    @Override
    public INDArray sigmoid(INDArray x) {
        return Transforms.sigmoid(x, true);
    }

    @Override
    public INDArray sigmoidGrad(INDArray g, INDArray y) {
        return y.rsub(1).muli(y).muli(g);
    }

    @Override
    public INDArray softplus(INDArray x) {
        INDArray negAbs = Transforms.abs(x, true).negi();
        return Transforms.log(Transforms.exp(negAbs, false).addi(1), false).addi(Transforms.relu(x, true));
    }

    @Override
    public INDArray relu(INDArray x) {
        return Transforms.relu(x, true);
    }

    @Override
    public INDArray reluGrad(INDArray g, INDArray x) {
        return x.gt(0).castTo(g.dataType()).muli(g);
    }

    @Override
    public INDArray silu(INDArray x) {
        return Transforms.sigmoid(x, true).muli(x);
    }

    @Override
    public INDArray siluGrad(INDArray g, INDArray x) {
        INDArray s = Transforms.sigmoid(x, true);
        INDArray inner = s.rsub(1).muli(x).addi(1);
        return s.muli(inner).muli(g);
    }

    @Override
    public INDArray siluGrad(INDArray g, INDArray x, INDArray s) {
        return s.rsub(1).muli(x).addi(1).muli(s).muli(g);
    }

    @Override
    public INDArray siluSecond(INDArray a, INDArray b, INDArray x, INDArray s) {
        INDArray inner = s.mul(-2).addi(1).muli(x).addi(2);
        return s.rsub(1).muli(s).muli(inner).muli(a).muli(b);
    }

    @Override
    public INDArray sumRows(INDArray x) {
        return x.sum(false, 0);
    }

    @Override
    public double sumAll(INDArray x) {
        return x.sumNumber().doubleValue();
    }

    @Override
    public INDArray exp(INDArray x) {
        return Transforms.exp(x, true);
    }

    @Override
    public INDArray log(INDArray x) {
        return Transforms.log(x, true);
    }

    @Override
    public void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        Nd4j.gemm(a, b, c, ta, tb, alpha, beta);
    }

    @Override
    public void zero(INDArray x) {
        x.assign(0);
    }

    static INDArray like(INDArray x) {
        return ArrayPool.uninitialized(x.dataType(), x.shape());
    }

    @Override
    public void addInPlace(INDArray target, INDArray x) {
        target.addi(x);
    }

    @Override
    public INDArray concat(int axis, INDArray... parts) {
        return parts.length == 1 ? parts[0].dup('c') : Nd4j.concat(axis, parts);
    }

    @Override
    public INDArray reshape(INDArray x, long... shape) {
        return x.reshape('c', shape).dup('c');
    }

    @Override
    public INDArray narrow(INDArray x, int axis, long start, long length) {
        return x.get(slice(x.rank(), axis, start, length)).dup('c');
    }

    @Override
    public INDArray embed(INDArray g, long[] full, int axis, long start) {
        INDArray out = Nd4j.zeros(g.dataType(), full);
        out.get(slice(full.length, axis, start, g.size(axis))).assign(g);
        return out;
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex[] slice(int rank, int axis, long start, long length) {
        org.nd4j.linalg.indexing.INDArrayIndex[] idx = new org.nd4j.linalg.indexing.INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = i == axis ? org.nd4j.linalg.indexing.NDArrayIndex.interval(start, start + length)
                    : org.nd4j.linalg.indexing.NDArrayIndex.all();
        }
        return idx;
    }
}
