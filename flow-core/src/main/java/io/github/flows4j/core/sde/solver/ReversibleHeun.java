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
 * The reversible Heun method for Stratonovich SDEs (Kidger, Foster, Li &amp; Lyons, <i>Efficient and Accurate
 * Gradients for Neural SDEs</i>, NeurIPS 2021, Algorithm 1): it carries a second state {@code ẑ} and the fields
 * there, {@code (y, ẑ, f(ẑ), g(ẑ))}, and steps
 * <pre>
 *   ẑ1 = 2 y0 − ẑ0 + f0 h + g0 ΔW,    f1 = f(t1, ẑ1), g1 = g(t1, ẑ1),
 *   y1 = y0 + ½ (f0 + f1) h + ½ (g0 + g1) ΔW,
 * </pre>
 * which is algebraically reversible:
 * {@code ẑ0 = 2 y1 − ẑ1 − f1 h − g1 ΔW}, {@code (f0, g0)} at {@code ẑ0}, {@code y0 = y1 − ½ (f0 + f1) h − ½ (g0 + g1) ΔW}.
 * One drift and one diffusion evaluation per step (the fewest of any method here), every noise type, strong order
 * 0.5 in general and 1.0 on additive noise. With {@link io.github.flows4j.core.sde.adjoint.ReversibleAdjoint} its
 * gradients are those of backprop through the solver, to rounding, in memory independent of the number of steps.
 *
 * <p>Solver state: part 0 {@code y} {@code [batch, d]}, part 1 {@code ẑ} {@code [batch, d]}, part 2 {@code f(ẑ)}
 * {@code [batch, d]}, part 3 {@code g(ẑ)} (the diffusion's shape).
 *
 * <pre>{@code
 * Solution s = Sde.solve(term, new ReversibleHeun(), span, y0, brownian,
 *         SdeOptions.builder().dt(0.01).adjoint(new ReversibleAdjoint()).build());
 * }</pre>
 */
public final class ReversibleHeun implements ReversibleSdeSolver {
    private static final SolverTraits TRAITS = SolverTraits.of(0.5,
            EnumSet.allOf(NoiseType.class), EnumSet.of(SdeType.STRATONOVICH))
            .withOrder(NoiseType.ADDITIVE, 1.0);

    @Override
    public SolverTraits traits() {
        return TRAITS;
    }

    @Override
    public State init(SdeTerm term, double t0, Tensor y0) {
        return State.of(y0, y0, term.drift(t0, y0), term.diffusion(t0, y0));
    }

    @Override
    public State step(SdeTerm term, State state, BrownianIncrement dw) {
        NoiseType noise = term.noiseType();
        Tensor y0 = state.get(0);
        Tensor z0 = state.get(1);
        Tensor f0 = state.get(2);
        Tensor g0 = state.get(3);
        double h = dw.dt();
        Tensor w = dw.w();
        Tensor g0dw = noise.prod(g0, w);
        Tensor z1 = Combination.axpy(y0, new double[] {1, -1, h, 1}, new Tensor[] {y0, z0, f0, g0dw});
        Tensor f1 = term.drift(dw.t1(), z1);
        Tensor g1 = term.diffusion(dw.t1(), z1);
        Tensor y1 = Combination.axpy(y0, new double[] {0.5 * h, 0.5 * h, 0.5, 0.5},
                new Tensor[] {f0, f1, g0dw, noise.prod(g1, w)});
        return State.of(y1, z1, f1, g1);
    }

    @Override
    public State reverse(SdeTerm term, State state1, BrownianIncrement dw) {
        NoiseType noise = term.noiseType();
        Tensor y1 = state1.get(0);
        Tensor z1 = state1.get(1);
        Tensor f1 = state1.get(2);
        Tensor g1 = state1.get(3);
        double h = dw.dt();
        Tensor w = dw.w();
        Tensor g1dw = noise.prod(g1, w);
        Tensor z0 = Combination.axpy(y1, new double[] {1, -1, -h, -1}, new Tensor[] {y1, z1, f1, g1dw});
        Tensor f0 = term.drift(dw.t0(), z0);
        Tensor g0 = term.diffusion(dw.t0(), z0);
        Tensor y0 = Combination.axpy(y1, new double[] {-0.5 * h, -0.5 * h, -0.5, -0.5},
                new Tensor[] {f0, f1, noise.prod(g0, w), g1dw});
        return State.of(y0, z0, f0, g0);
    }

    @Override
    public String toString() {
        return name();
    }
}
