package io.github.flows4j.core.ode.solver;

/**
 * A Runge–Kutta method's continuous extension: weights {@code B_j(θ)} with
 * {@code y(t0 + θh) = y0 + h Σ_j B_j(θ) k_j} and {@code B_j(1) = b_j}.
 *
 * <pre>{@code
 * DenseWeights hermiteFree = theta -> new double[] {theta};    // Euler's linear interpolant
 * }</pre>
 */
@FunctionalInterface
public interface DenseWeights {
    /**
     * @param theta the fraction of the step, in [0, 1]
     * @return one weight per stage
     */
    double[] weights(double theta);
}
