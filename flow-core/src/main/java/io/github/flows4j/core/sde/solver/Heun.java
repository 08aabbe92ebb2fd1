package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.autodiff.Combination;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.SdeType;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import java.util.EnumSet;

/**
 * The stochastic Heun method for Stratonovich SDEs (Burrage, Burrage &amp; Tian 2004; torchsde's {@code heun}): an
 * Euler predictor and a trapezoidal corrector in both fields,
 * <pre>
 *   ŷ = y0 + f(t0, y0) h + g(t0, y0) ΔW,
 *   y1 = y0 + ½ (f(t0, y0) + f(t1, ŷ)) h + ½ (g(t0, y0) + g(t1, ŷ)) ΔW.
 * </pre>
 * Two drift and two diffusion evaluations per step, every noise type; strong order 1.0 on diagonal, scalar and
 * additive noise, 0.5 on general noise. With no noise it is the ODE Heun method (order 2).
 *
 * <pre>{@code
 * SdeSolver solver = new Heun();         // the term must be Stratonovich
 * }</pre>
 */
public final class Heun implements SdeSolver {
    private static final SolverTraits TRAITS = SolverTraits.of(0.5,
            EnumSet.allOf(NoiseType.class), EnumSet.of(SdeType.STRATONOVICH))
            .withOrder(NoiseType.DIAGONAL, 1.0).withOrder(NoiseType.SCALAR, 1.0).withOrder(NoiseType.ADDITIVE, 1.0);

    @Override
    public SolverTraits traits() {
        return TRAITS;
    }

    @Override
    public State step(SdeTerm term, State state, BrownianIncrement dw) {
        NoiseType noise = term.noiseType();
        Tensor y = state.get(0);
        double t = dw.t0();
        double h = dw.dt();
        Tensor w = dw.w();
        Tensor f = term.drift(t, y);
        Tensor gdw = noise.prod(term.diffusion(t, y), w);
        Tensor support = Combination.axpy(y, new double[] {h, 1}, new Tensor[] {f, gdw});
        Tensor fs = term.drift(dw.t1(), support);
        Tensor gdws = noise.prod(term.diffusion(dw.t1(), support), w);
        return State.of(Combination.axpy(y, new double[] {0.5 * h, 0.5 * h, 0.5, 0.5},
                new Tensor[] {f, fs, gdw, gdws}));
    }

    @Override
    public String toString() {
        return name();
    }
}
