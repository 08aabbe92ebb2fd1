package io.github.flows4j.core.kernel;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct CBLAS calls into the OpenBLAS that ND4J's CPU backend itself links (the {@code openblas_nolapack} preset),
 * bypassing ND4J's op dispatch: for a [128, 64] × [64, 64] product that dispatch costs more than the arithmetic
 * (about 40 µs through {@code Nd4j.gemm} against 18 µs here). Each call runs on the thread count the
 * {@link ThreadPolicy} gives its sizes. Host memory only — the CUDA backend keeps {@code Nd4j.gemm}.
 */
final class CpuBlas {
    private CpuBlas() {
    }

    /** @return whether {@code a} can be passed to BLAS as it is: float/double, dense, c-ordered, host pointer known */
    static boolean eligible(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && a.rank() == 2 && a.length() > 0
                && Buffers.isDense(a) && a.ordering() == 'c' && a.data().offset() == a.offset();
    }

    /** c ← α·op(a)·op(b) + β·c; all three {@link #eligible} and of one type, shapes already checked. */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha, double beta) {
        int m = (int) c.size(0);
        int n = (int) c.size(1);
        int k = (int) (ta ? a.size(0) : a.size(1));
        int lda = (int) a.size(1);
        int ldb = (int) b.size(1);
        int opA = ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        Pointer pa = a.data().addressPointer();
        Pointer pb = b.data().addressPointer();
        Pointer pc = c.data().addressPointer();
        KernelPool.blasThreads(KernelPool.policy().gemmThreads(m, n, k));
        if (c.dataType() == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, (float) alpha,
                    new FloatPointer(pa), lda, new FloatPointer(pb), ldb, (float) beta, new FloatPointer(pc), n);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, opA, opB, m, n, k, alpha,
                    new DoublePointer(pa), lda, new DoublePointer(pb), ldb, beta, new DoublePointer(pc), n);
        }
    }
}
