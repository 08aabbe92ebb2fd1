package io.github.flows4j.core.sde;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.ode.Outcome;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.Stats;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import io.github.flows4j.core.sde.brownian.BrownianPath;
import io.github.flows4j.core.sde.solver.ReversibleSdeSolver;
import io.github.flows4j.core.sde.solver.SdeSolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The stepping machinery of one SDE solve, shared by the forward loop and the adjoints: the fixed step grid (every
 * {@code t_0 + k·dt} plus the requested times), the checked term (augmented with the KL part for logqp solves), one
 * step or one reversed step on grid interval {@code k} with the Brownian increment over it, and the loop that
 * records the states at the requested times. Users call {@link Sde#solve}; adjoints call this.
 *
 * <p>With grad mode on, every op is recorded (backprop through the solver). With it off, each step runs in its own
 * {@link TensorScope} and only the new solver state (copied) outlives it, so memory stays flat over any number of
 * steps.
 *
 * <pre>{@code
 * SdeIntegrator in = SdeIntegrator.of(problem);
 * SdeIntegrator.Forward f = in.forward(in.initialState(), false);
 * Solution s = in.solution(f);
 * }</pre>
 */
public final class SdeIntegrator {
    /** Grid points closer than this fraction of dt to a requested time are merged into it. */
    private static final double MERGE_SLACK = 1e-9;

    private final SdeProblem problem;
    private final CheckedSdeTerm checked;
    private final SdeTerm term;
    private final int pad;
    private final long d;
    private double[] grid;
    private int[] outputAt;
    private final boolean truncated;
    private final int totalSteps;

    /**
     * Everything a forward pass produced.
     *
     * @param times       the requested times reached
     * @param outputs     the (augmented) state {@code [batch, d (+1)]} at each of them
     * @param outcome     how the pass ended
     * @param message     a sentence saying how
     * @param steps       the steps taken (grid intervals; an accepted adaptive step is two of them, its halves)
     * @param last        the solver state after the last step taken
     * @param checkpoints the solver state at every grid point reached (index = grid index), if asked for, else empty
     * @param rejected    the adaptive steps rejected (0 for fixed steps)
     */
    public record Forward(double[] times, List<Tensor> outputs, Outcome outcome, String message, int steps,
            State last, List<State> checkpoints, int rejected) {
    }

    private SdeIntegrator(SdeProblem p) {
        this.problem = p;
        Tensor y0 = p.y0();
        this.d = y0.size(1);
        this.checked = new CheckedSdeTerm(p.term(), y0.size(0), d, p.brownian().dim(), y0.dtype());
        this.pad = p.options().logqp() ? 1 : 0;
        this.term = pad > 0 ? new LogqpTerm(checked, d) : checked;
        double[] times = p.times().toArray();
        if (p.options().adaptive()) {
            this.totalSteps = 0;
            this.truncated = false;
            setGrid(times, times);
            return;
        }
        double t0 = times[0];
        double tn = times[times.length - 1];
        double dt = p.options().dt();
        int budget = p.options().maxSteps();
        double uniform = Math.ceil((tn - t0) / dt - MERGE_SLACK);
        long cap = (long) budget + times.length + 1;
        long count = (long) Math.min(Math.max(uniform, 1), cap);
        TreeSet<Double> points = new TreeSet<>();
        for (long k = 1; k < count; k++) {
            points.add(t0 + k * dt);
        }
        for (int i = 1; i < times.length; i++) {
            double s = times[i];
            points.subSet(s - MERGE_SLACK * dt, true, s + MERGE_SLACK * dt, true).clear();
            points.add(s);
        }
        points.tailSet(tn, false).clear();
        double[] full = new double[points.size() + 1];
        full[0] = t0;
        int n = 1;
        for (double q : points) {
            full[n++] = q;
        }
        this.totalSteps = uniform > cap ? Integer.MAX_VALUE : full.length - 1;
        this.truncated = full.length - 1 > budget || uniform > cap;
        setGrid(truncated ? Arrays.copyOf(full, budget + 1) : full, times);
    }

    private void setGrid(double[] points, double[] times) {
        this.grid = points;
        this.outputAt = new int[grid.length];
        Arrays.fill(outputAt, -1);
        int next = 0;
        for (int k = 0; k < grid.length && next < times.length; k++) {
            if (grid[k] == times[next]) {
                outputAt[k] = next++;
            }
        }
    }

    /**
     * @param problem a validated problem
     * @return its integrator
     */
    public static SdeIntegrator of(SdeProblem problem) {
        return new SdeIntegrator(problem);
    }

    /** @return the problem */
    public SdeProblem problem() {
        return problem;
    }

    /** @return the term the solver steps: the user's, checked, and for logqp solves augmented with the KL part */
    public SdeTerm term() {
        return term;
    }

    /** @return the solver */
    public SdeSolver solver() {
        return problem.solver();
    }

    /**
     * @return the number of grid intervals this solve steps (at most the step budget); for an adaptive solve, the
     *     accepted half steps, known once {@link #forward} has run
     */
    public int steps() {
        return grid.length - 1;
    }

    /**
     * @param k a grid index, {@code 0 <= k <= steps()}
     * @return the time of grid point {@code k}
     */
    public double time(int k) {
        return grid[k];
    }

    /**
     * @param k a grid index
     * @return the position in the requested times of grid point {@code k}, or −1 if it is not a requested time
     */
    public int outputAt(int k) {
        return outputAt[k];
    }

    /** @return the number of drift, diffusion and prior-drift evaluations so far */
    public int evaluations() {
        return checked.evaluations();
    }

    /**
     * @param k a grid interval, {@code 0 <= k < steps()}
     * @return the Brownian increment over {@code [time(k), time(k + 1)]}, padded for logqp solves
     */
    public BrownianIncrement increment(int k) {
        BrownianPath b = problem.brownian();
        return b.increment(grid[k], grid[k + 1]).padded(pad);
    }

    /**
     * @param y0 the user's initial state {@code [batch, d]}
     * @return the state the solver starts from: {@code y0}, or {@code [y0, 0]} for logqp solves (differentiable)
     */
    public Tensor augment(Tensor y0) {
        if (pad == 0) {
            return y0;
        }
        return Tensor.concat(1, y0, Tensor.zeros(y0.dtype(), y0.size(0), pad));
    }

    /** @return the augmented initial state of the problem */
    public Tensor initialState() {
        return augment(problem.y0());
    }

    /**
     * @param yAug an augmented state {@code [batch, d (+1)]}
     * @return the state a solution reports: {@code State.of(y)}, or {@code State.of(y, kl)} for logqp solves
     */
    public State output(Tensor yAug) {
        if (pad == 0) {
            return State.of(yAug);
        }
        return State.of(yAug.narrow(1, 0, d), yAug.narrow(1, d, pad));
    }

    /**
     * @param yAug the augmented initial state
     * @return the solver state at {@code time(0)}
     */
    public State init(Tensor yAug) {
        return solver().init(term, grid[0], yAug);
    }

    /**
     * @param k     the grid interval
     * @param state the solver state at {@code time(k)}
     * @return the solver state at {@code time(k + 1)}
     */
    public State step(int k, State state) {
        return solver().step(term, state, increment(k));
    }

    /**
     * @param k      the grid interval
     * @param state1 the solver state at {@code time(k + 1)}
     * @return the solver state at {@code time(k)}, reconstructed
     * @throws InvalidConfigException if the solver is not reversible
     */
    public State reverse(int k, State state1) {
        if (!(solver() instanceof ReversibleSdeSolver r)) {
            throw new InvalidConfigException(solver().name() + " is not algebraically reversible");
        }
        return r.reverse(term, state1, increment(k));
    }

    /**
     * Runs the steps from {@code yAug}, recording the state at each requested time.
     *
     * @param yAug            the augmented initial state
     * @param keepCheckpoints keep the solver state at every grid point (for a checkpointed adjoint)
     * @return what the pass produced, successful or not
     */
    @SuppressWarnings("try") // the scopes are held for their side effect
    public Forward forward(Tensor yAug, boolean keepCheckpoints) {
        if (problem.options().adaptive()) {
            return adaptiveForward(yAug, keepCheckpoints);
        }
        boolean lean = !GradMode.isEnabled();
        List<Double> reached = new ArrayList<>();
        List<Tensor> outputs = new ArrayList<>();
        List<State> checkpoints = new ArrayList<>();
        State s = start(yAug, lean, keepCheckpoints, outputs, checkpoints);
        reached.add(grid[0]);
        Outcome outcome = null;
        String message = null;
        int k = 0;
        for (; k < grid.length - 1; k++) {
            State s1;
            try (TensorScope scope = lean ? TensorScope.open() : null) {
                s1 = step(k, s);
                if (!State.of(s1.get(0)).isFinite()) {
                    outcome = Outcome.NON_FINITE_STATE;
                    message = fail("the state became NaN or infinite in the step from t = " + grid[k] + " to "
                            + grid[k + 1] + " (dt = " + (grid[k + 1] - grid[k]) + ")", k);
                    break;
                }
                s1 = lean ? copy(s1) : s1;
            }
            s = s1;
            if (keepCheckpoints) {
                checkpoints.add(lean ? s : s.detach());
            }
            if (outputAt[k + 1] >= 0) {
                reached.add(grid[k + 1]);
                outputs.add(s.get(0));
            }
        }
        if (outcome == null) {
            if (truncated) {
                outcome = Outcome.MAX_STEPS_REACHED;
                message = fail("reached maxSteps = " + problem.options().maxSteps() + " at t = " + grid[k] + " of "
                        + problem.times().end() + "; the grid needs " + (totalSteps == Integer.MAX_VALUE
                                ? "more" : String.valueOf(totalSteps)) + " steps of dt = " + problem.options().dt(), k);
            } else {
                outcome = Outcome.SUCCESSFUL;
                message = solver().name() + " reached t = " + grid[k] + " in " + k + " steps";
            }
        }
        double[] ts = new double[reached.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = reached.get(i);
        }
        return new Forward(ts, outputs, outcome, message, k, s, checkpoints, 0);
    }

    /** The first state of a forward pass (copied out of a scope when nothing is recorded), output and checkpoint. */
    @SuppressWarnings("try") // the scope is held for its side effect
    private State start(Tensor yAug, boolean lean, boolean keepCheckpoints, List<Tensor> outputs,
            List<State> checkpoints) {
        State s;
        try (TensorScope scope = lean ? TensorScope.open() : null) {
            s = init(yAug);
            s = lean ? copy(s) : s;
        }
        outputs.add(yAug);
        if (keepCheckpoints) {
            checkpoints.add(lean ? s : s.detach());
        }
        return s;
    }

    /**
     * The adaptive loop: each step of {@code h} is tried whole (recording nothing) and as two halves; the halves are
     * kept when the difference passes the tolerances, and the accepted half-step times become this integrator's
     * grid, so that the adjoints step the same intervals afterwards.
     */
    @SuppressWarnings("try") // the scopes are held for their side effect
    private Forward adaptiveForward(Tensor yAug, boolean keepCheckpoints) {
        SdeOptions o = problem.options();
        boolean lean = !GradMode.isEnabled();
        double[] times = problem.times().toArray();
        double order = solver().strongOrder(problem.term().noiseType()) + 0.5;
        List<Double> points = new ArrayList<>();
        List<Tensor> outputs = new ArrayList<>();
        List<State> checkpoints = new ArrayList<>();
        State s = start(yAug, lean, keepCheckpoints, outputs, checkpoints);
        points.add(times[0]);
        double t = times[0];
        double h = Math.min(o.dt(), o.dtMax());
        double previous = Double.NaN;
        int attempts = 0;
        int rejected = 0;
        Outcome outcome = null;
        String message = null;
        int j = 1;
        while (j < times.length) {
            if (attempts >= o.maxSteps()) {
                outcome = Outcome.MAX_STEPS_REACHED;
                message = fail("reached maxSteps = " + o.maxSteps() + " step attempts at t = " + t + " of "
                        + times[times.length - 1] + " (step " + h + ", dtMin " + o.dtMin() + "): raise maxSteps, "
                        + "the tolerances or dtMin", points.size() - 1);
                break;
            }
            attempts++;
            double target = times[j];
            boolean lands = t + h * (1 + 0.01) >= target;
            double step = lands ? target - t : h;
            double end = lands ? target : t + step;
            double mid = t + 0.5 * step;
            if (!(mid > t && end > mid)) {
                outcome = Outcome.STEP_SIZE_UNDERFLOW;
                message = fail("the step " + step + " at t = " + t + " is too small to halve", points.size() - 1);
                break;
            }
            State half1;
            State half2;
            double ratio;
            try (TensorScope scope = lean ? TensorScope.open() : null) {
                State full;
                try (GradMode.Scope off = GradMode.noGrad()) {
                    full = solver().step(term, s, problem.brownian().increment(t, end).padded(pad));
                }
                half1 = solver().step(term, s, problem.brownian().increment(t, mid).padded(pad));
                half2 = solver().step(term, half1, problem.brownian().increment(mid, end).padded(pad));
                ratio = SdeStepControl.errorNorm(full.get(0).value(), half2.get(0).value(), d, o.rtol(), o.atol());
                if (lean) {
                    half1 = copy(half1);
                    half2 = copy(half2);
                }
            }
            boolean atMin = step <= o.dtMin() * (1 + 1e-12);
            boolean finite = State.of(half2.get(0)).isFinite();
            if (!finite && atMin) {
                outcome = Outcome.NON_FINITE_STATE;
                message = fail("the state became NaN or infinite in the step from t = " + t + " to " + end
                        + " at the smallest step dtMin = " + o.dtMin(), points.size() - 1);
                break;
            }
            double next = SdeStepControl.next(step, finite ? ratio : Double.POSITIVE_INFINITY, previous, order,
                    o.dtMin(), o.dtMax());
            if (finite && (ratio <= 1 || atMin)) {
                if (keepCheckpoints) {
                    checkpoints.add(lean ? half1 : half1.detach());
                    checkpoints.add(lean ? half2 : half2.detach());
                }
                points.add(mid);
                points.add(end);
                s = half2;
                t = end;
                previous = ratio;
                h = lands ? Math.max(next, h) : next;
                if (lands) {
                    outputs.add(s.get(0));
                    j++;
                }
            } else {
                rejected++;
                h = next;
            }
        }
        double[] g = new double[points.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = points.get(i);
        }
        setGrid(g, times);
        if (outcome == null) {
            outcome = Outcome.SUCCESSFUL;
            message = solver().name() + " reached t = " + t + " in " + (g.length - 1) / 2 + " adaptive steps ("
                    + rejected + " rejected)";
        }
        double[] ts = Arrays.copyOf(times, outputs.size());
        return new Forward(ts, outputs, outcome, message, g.length - 1, s, checkpoints, rejected);
    }

    /**
     * @param f a forward pass
     * @return its solution, with the states as {@link #output} reports them
     */
    public Solution solution(Forward f) {
        List<State> states = new ArrayList<>(f.outputs().size());
        for (Tensor y : f.outputs()) {
            states.add(output(y));
        }
        return solution(f, states);
    }

    /**
     * @param f      a forward pass
     * @param states the states to report, one per time reached (e.g. re-expressed by an adjoint)
     * @return the solution
     */
    public Solution solution(Forward f, List<State> states) {
        int accepted = problem.options().adaptive() ? f.steps() / 2 : f.steps();
        return Solution.of(f.times(), states, new Stats(evaluations(), accepted, f.rejected()), f.outcome(),
                f.message());
    }

    private String fail(String detail, int k) {
        return solver().name() + " failed after " + k + " steps: " + detail;
    }

    /** A copy of a state that survives the step's scope. */
    private static State copy(State s) {
        return s.map(x -> Tensor.constant(x.value().dup('c')));
    }
}
