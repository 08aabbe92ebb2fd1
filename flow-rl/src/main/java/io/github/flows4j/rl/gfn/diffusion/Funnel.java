package io.github.flows4j.rl.gfn.diffusion;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Neal's funnel in 2-D: v ~ N(0, scale²) and, given v, u ~ N(0, e^v), as the density of x = (v, u). It is a
 * normalised density, so log Z = 0 exactly; the difficulty for a sampler is the neck (v ≪ 0), where u's scale shrinks
 * exponentially, against the mouth (v ≫ 0), where it is wide.
 *
 * <pre>{@code
 * Funnel f = Funnel.standard();                       // scale 3
 * INDArray logR = f.logReward(x);                     // x [n, 2] = (v, u) -> [n, 1]
 * double logZ = f.logPartition();                     // 0
 * }</pre>
 *
 * @param scale the standard deviation of v, &gt; 0
 */
public record Funnel(double scale) implements UnnormalizedDensity {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** @throws InvalidConfigException naming the field if scale ≤ 0 or is not finite */
    public Funnel {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw InvalidConfigException.of("scale", "> 0 and finite", scale);
        }
    }

    /** @return the usual funnel, scale 3 */
    public static Funnel standard() {
        return new Funnel(3);
    }

    @Override
    public int dim() {
        return 2;
    }

    /**
     * @param x points (v, u), [n, 2]
     * @return log N(v; 0, scale²) + log N(u; 0, e^v), [n, 1]
     * @throws ShapeMismatchException if x is not [n, 2]
     */
    @Override
    public INDArray logReward(INDArray x) {
        if (x.rank() != 2 || x.size(1) != 2) {
            throw ShapeMismatchException.of("x", "[n, 2]", x.shape());
        }
        int n = (int) x.size(0);
        double[] p = Nd4j.toFlattened('c', x).castTo(DataType.DOUBLE).toDoubleVector();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = p[2 * i];
            double u = p[2 * i + 1];
            out[i] = -0.5 * (v * v / (scale * scale) + LOG_2PI) - Math.log(scale)
                    - 0.5 * (u * u * Math.exp(-v) + LOG_2PI + v);
        }
        return Nd4j.create(out, new long[] {n, 1}, x.dataType());
    }

    /** @return 0: the funnel is normalised */
    @Override
    public double logPartition() {
        return 0;
    }
}
