package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.autodiff.Combination;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.SdeType;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Rößler's strong-order-1.5 stochastic Runge–Kutta methods for Itô SDEs (Rößler 2010), as torchsde's {@code srk}:
 * an {@link SraTableau} (SRA1 by default) for additive noise and an {@link SriTableau} (SRI2 by default) for
 * diagonal and scalar noise. Both need the space-time Lévy area of the Brownian path (the time integral
 * {@code I0 = h (H + ΔW/2)}), which {@link io.github.flows4j.core.sde.brownian.VirtualBrownianTree} provides; with
 * diagonal noise every iterated integral the order needs is a function of {@code ΔW} and {@code I0}.
 *
 * <p>Cost per step: SRA1 two drift and two diffusion evaluations; SRI2 three drift and four diffusion evaluations.
 *
 * <pre>{@code
 * Solution s = Sde.solve(term, new Srk(), TimeSpan.of(0, 1), y0, VirtualBrownianTree.of(0, 1, batch, d, 7),
 *         SdeOptions.builder().dt(0.05).build());
 * }</pre>
 */
public final class Srk implements SdeSolver {
    private static final SolverTraits TRAITS = SolverTraits.of(1.5,
            EnumSet.of(NoiseType.DIAGONAL, NoiseType.ADDITIVE, NoiseType.SCALAR), EnumSet.of(SdeType.ITO));

    private final SraTableau additive;
    private final SriTableau diagonal;

    /** SRA1 for additive noise, SRI2 for diagonal and scalar noise. */
    public Srk() {
        this(SraTableau.SRA1, SriTableau.SRI2);
    }

    /**
     * @param additive the method for additive noise
     * @param diagonal the method for diagonal and scalar noise
     */
    public Srk(SraTableau additive, SriTableau diagonal) {
        if (additive == null || diagonal == null) {
            throw new IllegalArgumentException("additive and diagonal tableaus must not be null");
        }
        this.additive = additive;
        this.diagonal = diagonal;
    }

    @Override
    public SolverTraits traits() {
        return TRAITS;
    }

    @Override
    public boolean requiresSpaceTimeLevyArea() {
        return true;
    }

    @Override
    public State step(SdeTerm term, State state, BrownianIncrement dw) {
        Tensor y = state.get(0);
        return State.of(term.noiseType() == NoiseType.ADDITIVE ? additiveStep(term, y, dw) : diagonalStep(term, y, dw));
    }

