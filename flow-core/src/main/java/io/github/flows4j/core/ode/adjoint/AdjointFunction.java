package io.github.flows4j.core.ode.adjoint;

import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.Function;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Integrator;
import io.github.flows4j.core.ode.OdeProblem;
import io.github.flows4j.core.ode.SolveOptions;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.SolverFailedException;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.TimeSpan;
import io.github.flows4j.core.ode.solver.Solver;
import io.github.flows4j.core.ode.stepsize.ErrorNorm;
import io.github.flows4j.core.ode.stepsize.StepSizeController;
import io.github.flows4j.core.ode.term.Term;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The graph node of a continuous-adjoint solve. Its value is every output state, flattened and concatenated (one
 * node has one output); the solution's states are narrowed views of it. Its inputs are the parts of {@code y0}, the
 * term's parameters and the times tensor; its backward rule solves the adjoint system.
 */
final class AdjointFunction extends Function {
    private final ContinuousAdjoint config;
    private final OdeProblem problem;
    private final List<Tensor> params;
    private final List<State> outs;
    private final double[] taus;
    private final int timed;
    private final boolean hasTimes;

    /** The solution's states, re-expressed as slices of the node's output. */
    record Flat(List<State> states) {
    }

    private AdjointFunction(Tensor[] inputs, ContinuousAdjoint config, OdeProblem problem, List<Tensor> params,
            List<State> outs, double[] taus, int timed, boolean hasTimes) {
        super(inputs);
        this.config = config;
        this.problem = problem;
        this.params = params;
        this.outs = outs;
        this.taus = taus;
        this.timed = timed;
        this.hasTimes = hasTimes;
    }

    @Override
    public String name() {
        return "odeAdjoint";
    }

    /**
     * @param outs  the forward states: one per requested time reached, then the event state if any
     * @param taus  their times
     * @param timed how many of them sit at requested times (entries of the times tensor)
     */
    static Flat attach(ContinuousAdjoint config, OdeProblem problem, List<Tensor> params, List<State> outs,
            double[] taus, int timed) {
        State y0 = problem.y0();
        boolean hasTimes = problem.times().requiresGrad();
        List<Tensor> inputs = new ArrayList<>(y0.parts());
        inputs.addAll(params);
        if (hasTimes) {
            inputs.add(problem.times().source());
        }
        List<INDArray> pieces = new ArrayList<>();
        for (State s : outs) {
            for (Tensor part : s.parts()) {
                pieces.add(part.value().dup('c').reshape(part.length()));
            }
        }
        INDArray value = Nd4j.concat(0, pieces.toArray(new INDArray[0]));
        AdjointFunction fn = new AdjointFunction(inputs.toArray(new Tensor[0]), config, problem, List.copyOf(params),
                List.copyOf(outs), taus.clone(), timed, hasTimes);
        Tensor flat = Tensor.fromFunction(value, fn);
        List<State> states = new ArrayList<>(outs.size());
        long off = 0;
        for (State s : outs) {
            Tensor[] parts = new Tensor[s.size()];
            for (int p = 0; p < parts.length; p++) {
                long len = s.get(p).length();
                parts[p] = flat.narrow(0, off, len).reshape(s.get(p).shape());
                off += len;
            }
            states.add(State.of(parts));
        }
        return new Flat(states);
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
        GradMode.Scope off = GradMode.noGrad();
        try {
            return adjoint(gradOutput.value(), needs);
        } finally {
            off.close();
        }
    }

