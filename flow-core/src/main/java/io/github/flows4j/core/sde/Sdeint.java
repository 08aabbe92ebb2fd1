package io.github.flows4j.core.sde;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.ShapeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Odeint;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.random.Rng;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.brownian.VirtualBrownianTree;
import io.github.flows4j.core.sde.solver.EulerHeun;
import io.github.flows4j.core.sde.solver.EulerMaruyama;
import io.github.flows4j.core.sde.solver.Heun;
import io.github.flows4j.core.sde.solver.Milstein;
import io.github.flows4j.core.sde.solver.ReversibleHeun;
import io.github.flows4j.core.sde.solver.SdeSolver;
import io.github.flows4j.core.sde.solver.Srk;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * torchsde's {@code sdeint} in one call: an SDE, {@code y0 [batch, d]}, the times, a method name, a step and the
 * noise in; the trajectory {@code [len(times), batch, d]} out. A convenience edge over {@link Sde#solve}: the name
 * is resolved once, through {@link #solver(String)}, and the noise is either a {@link BrownianPath} (torchsde's
 * {@code bm}) or a {@link VirtualBrownianTree} seeded from an {@link Rng}.
 *
 * <p>Methods (torchsde's names, then diffrax's class names as aliases); each solver still checks the term's noise
 * and SDE types up front:
 * <table>
 *   <caption>method names</caption>
 *   <tr><th>name</th><th>solver</th><th>calculus</th></tr>
 *   <tr><td>{@code euler}, {@code Euler}</td><td>{@link EulerMaruyama}</td><td>Itô</td></tr>
 *   <tr><td>{@code milstein}, {@code ItoMilstein}, {@code StratonovichMilstein}</td><td>{@link Milstein}</td>
 *       <td>both</td></tr>
 *   <tr><td>{@code milstein_grad_free}</td><td>{@link Milstein} ({@code DERIVATIVE_FREE})</td><td>both</td></tr>
 *   <tr><td>{@code srk}</td><td>{@link Srk}</td><td>Itô</td></tr>
 *   <tr><td>{@code euler_heun}, {@code EulerHeun}</td><td>{@link EulerHeun}</td><td>Stratonovich</td></tr>
 *   <tr><td>{@code heun}, {@code Heun}</td><td>{@link Heun}</td><td>Stratonovich</td></tr>
 *   <tr><td>{@code reversible_heun}, {@code ReversibleHeun}</td><td>{@link ReversibleHeun}</td>
 *       <td>Stratonovich</td></tr>
 * </table>
 *
 * <pre>{@code
 * // ys = torchsde.sdeint(sde, y0, torch.linspace(0, 1, 11), method="milstein", dt=1e-2)
 * Tensor ys = Sdeint.solve(sde, y0, Odeint.linspace(0, 1, 11), "milstein", 1e-2, Rng.seeded(0));
 * // torchsde.sdeint(..., method="heun", dt=1e-2, adaptive=True, rtol=1e-3, atol=1e-3)
 * Tensor ya = Sdeint.solve(sde, y0, times, "heun",
 *         SdeOptions.builder().dt(1e-2).adaptive(true).rtol(1e-3).atol(1e-3).build(), bm);
 * }</pre>
 */
public final class Sdeint {
    private static final Map<String, Supplier<SdeSolver>> METHODS = methods(new LinkedHashMap<>());

    private Sdeint() {
    }

    private static Map<String, Supplier<SdeSolver>> methods(Map<String, Supplier<SdeSolver>> m) {
        m.put("euler", EulerMaruyama::new);
        m.put("Euler", EulerMaruyama::new);
        m.put("milstein", Milstein::new);
        m.put("ItoMilstein", Milstein::new);
        m.put("StratonovichMilstein", Milstein::new);
        m.put("milstein_grad_free", () -> new Milstein(Milstein.Derivative.DERIVATIVE_FREE));
        m.put("srk", Srk::new);
        m.put("euler_heun", EulerHeun::new);
        m.put("EulerHeun", EulerHeun::new);
        m.put("heun", Heun::new);
        m.put("Heun", Heun::new);
        m.put("reversible_heun", ReversibleHeun::new);
        m.put("ReversibleHeun", ReversibleHeun::new);
        return Collections.unmodifiableMap(m);
    }

    /**
     * @param method a name of {@link #methods()}, case-sensitive
     * @return a new solver
     * @throws InvalidConfigException listing the valid names if {@code method} is not one
     */
    public static SdeSolver solver(String method) {
        Supplier<SdeSolver> s = method == null ? null : METHODS.get(method);
        if (s == null) {
            throw InvalidConfigException.of("method", "one of " + METHODS.keySet(), method);
        }
        return s.get();
    }

    /** @return every method name {@link #solver(String)} knows, in table order */
    public static Set<String> methods() {
        return METHODS.keySet();
    }

    /**
     * {@code sdeint(sde, y0, ts, bm=bm, method=method, dt=dt)}: fixed steps of {@code dt} (shortened to land on each
     * requested time), gradients by backprop through the solver to {@code y0} and any tensor the fields read.
     *
     * @param sde    the SDE
     * @param y0     the initial state, {@code [batch, d]}
     * @param times  {@code t_0 < ... < t_n}
     * @param method a name of {@link #methods()}
     * @param dt     the step, &gt; 0
     * @param bm     the Brownian path, {@code [batch, m]}, covering the times
     * @return the states at {@code times}, {@code [times.length, batch, d]}
     * @throws InvalidConfigException for an unknown method, a solver that does not support the term's noise or SDE
     *                                type, or bad times or dt
     */
    public static Tensor solve(SdeTerm sde, Tensor y0, double[] times, String method, double dt, BrownianPath bm) {
        return Odeint.trajectory(solution(sde, y0, times, method, dt, bm));
    }

    /**
     * {@code sdeint(sde, y0, ts, method=method, dt=dt)} with fresh noise: a double-or-float
     * {@link VirtualBrownianTree} over the times, seeded by one draw from {@code rng} ({@link #brownian}).
     *
     * @param sde    the SDE
     * @param y0     the initial state, {@code [batch, d]}
     * @param times  {@code t_0 < ... < t_n}
     * @param method a name of {@link #methods()}
     * @param dt     the step, &gt; 0
     * @param rng    the generator the path's seed is drawn from (it advances by one draw)
     * @return {@code [times.length, batch, d]}
     */
    public static Tensor solve(SdeTerm sde, Tensor y0, double[] times, String method, double dt, Rng rng) {
        return solve(sde, y0, times, method, dt, brownian(sde, y0, times, rng));
    }

    /**
     * {@code sdeint(sde, y0, ts, bm=bm, method=method, dt=..., adaptive=..., rtol=..., atol=...)} and
     * {@code sdeint_adjoint}: any options — adaptive steps, an adjoint such as
     * {@link io.github.flows4j.core.sde.adjoint.ContinuousSdeAdjoint}, logqp.
     *
     * @param sde     the SDE
     * @param y0      the initial state, {@code [batch, d]}
     * @param times   {@code t_0 < ... < t_n}
     * @param method  a name of {@link #methods()}
     * @param options the options (the step, or the first step when adaptive)
     * @param bm      the Brownian path, {@code [batch, m]}, covering the times
     * @return {@code [times.length, batch, d]}
     * @throws InvalidConfigException for an unknown method or options the problem rejects
     */
    public static Tensor solve(SdeTerm sde, Tensor y0, double[] times, String method, SdeOptions options,
            BrownianPath bm) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        return Odeint.trajectory(Sde.solve(sde, solver(method), TimeSpan.of(times), y0, bm, options));
    }

    /**
     * The long form's whole result: states, stats and outcome.
     *
     * @param sde    the SDE
     * @param y0     the initial state, {@code [batch, d]}
     * @param times  the times
     * @param method a name of {@link #methods()}
     * @param dt     the step
     * @param bm     the Brownian path
     * @return the solution
     */
    public static Solution solution(SdeTerm sde, Tensor y0, double[] times, String method, double dt,
            BrownianPath bm) {
        return Sde.solve(sde, solver(method), TimeSpan.of(times), y0, bm, SdeOptions.builder().dt(dt).build());
    }

    /**
     * The Brownian path {@link #solve(SdeTerm, Tensor, double[], String, double, Rng)} uses: a virtual Brownian tree
     * over {@code [times[0], times[last]]} of {@code y0}'s data type, {@code [batch, m]} with {@code m} the noise
     * dimension ({@code d} for diagonal noise, 1 for scalar, the diffusion's last axis otherwise).
     *
     * @param sde   the SDE
     * @param y0    the initial state, {@code [batch, d]}
     * @param times the times, increasing
     * @param rng   the generator the seed is drawn from
     * @return the path
     */
    @SuppressWarnings("try")
    public static BrownianPath brownian(SdeTerm sde, Tensor y0, double[] times, Rng rng) {
        if (times == null || times.length < 2) {
            throw InvalidConfigException.of("times.length", ">= 2", times == null ? null : times.length);
        }
        if (y0.rank() != 2) {
            throw ShapeMismatchException.of("y0", "[batch, d]", y0.shape());
        }
        long m;
        switch (sde.noiseType()) {
            case DIAGONAL -> m = y0.size(1);
            case SCALAR -> m = 1;
            default -> {
                try (GradMode.Scope off = GradMode.noGrad()) {
                    Tensor g = sde.diffusion(times[0], y0);
                    m = g.size(g.rank() - 1);
                }
            }
        }
        return VirtualBrownianTree.builder().span(times[0], times[times.length - 1]).shape(y0.size(0), m)
                .seed(rng.nextLong()).dtype(y0.dtype()).build();
    }
}
