package io.github.flows4j.cnf.compression;

import io.github.flows4j.core.random.Rng;
import java.util.Arrays;

/**
 * The segment start times of a piecewise process whose switches form a homogeneous Poisson process: 0, then each
 * earlier time plus an exponential gap of rate λ, while below the duration. Shared by the generators whose regime
 * changes at random times ({@link JumpProcess}, {@link CoupledOscillators}).
 *
 * <pre>{@code
 * double[] starts = PoissonTimes.sample(1.5, 2.0, rng); // starts[0] == 0, increasing, all < 2
 * }</pre>
 */
final class PoissonTimes {
    private PoissonTimes() {
    }

    /**
     * @param rate     λ &gt; 0, switches per unit time
     * @param duration the end of the window, &gt; 0
     * @param rng      draws one uniform per gap (and one more for the gap that crosses the end)
     * @return 0 followed by the switch times in [0, duration), increasing
     */
    static double[] sample(double rate, double duration, Rng rng) {
        double[] starts = new double[8];
        int n = 1;
        double t = 0;
        while (true) {
            t += -Math.log(1 - rng.nextDouble()) / rate;
            if (t >= duration) {
                return Arrays.copyOf(starts, n);
            }
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, 2 * n);
            }
            starts[n++] = t;
        }
    }
}
