package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.InvalidConfigException;

/**
 * The coefficients of a stochastic Runge–Kutta method of Rößler's SRA family for Itô SDEs with additive noise
 * (Rößler, <i>Runge–Kutta methods for the strong approximation of solutions of stochastic differential
 * equations</i>, SIAM J. Numer. Anal. 48(3), 2010, §5): with {@code I = ΔW} and {@code I0 = ∫ (W(r) − W(t0)) dr},
 * <pre>
 *   H_i = y0 + Σ_{j&lt;i} a0[i][j] f(t0 + c0[j] h, H_j) h + b0[i][j] g(t0 + c1[j] h) I0 / h,
 *   y1  = y0 + Σ_i alpha[i] f(t0 + c0[i] h, H_i) h + g(t0 + c1[i] h) (beta1[i] I + beta2[i] I0 / h).
 * </pre>
 * The tableau is data, run by {@link Srk}.
 *
 * <pre>{@code
 * SdeSolver srk = new Srk(SraTableau.SRA1, SriTableau.SRI2);
 * }</pre>
 *
 * @param c0    drift nodes, one per stage
 * @param c1    diffusion nodes, one per stage
 * @param a0    drift coefficients, strictly lower triangular ({@code a0[i].length == i})
 * @param b0    diffusion coefficients of the stage values, strictly lower triangular
 * @param alpha drift weights
 * @param beta1 weights of {@code I}
 * @param beta2 weights of {@code I0 / h}
 */
public record SraTableau(double[] c0, double[] c1, double[][] a0, double[][] b0, double[] alpha, double[] beta1,
        double[] beta2) {
    /** SRA1: two stages, strong order 1.5 on additive noise (deterministic order 2). */
    public static final SraTableau SRA1 = new SraTableau(
            new double[] {0, 3.0 / 4},
            new double[] {1, 0},
            new double[][] {{}, {3.0 / 4}},
            new double[][] {{}, {3.0 / 2}},
            new double[] {1.0 / 3, 2.0 / 3},
            new double[] {1, 0},
            new double[] {-1, 1});

    /**
     * Checks the shapes and values and keeps private copies.
     *
     * @throws InvalidConfigException naming the first coefficient array of the wrong length or a non-finite value
     */
    public SraTableau {
        int s = c0.length;
        Tableaus.requireLength("c1", c1, s);
        Tableaus.requireLength("alpha", alpha, s);
        Tableaus.requireLength("beta1", beta1, s);
        Tableaus.requireLength("beta2", beta2, s);
        Tableaus.requireTriangular("a0", a0, s);
        Tableaus.requireTriangular("b0", b0, s);
        c0 = c0.clone();
        c1 = c1.clone();
        a0 = Tableaus.copy(a0);
        b0 = Tableaus.copy(b0);
        alpha = alpha.clone();
        beta1 = beta1.clone();
        beta2 = beta2.clone();
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
    public double[][] b0() {
        return Tableaus.copy(b0);
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
    public boolean equals(Object o) {
        return o instanceof SraTableau t && java.util.Arrays.equals(c0, t.c0) && java.util.Arrays.equals(c1, t.c1)
                && java.util.Arrays.deepEquals(a0, t.a0) && java.util.Arrays.deepEquals(b0, t.b0)
                && java.util.Arrays.equals(alpha, t.alpha) && java.util.Arrays.equals(beta1, t.beta1)
                && java.util.Arrays.equals(beta2, t.beta2);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(c0) * 31 + java.util.Arrays.deepHashCode(a0);
    }

    @Override
    public String toString() {
        return "SraTableau[" + stages() + " stages]";
    }
}
