package io.github.flows4j.core.sde.adjoint;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Function;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.sde.SdeIntegrator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The graph node of a discrete-adjoint SDE solve. Its value is every output state, flattened and concatenated;
 * its inputs are {@code y0} and the term's parameters. Its backward rule carries the adjoint of the whole solver
 * state from the last step to the first: at step {@code k} it takes the solver state at {@code t_k} (reconstructed
 * by the reversible solver, or read from the checkpoints), re-runs that one step with grad mode on, and
 * backpropagates the adjoint through it (a vector-Jacobian product), adding the incoming gradient of every output
 * on the way. Each step runs in its own {@link TensorScope}.
 */
final class StepAdjointFunction extends Function {
    private final SdeIntegrator in;
    private final SdeIntegrator.Forward forward;
    private final boolean reversible;
    private final String name;

    StepAdjointFunction(Tensor[] inputs, SdeIntegrator in, SdeIntegrator.Forward forward, boolean reversible,
            String name) {
        super(inputs);
        this.in = in;
        this.forward = forward;
        this.reversible = reversible;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    @SuppressWarnings("try") // the scopes are held for their side effect
    protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return adjoint(gradOutput.value(), needs);
        }
    }

    @SuppressWarnings("try")
    private Tensor[] adjoint(INDArray g, boolean[] needs) {
        INDArray[] gOut = splitGradient(g);
        List<Tensor> wanted = new ArrayList<>();
        List<Integer> wantedAt = new ArrayList<>();
        for (int q = 1; q < needs.length; q++) {
            if (needs[q]) {
                wanted.add(input(q));
                wantedAt.add(q);
            }
        }
        INDArray[] acc = new INDArray[wanted.size()];
        for (int q = 0; q < acc.length; q++) {
            acc[q] = Nd4j.zeros(wanted.get(q).dtype(), wanted.get(q).shape());
        }
        int n = forward.steps();
        State s1 = forward.last();
        State a = s1.map(p -> Tensor.constant(Nd4j.zeros(p.dtype(), p.shape())));
        a = addOutput(a, n, gOut);
        for (int k = n - 1; k >= 0; k--) {
            final int step = k;
            try (TensorScope scope = TensorScope.open()) {
                State sk = reversible ? copy(in.reverse(k, s1)) : forward.checkpoints().get(k);
                a = vjp(vars -> in.step(step, vars), sk, a, wanted, acc);
                s1 = sk;
            }
            a = addOutput(a, k, gOut);
        }
        Tensor y0Aug = forward.outputs().get(0);
        State a0;
        try (TensorScope scope = TensorScope.open()) {
            a0 = vjp(vars -> in.init(vars.get(0)), State.of(y0Aug), a, wanted, acc);
        }
        Tensor[] result = new Tensor[needs.length];
        if (needs[0]) {
            long d = input(0).size(1);
            INDArray ga = a0.get(0).value();
            result[0] = Tensor.constant(ga.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup('c'));
        }
        for (int q = 0; q < acc.length; q++) {
            result[wantedAt.get(q)] = Tensor.constant(acc[q]);
        }
        return result;
    }

    /**
     * Backpropagates {@code a} through {@code map} at {@code at}: returns the adjoint of {@code at} (copied out of
     * the scope) and adds the parameters' share into {@code acc}.
     */
    @SuppressWarnings("try")
    private static State vjp(UnaryOperator<State> map, State at, State a, List<Tensor> wanted, INDArray[] acc) {
        Tensor[] vars = new Tensor[at.size()];
        for (int p = 0; p < vars.length; p++) {
            vars[p] = Tensor.variable(at.get(p).value());
        }
        Tensor[] grads;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            State out = map.apply(State.of(vars));
            Tensor[] inputs = new Tensor[vars.length + wanted.size()];
            System.arraycopy(vars, 0, inputs, 0, vars.length);
            for (int q = 0; q < wanted.size(); q++) {
                inputs[vars.length + q] = wanted.get(q);
            }
            grads = Autodiff.grad(out.parts().toArray(new Tensor[0]), inputs, a.parts().toArray(new Tensor[0]),
                    false);
        }
        for (int q = 0; q < acc.length; q++) {
            acc[q].addi(grads[vars.length + q].value());
        }
        Tensor[] next = new Tensor[vars.length];
        for (int p = 0; p < vars.length; p++) {
            next[p] = Tensor.constant(grads[p].value().dup('c'));
        }
        return State.of(next);
    }

    private State addOutput(State a, int gridIndex, INDArray[] gOut) {
        int i = in.outputAt(gridIndex);
        if (i < 0) {
            return a;
        }
        Tensor[] parts = a.parts().toArray(new Tensor[0]);
        parts[0] = Tensor.constant(parts[0].value().add(gOut[i]));
        return State.of(parts);
    }

    /** Splits the flat incoming gradient into one array per output. */
    private INDArray[] splitGradient(INDArray g) {
        List<Tensor> outs = forward.outputs();
        INDArray[] out = new INDArray[outs.size()];
        long off = 0;
        for (int i = 0; i < out.length; i++) {
            long len = outs.get(i).length();
            out[i] = g.get(NDArrayIndex.interval(off, off + len)).dup('c').reshape(outs.get(i).shape());
            off += len;
        }
        return out;
    }

    private static State copy(State s) {
        return s.map(x -> Tensor.constant(x.value().dup('c')));
    }
}
