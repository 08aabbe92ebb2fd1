package io.github.flows4j.examples.ncl;

import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A known field f = ∇φ + w on the flat torus [0, 2π)^d with its Hodge (Helmholtz) parts in closed form:
 * w(x) = Σ_m a_m cos(k_m·x + c_m) with integer wave vectors k_m and amplitudes a_m ⊥ k_m (so div w = 0), and
 * ∇φ(x) = Σ_m b_m q_m cos(q_m·x + e_m) for φ = Σ_m b_m sin(q_m·x + e_m). The two parts are L²-orthogonal on the
 * torus, so the divergence-free field nearest to f in L² is w.
 *
 * <pre>{@code
 * TorusHodgeField f = TorusHodgeField.random(5, 4, Rng.seeded(0));
 * INDArray x = rng.uniform(0, 2 * Math.PI, DataType.DOUBLE, 256, 5);
 * INDArray target = f.field(x);          // [256, 5]
 * INDArray w = f.divergenceFree(x);      // [256, 5]
 * }</pre>
 */
final class TorusHodgeField {
    private final int dim;
    private final INDArray waveW;   // [M, d]
    private final INDArray ampW;    // [M, d]
    private final INDArray phaseW;  // [1, M]
    private final INDArray waveG;   // [M, d]
    private final INDArray ampG;    // [M, d] = b_m q_m
    private final INDArray phaseG;  // [1, M]

    private TorusHodgeField(int dim, INDArray waveW, INDArray ampW, INDArray phaseW, INDArray waveG, INDArray ampG,
            INDArray phaseG) {
        this.dim = dim;
        this.waveW = waveW;
        this.ampW = ampW;
        this.phaseW = phaseW;
        this.waveG = waveG;
        this.ampG = ampG;
        this.phaseG = phaseG;
    }

    /**
     * @param dim   d &ge; 2
     * @param modes M, the number of modes of each part
     * @param rng   draws wave vectors (entries in {−1, 0, 1}, two non-zero), amplitudes and phases
     * @return the field, in float64
     */
    static TorusHodgeField random(int dim, int modes, Rng rng) {
        INDArray kw = waves(dim, modes, rng);
        INDArray aw = Nd4j.zeros(DataType.DOUBLE, modes, dim);
        for (int m = 0; m < modes; m++) {
            INDArray k = kw.getRow(m);
            INDArray a = rng.normal(DataType.DOUBLE, 1, dim).reshape(dim);
            double kk = k.mul(k).sumNumber().doubleValue();
            a.subi(k.mul(a.mul(k).sumNumber().doubleValue() / kk));   // a ⊥ k
            aw.putRow(m, a);
        }
        INDArray kg = waves(dim, modes, rng);
        INDArray b = rng.normal(DataType.DOUBLE, modes, 1);
        INDArray ag = kg.mulColumnVector(b);
        INDArray pw = rng.uniform(0, 2 * Math.PI, DataType.DOUBLE, 1, modes);
        INDArray pg = rng.uniform(0, 2 * Math.PI, DataType.DOUBLE, 1, modes);
        return new TorusHodgeField(dim, kw, aw, pw, kg, ag, pg);
    }

    private static INDArray waves(int dim, int modes, Rng rng) {
        INDArray k = Nd4j.zeros(DataType.DOUBLE, modes, dim);
        for (int m = 0; m < modes; m++) {
            int i = rng.nextInt(dim);
            int j = (i + 1 + rng.nextInt(dim - 1)) % dim;
            k.putScalar(m, i, rng.nextInt(2) == 0 ? -1 : 1);
            k.putScalar(m, j, rng.nextInt(2) == 0 ? -1 : 1);
        }
        return k;
    }

    /** @return d */
    int dim() {
        return dim;
    }

    /** @param x [n, d] float64 @return w(x), [n, d] */
    INDArray divergenceFree(INDArray x) {
        return part(x, waveW, ampW, phaseW);
    }

    /** @param x [n, d] float64 @return ∇φ(x), [n, d] */
    INDArray gradient(INDArray x) {
        return part(x, waveG, ampG, phaseG);
    }

    /** @param x [n, d] float64 @return f(x) = ∇φ(x) + w(x), [n, d] */
    INDArray field(INDArray x) {
        return divergenceFree(x).addi(gradient(x));
    }

    private static INDArray part(INDArray x, INDArray wave, INDArray amp, INDArray phase) {
        INDArray arg = x.castTo(DataType.DOUBLE).mmul(wave.transpose()).addiRowVector(phase);   // [n, M]
        return Transforms.cos(arg, false).mmul(amp);                                              // [n, d]
    }
}
