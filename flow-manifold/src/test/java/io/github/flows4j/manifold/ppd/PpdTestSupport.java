package io.github.flows4j.manifold.ppd;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

final class PpdTestSupport {
    private PpdTestSupport() {
    }

    /** @return a [n, 1] float64 column of the time t */
    static INDArray constantTimes(double t, int n) {
        return Nd4j.valueArrayOf(new long[] {n, 1}, t, DataType.DOUBLE);
    }
}
