package io.github.flows4j.manifold.ppd;

import io.github.flows4j.core.random.Rng;
import io.github.flows4j.manifold.manifold.Manifold;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

final class PpdTestSupport {
    private PpdTestSupport() {
    }

    static INDArray column(DataType type, double... v) {
        return Nd4j.create(v, new long[] {v.length, 1}, type);
    }

    static INDArray constantTimes(double t, int n) {
        return Nd4j.valueArrayOf(new long[] {n, 1}, t, DataType.DOUBLE);
    }

    static INDArray base(Manifold m, Rng rng, int n) {
        return m.randomBase(rng, DataType.DOUBLE, n);
    }
}
