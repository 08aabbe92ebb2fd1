package io.github.flows4j.core.testing;

/**
 * Fits the empirical order of convergence: the least-squares slope of log(error) against log(step).
 *
 * <pre>{@code
 * double p = ConvergenceOrder.fit(new double[] {0.1, 0.05, 0.025}, errors);
 * assertEquals(solver.order(), p, 0.3);
 * }</pre>
 */
public final class ConvergenceOrder {
    private ConvergenceOrder() {
    }

    /**
     * @param steps  step sizes (positive)
     * @param errors errors at those steps (positive)
     * @return the fitted slope of log error against log step
     */
    public static double fit(double[] steps, double[] errors) {
        if (steps.length != errors.length || steps.length < 2) {
            throw new IllegalArgumentException("need at least two (step, error) pairs of equal count");
        }
        int n = steps.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(steps[i]);
            my += Math.log(errors[i]);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(steps[i]) - mx;
            sxy += dx * (Math.log(errors[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }
}
