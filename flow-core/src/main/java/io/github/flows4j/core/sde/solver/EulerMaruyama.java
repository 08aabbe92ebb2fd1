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
 * The Euler–Maruyama method for Itô SDEs, {@code y1 = y0 + f(t0, y0) h + g(t0, y0) ΔW} (Kloeden &amp; Platen 1992,
 * §10.2): one drift and one diffusion evaluation per step, every noise type, strong order 0.5 (1.0 on additive
 * noise, where it coincides with the Milstein method).
 *
 * <pre>{@code
 * Solution s = Sde.solve(term, new EulerMaruyama(), TimeSpan.of(0, 1), y0, brownian,
 *         SdeOptions.builder().dt(0.01).build());
 * }</pre>
 */
public final class EulerMaruyama implements SdeSolver {
    private static final SolverTraits TRAITS = SolverTraits.of(0.5,
            EnumSet.allOf(NoiseType.class), EnumSet.of(SdeType.ITO))
            .withOrder(NoiseType.ADDITIVE, 1.0);

    @Override
    public SolverTraits traits() {
        return TRAITS;
    }

    @Override
    public State step(SdeTerm term, State state, BrownianIncrement dw) {
        Tensor y = state.get(0);
        double t = dw.t0();
        Tensor f = term.drift(t, y);
        Tensor gdw = term.noiseType().prod(term.diffusion(t, y), dw.w());
        return State.of(Combination.axpy(y, new double[] {dw.dt(), 1}, new Tensor[] {f, gdw}));
    }

    @Override
    public String toString() {
        return name();
    }
}
