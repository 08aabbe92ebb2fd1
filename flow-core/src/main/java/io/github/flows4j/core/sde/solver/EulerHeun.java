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
 * The Euler–Heun method for Stratonovich SDEs (Burrage, Burrage &amp; Tian 2004; torchsde's {@code euler_heun}): an
 * Euler step in the drift and a trapezoidal average of the diffusion,
 * <pre>
 *   ŷ = y0 + g(t0, y0) ΔW,    y1 = y0 + f(t0, y0) h + ½ (g(t0, y0) + g(t1, ŷ)) ΔW.
 * </pre>
 * One drift and two diffusion evaluations per step, every noise type. Strong order 0.5 in general and 1.0 on
 * commutative noise — diagonal, scalar and additive — where it reproduces the Stratonovich Milstein correction
 * without a derivative.
 *
 * <pre>{@code
 * SdeSolver solver = new EulerHeun();    // the term must be Stratonovich
 * }</pre>
 */
public final class EulerHeun implements SdeSolver {
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
        Tensor w = dw.w();
        Tensor f = term.drift(t, y);
        Tensor gdw = noise.prod(term.diffusion(t, y), w);
        Tensor support = y.add(gdw);
        Tensor gdwSupport = noise.prod(term.diffusion(dw.t1(), support), w);
        return State.of(Combination.axpy(y, new double[] {dw.dt(), 0.5, 0.5}, new Tensor[] {f, gdw, gdwSupport}));
    }

    @Override
    public String toString() {
        return name();
    }
}
