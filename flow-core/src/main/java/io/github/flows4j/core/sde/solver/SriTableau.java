package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The coefficients of a stochastic Runge–Kutta method of Rößler's SRI family for Itô SDEs with diagonal or scalar
 * noise (Rößler 2010, §4): with {@code I = ΔW}, {@code I0 = ∫ (W(r) − W(t0)) dr}, {@code Ikk = (I² − h)/2},
 * {@code Ikkk = (I³ − 3hI)/6},
 * <pre>
 *   H0_i = y0 + Σ_{j&lt;i} a0[i][j] f_j h + b0[i][j] g_j I0 / h,
 *   H1_i = y0 + Σ_{j&lt;i} a1[i][j] f_j h + b1[i][j] g_j √h,
 *   y1   = y0 + Σ_i alpha[i] f_i h + g_i (beta1[i] I + beta2[i] Ikk/√h + beta3[i] I0/h + beta4[i] Ikkk/h),
 * </pre>
 * {@code f_j = f(t0 + c0[j] h, H0_j)}, {@code g_j = g(t0 + c1[j] h, H1_j)} (products elementwise). The tableau is
 * data, run by {@link Srk}.
 *
 * <pre>{@code
 * SdeSolver srk = new Srk(SraTableau.SRA1, SriTableau.SRI2);
 * }</pre>
 *
 * @param c0    drift nodes
 * @param c1    diffusion nodes
 * @param a0    drift coefficients of {@code H0}, strictly lower triangular
 * @param a1    drift coefficients of {@code H1}, strictly lower triangular
 * @param b0    diffusion coefficients of {@code H0}, strictly lower triangular
 * @param b1    diffusion coefficients of {@code H1}, strictly lower triangular
 * @param alpha drift weights
 * @param beta1 weights of {@code I}
 * @param beta2 weights of {@code Ikk / √h}
 * @param beta3 weights of {@code I0 / h}
 * @param beta4 weights of {@code Ikkk / h}
 */
public record SriTableau(double[] c0, double[] c1, double[][] a0, double[][] a1, double[][] b0, double[][] b1,
        double[] alpha, double[] beta1, double[] beta2, double[] beta3, double[] beta4) {
    /** SRI2 (torchsde's {@code srid2}): four stages, strong order 1.5 on diagonal and scalar noise. */
    public static final SriTableau SRI2 = new SriTableau(
            new double[] {0, 1, 1.0 / 2, 0},
            new double[] {0, 1.0 / 4, 1, 1.0 / 4},
            new double[][] {{}, {1}, {1.0 / 4, 1.0 / 4}, {0, 0, 0}},
            new double[][] {{}, {1.0 / 4}, {1, 0}, {0, 0, 1.0 / 4}},
            new double[][] {{}, {0}, {1, 1.0 / 2}, {0, 0, 0}},
            new double[][] {{}, {-1.0 / 2}, {1, 0}, {2, -1, 1.0 / 2}},
            new double[] {1.0 / 6, 1.0 / 6, 2.0 / 3, 0},
            new double[] {-1, 4.0 / 3, 2.0 / 3, 0},
            new double[] {1, -4.0 / 3, 1.0 / 3, 0},
            new double[] {2, -4.0 / 3, -2.0 / 3, 0},
            new double[] {-2, 5.0 / 3, -2.0 / 3, 1});

    /**
     * Checks the shapes and values and keeps private copies.
     *
     * @throws InvalidConfigException naming the first coefficient array of the wrong length or a non-finite value
     */
    public SriTableau {
        int s = c0.length;
        Tableaus.requireLength("c1", c1, s);
        Tableaus.requireLength("alpha", alpha, s);
        Tableaus.requireLength("beta1", beta1, s);
        Tableaus.requireLength("beta2", beta2, s);
        Tableaus.requireLength("beta3", beta3, s);
        Tableaus.requireLength("beta4", beta4, s);
        Tableaus.requireTriangular("a0", a0, s);
        Tableaus.requireTriangular("a1", a1, s);
        Tableaus.requireTriangular("b0", b0, s);
        Tableaus.requireTriangular("b1", b1, s);
        c0 = c0.clone();
        c1 = c1.clone();
        a0 = Tableaus.copy(a0);
        a1 = Tableaus.copy(a1);
        b0 = Tableaus.copy(b0);
        b1 = Tableaus.copy(b1);
        alpha = alpha.clone();
        beta1 = beta1.clone();
        beta2 = beta2.clone();
        beta3 = beta3.clone();
        beta4 = beta4.clone();
    }

    /** @return the number of stages */
    public int stages() {
        return c0.length;
    }

    @Override
    public double[] c0() {
        return c0.clone();
    }

    @Override
    public double[] c1() {
        return c1.clone();
    }

    @Override
    public double[][] a0() {
        return Tableaus.copy(a0);
    }

    @Override
    public double[][] a1() {
        return Tableaus.copy(a1);
    }

    @Override
    public double[][] b0() {
        return Tableaus.copy(b0);
    }

    @Override
    public double[][] b1() {
        return Tableaus.copy(b1);
    }

    @Override
    public double[] alpha() {
        return alpha.clone();
    }

    @Override
    public double[] beta1() {
        return beta1.clone();
    }

    @Override
    public double[] beta2() {
        return beta2.clone();
    }

    @Override
    public double[] beta3() {
        return beta3.clone();
    }

    @Override
    public double[] beta4() {
        return beta4.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SriTableau t && java.util.Arrays.equals(c0, t.c0) && java.util.Arrays.equals(c1, t.c1)
                && java.util.Arrays.deepEquals(a0, t.a0) && java.util.Arrays.deepEquals(a1, t.a1)
                && java.util.Arrays.deepEquals(b0, t.b0) && java.util.Arrays.deepEquals(b1, t.b1)
                && java.util.Arrays.equals(alpha, t.alpha) && java.util.Arrays.equals(beta1, t.beta1)
                && java.util.Arrays.equals(beta2, t.beta2) && java.util.Arrays.equals(beta3, t.beta3)
                && java.util.Arrays.equals(beta4, t.beta4);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(c0) * 31 + java.util.Arrays.deepHashCode(b1);
    }

    @Override
    public String toString() {
        return "SriTableau[" + stages() + " stages]";
    }
}
