package io.github.flows4j.examples.ncl;

import io.github.flows4j.core.data.Toy2d;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.examples.support.Choices;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The end-point densities of {@code ncl-ot}: {@link #GAUSSIAN} moves N(m₀, diag s₀²) to N(m₁, diag s₁²), whose
 * squared 2-Wasserstein distance has the closed form |m₁ − m₀|² + |s₁ − s₀|²; {@link #PINWHEEL} moves the pinwheel
 * to the eight Gaussians (the paper's Figure 4), anchored by the exact discrete OT cost of equal-size samples.
 *
 * <pre>{@code
 * INDArray x0 = OtProblem.GAUSSIAN.source(256, rng);   // [256, 2] float64
 * double w2 = OtProblem.GAUSSIAN.closedFormW2Squared(); // 17.74
 * }</pre>
 */
public enum OtProblem {
    /** N((−2, 0), diag(1, 0.25)) → N((2, 1), diag(0.25, 1.44)). */
    GAUSSIAN("gaussian"),
    /** pinwheel → 8 Gaussians. */
    PINWHEEL("pinwheel");

    static final double[] M0 = {-2, 0};
    static final double[] S0 = {1, 0.5};
    static final double[] M1 = {2, 1};
    static final double[] S1 = {0.5, 1.2};

    private final String id;

    OtProblem(String id) {
        this.id = id;
    }

    /** @return the command-line name */
    public String id() {
        return id;
    }

    /** @param n how many @param rng the generator @return source samples, [n, 2] float64 */
    INDArray source(int n, Rng rng) {
        return this == GAUSSIAN ? gaussian(n, M0, S0, rng) : Toy2d.PINWHEEL.sample(n, rng, DataType.DOUBLE);
    }

    /** @param n how many @param rng the generator @return target samples, [n, 2] float64 */
    INDArray target(int n, Rng rng) {
        return this == GAUSSIAN ? gaussian(n, M1, S1, rng) : Toy2d.EIGHT_GAUSSIANS.sample(n, rng, DataType.DOUBLE);
    }

    /** @return W₂² between the two Gaussians (only for {@link #GAUSSIAN}) */
    static double closedFormW2Squared() {
        double s = 0;
        for (int i = 0; i < 2; i++) {
            s += (M1[i] - M0[i]) * (M1[i] - M0[i]) + (S1[i] - S0[i]) * (S1[i] - S0[i]);
        }
        return s;
    }

    /** @return the differential entropies (nats) of the source and the target (only for {@link #GAUSSIAN}) */
    static double[] gaussianEntropies() {
        double h0 = 0;
        double h1 = 0;
        for (int i = 0; i < 2; i++) {
            h0 += 0.5 * Math.log(2 * Math.PI * Math.E * S0[i] * S0[i]);
            h1 += 0.5 * Math.log(2 * Math.PI * Math.E * S1[i] * S1[i]);
        }
        return new double[] {h0, h1};
    }

    private static INDArray gaussian(int n, double[] m, double[] s, Rng rng) {
        INDArray x = rng.normal(DataType.DOUBLE, n, 2);
        x.muliRowVector(Nd4j.createFromArray(s)).addiRowVector(Nd4j.createFromArray(m));
        return x;
    }

    /** The {@code --problem} converter. */
    public static final class Converter extends Choices<OtProblem> {
        public Converter() {
            super(values(), OtProblem::id);
        }
    }
}
