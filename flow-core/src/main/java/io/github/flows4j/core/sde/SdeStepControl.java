package io.github.flows4j.core.sde;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The step-size rule of adaptive SDE solves: the step-doubling error norm and a proportional–integral controller
 * (Gustafsson 1991, the form torchsde uses), on the local error order {@code q = p + ½} of a method of strong order
 * {@code p}. With {@code r} the error norm of the step just tried and {@code r'} that of the last accepted step, a
 * rejected step ({@code r > 1}) shrinks by {@code clamp(0.9 r^(−1/q), 0.2, 1)}; an accepted one grows by
 * {@code clamp(0.9 r^(−0.7/q) (r'/r)^(0.4/q), 1, 1.4)} — accepted steps never shrink the next, and growth is slow
 * because an error estimate on a random path is itself noisy.
 *
 * <pre>{@code
 * double r = SdeStepControl.errorNorm(yFull, yHalves, d, 1e-3, 1e-4);
 * double next = SdeStepControl.next(h, r, previous, 1.0, dtMin, dtMax);
 * }</pre>
 */
final class SdeStepControl {
    static final double SAFETY = 0.9;
    static final double SHRINK = 0.2;
    static final double GROW = 1.4;
    static final double ICOEFF = 0.7;
    static final double PCOEFF = 0.4;

    private SdeStepControl() {
    }

    /**
     * @param full   the state after one step of {@code h}, {@code [batch, D]}
     * @param halves the state after two steps of {@code h/2}, {@code [batch, D]}
     * @param d      the leading columns to measure (the user's state, not the KL part)
     * @param rtol   relative tolerance
     * @param atol   absolute tolerance
     * @return {@code sqrt(mean(((full − halves)/(atol + rtol·max(|full|, |halves|)))²))}; NaN or ∞ if either is
     */
    static double errorNorm(INDArray full, INDArray halves, long d, double rtol, double atol) {
        double[][] a = full.toDoubleMatrix();
        double[][] b = halves.toDoubleMatrix();
        double sum = 0;
        long n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < d; j++) {
                double scale = atol + rtol * Math.max(Math.abs(a[i][j]), Math.abs(b[i][j]));
                double e = (a[i][j] - b[i][j]) / Math.max(scale, 1e-300);
                sum += e * e;
                n++;
            }
        }
        return Math.sqrt(sum / Math.max(n, 1));
    }

    /**
     * @param h        the step just tried
     * @param ratio    its error norm
     * @param previous the error norm of the last accepted step (NaN before the first)
     * @param order    the local error order {@code p + ½}
     * @param dtMin    the smallest step
     * @param dtMax    the largest step
     * @return the next step to try
     */
    static double next(double h, double ratio, double previous, double order, double dtMin, double dtMax) {
        double factor;
        if (!Double.isFinite(ratio)) {
            factor = SHRINK;
        } else if (ratio > 1) {
            factor = Math.min(1, Math.max(SHRINK, SAFETY * Math.pow(ratio, -1 / order)));
        } else if (ratio == 0) {
            factor = GROW;
        } else {
            double prev = Double.isNaN(previous) ? ratio : Math.max(previous, 1e-10);
            factor = SAFETY * Math.pow(ratio, -ICOEFF / order) * Math.pow(prev / ratio, PCOEFF / order);
            factor = Math.min(GROW, Math.max(1, factor));
        }
        return Math.min(dtMax, Math.max(dtMin, h * factor));
    }
}
