package io.github.flows4j.core.flows;

import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.nn.Module;
import io.github.flows4j.core.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;

/** Helpers shared by the flow tests. */
final class FlowTesting {
    private FlowTesting() {
    }

    enum Kind {
        AFFINE, SPLINE
    }

    static Coupling coupling(Kind kind, int dim, int contextDim, boolean parity, int[] hidden, Rng rng) {
        return kind == Kind.AFFINE
                ? AffineCoupling.builder().dim(dim).contextDim(contextDim).hidden(hidden).parity(parity)
                        .dtype(DataType.DOUBLE).build(rng)
                : RationalQuadraticSplineCoupling.builder().dim(dim).contextDim(contextDim).hidden(hidden)
                        .parity(parity).bins(6).tailBound(3).dtype(DataType.DOUBLE).build(rng);
    }

    /** Overwrites every parameter with scale · N(0, 1), so the map is far from the zero-initialised identity. */
    static void randomize(Module m, double scale, Rng rng) {
        for (Tensor p : m.parameters().values()) {
            p.value().assign(rng.normal(p.dtype(), p.shape()).muli(scale));
        }
    }

    /** log |det a| for a small square matrix given row-major, by Gaussian elimination with partial pivoting. */
    static double logAbsDet(double[][] a) {
        int d = a.length;
        double[][] m = new double[d][];
        for (int i = 0; i < d; i++) {
            m[i] = a[i].clone();
        }
        double logDet = 0;
        for (int c = 0; c < d; c++) {
            int p = c;
            for (int r = c + 1; r < d; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] tmp = m[c];
            m[c] = m[p];
            m[p] = tmp;
            logDet += Math.log(Math.abs(m[c][c]));
            for (int r = c + 1; r < d; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k < d; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        return logDet;
    }
}