    private Tensor additiveStep(SdeTerm term, Tensor y, BrownianIncrement dw) {
        NoiseType noise = term.noiseType();
        SraTableau tb = additive;
        int s = tb.stages();
        double t = dw.t0();
        double h = dw.dt();
        Tensor w = dw.w();
        Tensor i0 = dw.timeIntegral();
        double[] c0 = tb.c0();
        double[] c1 = tb.c1();
        double[][] a0 = tb.a0();
        double[][] b0 = tb.b0();
        double[] alpha = tb.alpha();
        double[] beta1 = tb.beta1();
        double[] beta2 = tb.beta2();
        Tensor[] f = new Tensor[s];
        Tensor[] g = new Tensor[s];
        Tensor[] gi0 = new Tensor[s];
        List<Double> coeffs = new ArrayList<>();
        List<Tensor> terms = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            g[i] = term.diffusion(t + c1[i] * h, y);
            double[] c = new double[2 * i];
            Tensor[] k = new Tensor[2 * i];
            for (int j = 0; j < i; j++) {
                c[2 * j] = a0[i][j] * h;
                k[2 * j] = f[j];
                c[2 * j + 1] = b0[i][j] / h;
                if (b0[i][j] != 0) {
                    gi0[j] = gi0[j] != null ? gi0[j] : noise.prod(g[j], i0);
                    k[2 * j + 1] = gi0[j];
                }
            }
            Tensor stage = Combination.axpy(y, c, k);
            f[i] = term.drift(t + c0[i] * h, stage);
            coeffs.add(alpha[i] * h);
            terms.add(f[i]);
            if (beta1[i] != 0 || beta2[i] != 0) {
                Tensor weight = Combination.linear(new double[] {beta1[i], beta2[i] / h}, new Tensor[] {w, i0});
                coeffs.add(1.0);
                terms.add(noise.prod(g[i], weight));
            }
        }
        return Combination.axpy(y, unbox(coeffs), terms.toArray(new Tensor[0]));
    }

    private Tensor diagonalStep(SdeTerm term, Tensor y, BrownianIncrement dw) {
        NoiseType noise = term.noiseType();
        SriTableau tb = diagonal;
        int s = tb.stages();
        double t = dw.t0();
        double h = dw.dt();
        double sq = Math.sqrt(h);
        Tensor w = dw.w();
        Tensor i0 = dw.timeIntegral();
        Tensor ikk = w.square().sub(h).mul(0.5);
        Tensor ikkk = w.pow(3).sub(w.mul(3 * h)).div(6);
        double[] c0 = tb.c0();
        double[] c1 = tb.c1();
        double[][] a0 = tb.a0();
        double[][] a1 = tb.a1();
        double[][] b0 = tb.b0();
        double[][] b1 = tb.b1();
        double[] alpha = tb.alpha();
        double[] beta1 = tb.beta1();
        double[] beta2 = tb.beta2();
        double[] beta3 = tb.beta3();
        double[] beta4 = tb.beta4();
        Tensor[] f = new Tensor[s];
        Tensor[] col = new Tensor[s];
        Tensor[] gi0 = new Tensor[s];
        List<Double> coeffs = new ArrayList<>();
        List<Tensor> terms = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            double[] c = new double[2 * i];
            Tensor[] k = new Tensor[2 * i];
            double[] cb = new double[2 * i];
            Tensor[] kb = new Tensor[2 * i];
            for (int j = 0; j < i; j++) {
                c[2 * j] = a0[i][j] * h;
                k[2 * j] = f[j];
                c[2 * j + 1] = b0[i][j] / h;
                if (b0[i][j] != 0) {
                    gi0[j] = gi0[j] != null ? gi0[j] : col[j].mul(i0);
                    k[2 * j + 1] = gi0[j];
                }
                cb[2 * j] = a1[i][j] * h;
                kb[2 * j] = f[j];
                cb[2 * j + 1] = b1[i][j] * sq;
                kb[2 * j + 1] = col[j];
            }
            if (alpha[i] != 0 || usedLater(a0, a1, i)) {
                f[i] = term.drift(t + c0[i] * h, Combination.axpy(y, c, k));
                coeffs.add(alpha[i] * h);
                terms.add(f[i]);
            }
            boolean weighted = beta1[i] != 0 || beta2[i] != 0 || beta3[i] != 0 || beta4[i] != 0;
            if (weighted || usedLater(b0, b1, i)) {
                Tensor g = term.diffusion(t + c1[i] * h, Combination.axpy(y, cb, kb));
                col[i] = noise.column(g);
                if (weighted) {
                    Tensor weight = Combination.linear(new double[] {beta1[i], beta2[i] / sq, beta3[i] / h,
                        beta4[i] / h}, new Tensor[] {w, ikk, i0, ikkk});
                    coeffs.add(1.0);
                    terms.add(noise.prod(g, weight));
                }
            }
        }
        return Combination.axpy(y, unbox(coeffs), terms.toArray(new Tensor[0]));
    }

    /** Whether stage {@code i}'s evaluation enters a later stage through either coefficient matrix. */
    private static boolean usedLater(double[][] m0, double[][] m1, int i) {
        for (int r = i + 1; r < m0.length; r++) {
            if (m0[r][i] != 0 || m1[r][i] != 0) {
                return true;
            }
        }
        return false;
    }

    private static double[] unbox(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Srk[" + additive + ", " + diagonal + "]";
    }
}
