package io.github.flows4j.core.ode;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.adjoint.ContinuousAdjoint;
import io.github.flows4j.core.ode.solver.AdamsBashforthMoulton;
import io.github.flows4j.core.ode.solver.AdaptiveHeun;
import io.github.flows4j.core.ode.solver.BogackiShampine;
import io.github.flows4j.core.ode.solver.Dopri5;
import io.github.flows4j.core.ode.solver.Dopri8;
import io.github.flows4j.core.ode.solver.Euler;
import io.github.flows4j.core.ode.solver.Fehlberg2;
import io.github.flows4j.core.ode.solver.Heun;
import io.github.flows4j.core.ode.solver.Midpoint;
import io.github.flows4j.core.ode.solver.Rk38;
import io.github.flows4j.core.ode.solver.Rk4;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.solver.Tsit5;
import io.github.flows4j.core.ode.stepsize.ConstantStepSize;
import io.github.flows4j.core.ode.stepsize.PIController;
import io.github.flows4j.core.ode.stepsize.StepSizeController;
import io.github.flows4j.core.ode.term.Term;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * torchdiffeq's {@code odeint} and {@code odeint_adjoint} in one call: a vector field, {@code y0}, the times and a
 * method name in, the trajectory {@code [len(times), ...y0.shape]} out. A convenience edge over
 * {@link Ode#solve}: the name is resolved once, here, through {@link #solver(String)} — the one name table of the
 * library — and everything else is the long form's.
 *
 * <p>Methods (torchdiffeq's names, then diffrax's class names as aliases):
 * <table>
 *   <caption>method names</caption>
 *   <tr><th>name</th><th>solver</th><th>order</th><th>steps</th></tr>
 *   <tr><td>{@code dopri5}, {@code Dopri5}</td><td>{@link Dopri5}</td><td>5(4)</td><td>adaptive</td></tr>
 *   <tr><td>{@code dopri8}, {@code Dopri8}</td><td>{@link Dopri8}</td><td>8(7)</td><td>adaptive</td></tr>
 *   <tr><td>{@code tsit5}, {@code Tsit5}</td><td>{@link Tsit5}</td><td>5(4)</td><td>adaptive</td></tr>
 *   <tr><td>{@code bosh3}, {@code Bosh3}</td><td>{@link BogackiShampine}</td><td>3(2)</td><td>adaptive</td></tr>
 *   <tr><td>{@code adaptive_heun}, {@code Heun}</td><td>{@link AdaptiveHeun}</td><td>2(1)</td><td>adaptive</td></tr>
 *   <tr><td>{@code fehlberg2}</td><td>{@link Fehlberg2}</td><td>2(1)</td><td>adaptive</td></tr>
 *   <tr><td>{@code euler}, {@code Euler}</td><td>{@link Euler}</td><td>1</td><td>fixed</td></tr>
 *   <tr><td>{@code midpoint}, {@code Midpoint}</td><td>{@link Midpoint}</td><td>2</td><td>fixed</td></tr>
 *   <tr><td>{@code heun}, {@code heun2}</td><td>{@link Heun}</td><td>2</td><td>fixed</td></tr>
 *   <tr><td>{@code rk4}, {@code rk38}, {@code rk4_38}</td><td>{@link Rk38} (torchdiffeq's {@code rk4} is the 3/8
 *       rule)</td><td>4</td><td>fixed</td></tr>
 *   <tr><td>{@code rk4_classic}</td><td>{@link Rk4} (Kutta's classical tableau)</td><td>4</td><td>fixed</td></tr>
 *   <tr><td>{@code implicit_adams}</td><td>{@link AdamsBashforthMoulton} of order 4, corrector iterated three
 *       times</td><td>4</td><td>fixed</td></tr>
 *   <tr><td>{@code fixed_adams}</td><td>{@link AdamsBashforthMoulton#fixedStep(int) AdamsBashforthMoulton.fixedStep(4)}
 *       (PECE)</td><td>4</td><td>fixed</td></tr>
 *   <tr><td>{@code explicit_adams}</td><td>Adams–Bashforth of order 4 (no corrector)</td><td>4</td><td>fixed</td></tr>
 *   <tr><td>{@code adaptive_adams}</td><td>{@link AdamsBashforthMoulton#of(int) AdamsBashforthMoulton.of(4)}: PECE,
 *       variable step, Milne's error estimate</td><td>4(4)</td><td>adaptive</td></tr>
 * </table>
 * Adaptive methods run a PI controller at {@code rtol}, {@code atol}; fixed-step methods ignore them and take one
 * step between consecutive requested times (torchdiffeq's default grid), or steps of a given size with
 * {@link #solve(Term.TensorField, Tensor, double[], String, double)}, landing on every requested time (torchdiffeq
 * interpolates there instead). Every solve keeps its {@link Solution#stepLog() step log}; {@link #solution} returns
 * the whole {@link Solution} with it.
 *
 * <pre>{@code
 * // ys = odeint(lambda t, y: -y, y0, torch.linspace(0, 1, 11), method="dopri5", rtol=1e-6, atol=1e-8)
 * Tensor ys = Odeint.solve((t, y) -> y.neg(), y0, Odeint.linspace(0, 1, 11), "dopri5", 1e-6, 1e-8);
 * Tensor yEnd = ys.select(0, 10);                                  // y(1), shape of y0
 * }</pre>
 */
public final class Odeint {
    /** torchdiffeq's default relative tolerance. */
    public static final double DEFAULT_RTOL = 1e-7;
    /** torchdiffeq's default absolute tolerance. */
    public static final double DEFAULT_ATOL = 1e-9;

    /** Corrector iterations of {@code implicit_adams} (torchdiffeq iterates up to four times to convergence). */
    static final int IMPLICIT_ADAMS_CORRECTIONS = 3;

    private static final Map<String, Supplier<Solver>> METHODS = methods(new LinkedHashMap<>());

    private Odeint() {
    }

    private static Map<String, Supplier<Solver>> methods(Map<String, Supplier<Solver>> m) {
        m.put("dopri5", Dopri5::new);
        m.put("Dopri5", Dopri5::new);
        m.put("dopri8", Dopri8::new);
        m.put("Dopri8", Dopri8::new);
        m.put("tsit5", Tsit5::new);
        m.put("Tsit5", Tsit5::new);
        m.put("bosh3", BogackiShampine::new);
        m.put("Bosh3", BogackiShampine::new);
        m.put("adaptive_heun", AdaptiveHeun::new);
        m.put("Heun", AdaptiveHeun::new);
        m.put("fehlberg2", Fehlberg2::new);
        m.put("euler", Euler::new);
        m.put("Euler", Euler::new);
        m.put("midpoint", Midpoint::new);
        m.put("Midpoint", Midpoint::new);
        m.put("heun", Heun::new);
        m.put("heun2", Heun::new);
        m.put("rk4", Rk38::new);
        m.put("rk38", Rk38::new);
        m.put("rk4_38", Rk38::new);
        m.put("rk4_classic", Rk4::new);
        m.put("implicit_adams", () -> AdamsBashforthMoulton.builder().corrections(IMPLICIT_ADAMS_CORRECTIONS)
                .errorEstimate(false).build());
        m.put("fixed_adams", () -> AdamsBashforthMoulton.fixedStep(4));
        m.put("explicit_adams", () -> AdamsBashforthMoulton.builder().corrections(0).build());
        m.put("adaptive_adams", () -> AdamsBashforthMoulton.of(4));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The one method-name table of the library (the CLI and configs resolve names here too).
     *
     * @param method a name of {@link #methods()}, case-sensitive
     * @return a new solver
     * @throws InvalidConfigException listing the valid names if {@code method} is not one
     */
    public static Solver solver(String method) {
        Supplier<Solver> s = method == null ? null : METHODS.get(method);
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
     * @param start the first time
     * @param end   the last time
     * @param n     how many times, &ge; 2
     * @return {@code n} evenly spaced times from {@code start} to {@code end} (NumPy's {@code linspace})
     * @throws InvalidConfigException if {@code n < 2}
     */
    public static double[] linspace(double start, double end, int n) {
        if (n < 2) {
            throw InvalidConfigException.of("n", ">= 2", n);
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i == n - 1 ? end : start + (end - start) * i / (n - 1);
        }
        return t;
    }

    /**
     * {@code odeint(f, y0, t, method=method, rtol=rtol, atol=atol)}: backprop through the solver's operations, so
     * gradients reach {@code y0} and any tensor {@code f} reads, to any order.
     *
     * @param f      the vector field {@code (t, y) -> dy/dt}, of {@code y}'s shape
     * @param y0     the initial state, any shape
     * @param times  two or more strictly monotone times; {@code times[0]} is the time of {@code y0}
     * @param method a name of {@link #methods()}
     * @param rtol   relative tolerance (adaptive methods)
     * @param atol   absolute tolerance (adaptive methods)
     * @return the states at {@code times}, {@code [times.length, ...y0.shape]}
     * @throws InvalidConfigException                  for an unknown method, bad tolerances or times
     * @throws SolverFailedException                   if the solve fails
     * @throws io.github.flows4j.core.NonFiniteException if {@code y0} holds NaN or infinity
     */
    public static Tensor solve(Term.TensorField f, Tensor y0, double[] times, String method, double rtol,
            double atol) {
        return trajectory(solution(f, y0, times, method, rtol, atol));
    }

    /**
     * {@code odeint(f, y0, t, method=method)} at torchdiffeq's default tolerances, rtol 1e-7, atol 1e-9.
     *
     * @param f      the vector field
     * @param y0     the initial state
     * @param times  the times
     * @param method a name of {@link #methods()}
     * @return {@code [times.length, ...y0.shape]}
     */
    public static Tensor solve(Term.TensorField f, Tensor y0, double[] times, String method) {
        return solve(f, y0, times, method, DEFAULT_RTOL, DEFAULT_ATOL);
    }

    /**
     * {@code odeint(f, y0, t, method=method, options=dict(step_size=stepSize))}: constant steps of
     * {@code stepSize} (shortened to land on each requested time), for any method.
     *
     * @param f        the vector field
     * @param y0       the initial state
     * @param times    the times
     * @param method   a name of {@link #methods()}
     * @param stepSize the step, &gt; 0
     * @return {@code [times.length, ...y0.shape]}
     */
    public static Tensor solve(Term.TensorField f, Tensor y0, double[] times, String method, double stepSize) {
        SolveOptions options = SolveOptions.builder().controller(new ConstantStepSize(stepSize))
                .stepTimes(times).build();
        return trajectory(Ode.solve(Term.of(f), solver(method), TimeSpan.of(times), y0, options));
    }

    /**
     * {@code odeint} on plain arrays: no graph is recorded, so nothing is kept for gradients.
     *
     * @param f      the vector field on arrays; it must not mutate its input
     * @param y0     the initial state, any shape
     * @param times  the times
     * @param method a name of {@link #methods()}
     * @param rtol   relative tolerance
     * @param atol   absolute tolerance
     * @return {@code [times.length, ...y0.shape]}, a new array the caller owns (no scope releases it)
     */
    @SuppressWarnings("try")
    public static INDArray solve(ArrayField f, INDArray y0, double[] times, String method, double rtol,
            double atol) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            Term.TensorField field = (t, y) -> Tensor.constant(f.apply(t, y.value()));
            return solve(field, Tensor.constant(y0), times, method, rtol, atol).value().dup('c');
        }
    }

    /**
     * {@code odeint_adjoint(f, y0, t, method=method, rtol=rtol, atol=atol, adjoint_params=parameters)}: the forward
     * solve records nothing and gradients come from the continuous adjoint ODE solved backward with the same
     * method and tolerances, so memory does not grow with the number of steps. Gradients reach {@code y0} and the
     * listed {@code parameters} (first order only).
     *
     * @param f          the vector field
     * @param y0         the initial state
     * @param times      the times
     * @param method     a name of {@link #methods()}
     * @param rtol       relative tolerance, forward and backward
     * @param atol       absolute tolerance, forward and backward
     * @param parameters every trainable tensor {@code f} reads (a tensor left out gets no gradient)
     * @return {@code [times.length, ...y0.shape]}
     */
    public static Tensor solveAdjoint(Term.TensorField f, Tensor y0, double[] times, String method, double rtol,
            double atol, Tensor... parameters) {
        Solver solver = solver(method);
        SolveOptions options = SolveOptions.builder().controller(controller(solver, times, rtol, atol))
                .stepTimes(solver.hasErrorEstimate() ? new double[0] : times)
                .adjoint(ContinuousAdjoint.builder().build()).build();
        return trajectory(Ode.solve(Term.of(f, parameters), solver, TimeSpan.of(times), y0, options));
    }

    /**
     * The long form's whole result for {@link #solve(Term.TensorField, Tensor, double[], String, double, double)}:
     * the states, the {@link Solution#stats() stats} and the {@link Solution#stepLog() step log}.
     *
     * @param f      the vector field
     * @param y0     the initial state
     * @param times  the times
     * @param method a name of {@link #methods()}
     * @param rtol   relative tolerance
     * @param atol   absolute tolerance
     * @return the solution
     */
    public static Solution solution(Term.TensorField f, Tensor y0, double[] times, String method, double rtol,
            double atol) {
        Solver solver = solver(method);
        SolveOptions options = SolveOptions.builder().controller(controller(solver, times, rtol, atol))
                .stepTimes(solver.hasErrorEstimate() ? new double[0] : times).build();
        return Ode.solve(Term.of(f), solver, TimeSpan.of(times), y0, options);
    }

    /**
     * @param s a solution with one-part states
     * @return its states stacked along a new first axis, {@code [s.size(), ...y.shape]}
     */
    public static Tensor trajectory(Solution s) {
        Tensor[] ys = new Tensor[s.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = s.y(i);
        }
        return Tensor.stack(0, ys);
    }

    /** A PI controller for an adaptive method, else one step per interval between requested times. */
    private static StepSizeController controller(Solver solver, double[] times, double rtol, double atol) {
        if (solver.hasErrorEstimate()) {
            return PIController.of(rtol, atol);
        }
        double gap = 0;
        for (int i = 1; i < times.length; i++) {
            gap = Math.max(gap, Math.abs(times[i] - times[i - 1]));
        }
        if (!(gap > 0)) {
            throw InvalidConfigException.of("times", "two or more distinct finite times", java.util.Arrays.toString(
                    times));
        }
        return new ConstantStepSize(gap);
    }

    /** A vector field on plain arrays, for solves that need no gradient. */
    @FunctionalInterface
    public interface ArrayField {
        /**
         * @param t the time
         * @param y the state; do not mutate it
         * @return {@code dy/dt}, a new array of {@code y}'s shape
         */
        INDArray apply(double t, INDArray y);
    }
}
