package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.autodiff.Combination;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.sde.DiffusionDerivative;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.SdeType;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import java.util.EnumSet;

/**
 * The Milstein method (Kloeden &amp; Platen 1992, §10.3), strong order 1.0 for diagonal, scalar and additive noise,
 * in either calculus:
 * <pre>
 *   y1 = y0 + f h + g ΔW + ½ (g′g) v,    v = ΔW² − h (Itô) or ΔW² (Stratonovich),
 * </pre>
 * with {@code f, g} at {@code (t0, y0)} and {@code g′g} the derivative of the diffusion along itself: for diagonal
 * noise {@code g_i ∂g_i/∂y_i}, for scalar noise the Jacobian-vector product {@code (∂g/∂y) g}. On additive noise the
 * correction vanishes and the step is Euler–Maruyama's.
 *
 * <p>{@link Derivative#AUTODIFF} (the default) computes {@code g′g} by reverse-mode autodiff of the diffusion (a
 * vector-Jacobian product for diagonal noise, a Jacobian-vector product for scalar noise), recorded so that
 * backprop through the solver differentiates it again. {@link Derivative#DERIVATIVE_FREE} replaces it with a
 * difference of two diffusion evaluations (one more evaluation, no autodiff, same order): for Itô SDEs Platen's
 * {@code g′g ≈ (g(t0, ŷ) − g(t0, y0))/√h} at {@code ŷ = y0 + f h + g √h} (Kloeden &amp; Platen 1992, §11.1), whose
 * error multiplies the mean-zero {@code ΔW² − h}; for Stratonovich SDEs {@code ½ g′g ΔW² ≈ ½ (g(t0, y0 + g ΔW) −
 * g(t0, y0)) ΔW}, whose error is odd in {@code ΔW} (a one-sided {@code √h} difference would leave a mean error of
 * order {@code h^1.5} per step against {@code ΔW²}, which has mean {@code h}, and lose half an order).
 *
 * <pre>{@code
 * SdeSolver exact = new Milstein();
 * SdeSolver free = new Milstein(Milstein.Derivative.DERIVATIVE_FREE);
 * }</pre>
 */
public final class Milstein implements SdeSolver {
    private static final SolverTraits TRAITS = SolverTraits.of(1.0,
            EnumSet.of(NoiseType.DIAGONAL, NoiseType.ADDITIVE, NoiseType.SCALAR), EnumSet.allOf(SdeType.class));

    /** How the derivative term {@code g′g} is obtained. */
    public enum Derivative {
        /** By autodiff of the diffusion. */
        AUTODIFF,
        /** By a difference of two diffusion evaluations. */
        DERIVATIVE_FREE
    }

    private final Derivative derivative;

    /** The autodiff variant. */
    public Milstein() {
        this(Derivative.AUTODIFF);
    }

    /**
     * @param derivative how {@code g′g} is obtained
     */
    public Milstein(Derivative derivative) {
        if (derivative == null) {
            throw new IllegalArgumentException("derivative must not be null");
        }
        this.derivative = derivative;
    }

    /** @return how {@code g′g} is obtained */
    public Derivative derivative() {
        return derivative;
    }

    @Override
    public SolverTraits traits() {
        return TRAITS;
    }

    @Override
    public String name() {
        return derivative == Derivative.AUTODIFF ? "Milstein" : "Milstein(derivative-free)";
    }

    @Override
    public State step(SdeTerm term, State state, BrownianIncrement dw) {
        NoiseType noise = term.noiseType();
        Tensor y = state.get(0);
        double t = dw.t0();
        double h = dw.dt();
        Tensor w = dw.w();
        Tensor f = term.drift(t, y);
        if (noise == NoiseType.ADDITIVE) {
            Tensor gdw = noise.prod(term.diffusion(t, y), w);
            return State.of(Combination.axpy(y, new double[] {h, 1}, new Tensor[] {f, gdw}));
        }
        Tensor v = term.sdeType() == SdeType.ITO ? w.square().sub(h) : w.square();
        Tensor g;
        Tensor correction;
        if (derivative == Derivative.AUTODIFF) {
            Tensor[] gAndGdg = DiffusionDerivative.alongItself(term, t, y);
            g = gAndGdg[0];
            correction = gAndGdg[1].mul(v);
        } else if (term.sdeType() == SdeType.ITO) {
            g = term.diffusion(t, y);
            double sq = Math.sqrt(h);
            Tensor support = Combination.axpy(y, new double[] {h, sq}, new Tensor[] {f, noise.column(g)});
            correction = noise.prod(term.diffusion(t, support), v).sub(noise.prod(g, v)).div(sq);
        } else {
            g = term.diffusion(t, y);
            Tensor gdw0 = noise.prod(g, w);
            correction = noise.prod(term.diffusion(t, y.add(gdw0)), w).sub(gdw0);
        }
        Tensor gdw = noise.prod(g, w);
        return State.of(Combination.axpy(y, new double[] {h, 1, 0.5}, new Tensor[] {f, gdw, correction}));
    }

    @Override
    public String toString() {
        return name();
    }
}