    private Tensor[] adjoint(INDArray g, boolean[] needs) {
        int n = problem.y0().size();
        int m = outs.size() - 1;
        State[] grads = splitGradient(g);
        List<Tensor> wanted = new ArrayList<>();
        int[] wantedIndex = new int[params.size()];
        for (int q = 0; q < params.size(); q++) {
            wantedIndex[q] = needs[n + q] ? wanted.size() : -1;
            if (needs[n + q]) {
                wanted.add(params.get(q));
            }
        }
        boolean timesNeeded = hasTimes && needs[needs.length - 1];
        Term term = problem.term();
        SolveOptions options = backwardOptions(n, wanted.size());
        Solver solver = config.solver() != null ? config.solver() : problem.solver();
        AugmentedTerm aug = new AugmentedTerm(term, n, wanted);

        State a = grads[m];
        State aTheta = null;
        if (!wanted.isEmpty()) {
            Tensor[] zeros = new Tensor[wanted.size()];
            for (int q = 0; q < zeros.length; q++) {
                zeros[q] = Tensor.zeros(wanted.get(q).dtype(), wanted.get(q).shape());
            }
            aTheta = State.of(zeros);
        }
        double[] timeGrads = new double[taus.length];
        if (timesNeeded) {
            timeGrads[m] = dot(grads[m], term.vectorField(taus[m], outs.get(m)));
        }
        for (int i = m; i >= 1; i--) {
            if (taus[i] != taus[i - 1]) {
                State augState = outs.get(i).concat(a);
                if (aTheta != null) {
                    augState = augState.concat(aTheta);
                }
                Solution r = Integrator.integrate(problem(aug, solver, i, augState, options));
                if (!r.outcome().isSuccessful()) {
                    throw new SolverFailedException(r);
                }
                State end = r.last();
                a = end.slice(n, 2 * n);
                aTheta = aTheta == null ? null : end.slice(2 * n, 2 * n + wanted.size());
            }
            if (timesNeeded) {
                timeGrads[i - 1] = i - 1 == 0 ? -dot(a, term.vectorField(taus[0], outs.get(0)))
                        : dot(grads[i - 1], term.vectorField(taus[i - 1], outs.get(i - 1)));
            }
            a = a.axpy(new double[] {1}, new State[] {grads[i - 1]});
        }

        Tensor[] result = new Tensor[needs.length];
        for (int p = 0; p < n; p++) {
            result[p] = needs[p] ? a.get(p) : null;
        }
        for (int q = 0; q < params.size(); q++) {
            result[n + q] = wantedIndex[q] >= 0 ? aTheta.get(wantedIndex[q]) : null;
        }
        if (timesNeeded) {
            Tensor ts = problem.times().source();
            double[] tg = new double[(int) ts.length()];
            System.arraycopy(timeGrads, 0, tg, 0, timed);
            result[needs.length - 1] = Tensor.constant(Nd4j.createFromArray(tg).castTo(ts.dtype()).reshape(ts.shape()));
        }
        return result;
    }

    private OdeProblem problem(Term aug, Solver solver, int i, State augState, SolveOptions options) {
        try {
            return new OdeProblem(aug, solver, TimeSpan.of(taus[i], taus[i - 1]), augState, options);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException("ContinuousAdjoint: the backward solve over [y, a, a_θ] ("
                    + augState.size() + " parts) cannot use this controller (" + e.getMessage()
                    + "); give it one with ContinuousAdjoint.builder().controller(...)");
        }
    }

    private SolveOptions backwardOptions(int n, int paramCount) {
        StepSizeController c = config.controller() != null ? config.controller() : problem.controller();
        if (config.seminorm() && paramCount > 0) {
            int[] ignored = new int[paramCount];
            for (int q = 0; q < paramCount; q++) {
                ignored[q] = 2 * n + q;
            }
            c = c.withNorm(ErrorNorm.seminorm(ignored));
        }
        int steps = config.maxSteps() > 0 ? config.maxSteps() : problem.options().maxSteps();
        return SolveOptions.builder().controller(c).maxSteps(steps).build();
    }

    /** Splits the flat incoming gradient into one state per output. */
    private State[] splitGradient(INDArray g) {
        State[] out = new State[outs.size()];
        long off = 0;
        for (int i = 0; i < out.length; i++) {
            State s = outs.get(i);
            Tensor[] parts = new Tensor[s.size()];
            for (int p = 0; p < parts.length; p++) {
                long len = s.get(p).length();
                INDArray piece = g.get(NDArrayIndex.interval(off, off + len)).dup('c').reshape(s.get(p).shape());
                parts[p] = Tensor.constant(piece);
                off += len;
            }
            out[i] = State.of(parts);
        }
        return out;
    }

    private static double dot(State a, State b) {
        double sum = 0;
        for (int p = 0; p < a.size(); p++) {
            sum += a.get(p).mul(b.get(p)).sum().item();
        }
        return sum;
    }
}
