package io.github.flows4j.core.sde.solver;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.sde.NoiseType;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.SdeType;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import java.util.Set;

/**
 * One step of an SDE method: from the solver state at {@code t0} to the one at {@code t1}, given the Brownian
 * increment over {@code [t0, t1]}. As in diffrax, the solver is immutable and what a method carries from step to
 * step is passed in and out explicitly: the solver state is a {@link State} whose part 0 is {@code y}
 * ({@code [batch, d]}) and whose further parts are the method's own (the reversible Heun's {@code ẑ, f(ẑ), g(ẑ)}).
 *
 * <p>Like torchsde, every solver declares the {@link #noiseTypes() noise types} and {@link #sdeTypes() SDE types} it
 * solves and its {@link #strongOrder() strong order}; {@link #requireSupports} rejects a mismatch before a solve
 * starts, with a message naming what the solver supports.
 *
 * <pre>{@code
 * SdeSolver solver = new Milstein();
 * solver.requireSupports(term.noiseType(), term.sdeType());
 * State s = solver.init(term, 0.0, y0);
 * s = solver.step(term, s, brownian.increment(0.0, 0.01));
 * Tensor y1 = s.get(0);
 * }</pre>
 */
public interface SdeSolver {

    /** @return what the method supports and its strong orders */
    SolverTraits traits();

    /**
     * @return the strong order {@code p} the method attains on every noise type it supports:
     *     {@code E|y_N − y(T)| = O(h^p)}
     */
    default double strongOrder() {
        return traits().strongOrder();
    }

    /**
     * @param noise a supported noise type
     * @return the strong order on that noise type (higher than {@link #strongOrder()} where the noise allows it,
     *     e.g. Euler–Maruyama's 1.0 on additive noise)
     */
    default double strongOrder(NoiseType noise) {
        return traits().strongOrder(noise);
    }

    /** @return the noise types this method solves */
    default Set<NoiseType> noiseTypes() {
        return traits().noiseTypes();
    }

    /** @return the calculi this method solves */
    default Set<SdeType> sdeTypes() {
        return traits().sdeTypes();
    }

    /** @return whether the method needs the space-time Lévy area from the Brownian path */
    default boolean requiresSpaceTimeLevyArea() {
        return false;
    }

    /** @return a short name for messages */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Rejects a term this method cannot solve.
     *
     * @param noise the term's noise type
     * @param type  the term's SDE type
     * @throws InvalidConfigException naming the supported noise or SDE types and the term's
     */
    default void requireSupports(NoiseType noise, SdeType type) {
        if (!noiseTypes().contains(noise)) {
            throw new InvalidConfigException(name() + " supports noise types " + noiseTypes() + "; the term's noise "
                    + "type is " + noise);
        }
        if (!sdeTypes().contains(type)) {
            throw new InvalidConfigException(name() + " supports SDE types " + sdeTypes() + "; the term is " + type
                    + (type == SdeType.STRATONOVICH ? " (use EulerHeun, Heun, ReversibleHeun or Milstein)"
                            : " (use EulerMaruyama, Milstein or Srk)"));
        }
    }

    /**
     * @param term the SDE
     * @param t0   the start time
     * @param y0   the initial state, {@code [batch, d]}
     * @return the solver state at {@code t0}; part 0 is {@code y0} itself
     */
    default State init(SdeTerm term, double t0, Tensor y0) {
        return State.of(y0);
    }

    /**
     * @param term  the SDE
     * @param state the solver state at {@code dw.t0()}
     * @param dw    the Brownian increment over the step {@code [dw.t0(), dw.t1()]}, {@code [batch, m]}
     * @return the solver state at {@code dw.t1()}
     */
    State step(SdeTerm term, State state, BrownianIncrement dw);
}
