package io.github.flows4j.core.sde.adjoint;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.Function;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.sde.SdeIntegrator;
import io.github.flows4j.core.sde.SdeTerm;
import io.github.flows4j.core.sde.brownian.BrownianIncrement;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The graph node of a {@link ContinuousSdeAdjoint} solve: its value is every output state, flattened and
 * concatenated; its backward rule solves the augmented adjoint SDE {@code (y, a, a_θ)} from the last grid point to
 * the first with stochastic Heun steps over the forward grid's intervals and Brownian increments.
 */
final class ContinuousSdeAdjointFunction extends Function {
    private final SdeIntegrator in;
    private final SdeIntegrator.Forward forward;

    ContinuousSdeAdjointFunction(Tensor[] inputs, SdeIntegrator in, SdeIntegrator.Forward forward) {
        super(inputs);
        this.in = in;
        this.forward = forward;
    }

    @Override
    public String name() {
        return "sdeContinuousAdjoint";
    }

    @Override
    @SuppressWarnings("try") // the scope is held for its side effect
    protected Tensor[] backward(Tensor gradOutput, boolean[] needs) {
        try (GradMode.Scope off = GradMode.noGrad()) {
            return adjoint(gradOutput.value(), needs);
        }
    }

    /** One evaluation of the backward field: {@code u = f h + g·ΔW} at (t, y), and {@code a ∂u/∂y}, {@code a ∂u/∂θ}. */
    private record Field(INDArray u, INDArray ay, INDArray[] atheta) {
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
        int last = forward.outputs().size() - 1;
        INDArray y = forward.outputs().get(last).value().dup('c');
        INDArray a = gOut[last].dup('c');
        for (int k = n - 1; k >= 0; k--) {
            try (TensorScope scope = TensorScope.open()) {
                BrownianIncrement dw = in.increment(k);
                double h = dw.dt();
                Field f1 = field(in.time(k + 1), y, a, h, dw, wanted);
                INDArray yHat = y.sub(f1.u());
                INDArray aHat = a.add(f1.ay());
                Field f2 = field(in.time(k), yHat, aHat, h, dw, wanted);
                INDArray yk = y.sub(f1.u().add(f2.u()).muli(0.5));
                INDArray ak = a.add(f1.ay().add(f2.ay()).muli(0.5));
                for (int q = 0; q < acc.length; q++) {
                    acc[q].addi(f1.atheta()[q].add(f2.atheta()[q]).muli(0.5));
                }
                y = yk.dup('c');
                a = ak.dup('c');
            }
            int i = in.outputAt(k);
            if (i >= 0) {
                a.addi(gOut[i]);
                y = forward.outputs().get(i).value().dup('c');
            }
        }
        Tensor[] result = new Tensor[needs.length];
        if (needs[0]) {
            long d = input(0).size(1);
            result[0] = Tensor.constant(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup('c'));
        }
        for (int q = 0; q < acc.length; q++) {
            result[wantedAt.get(q)] = Tensor.constant(acc[q]);
        }
        return result;
    }

    /** {@code u = f(t, y) h + g(t, y)·ΔW} and its vector-Jacobian products with {@code a}, copied out of the scope. */
    @SuppressWarnings("try") // the grad-mode scope is held for its side effect
    private Field field(double t, INDArray y, INDArray a, double h, BrownianIncrement dw, List<Tensor> wanted) {
        SdeTerm term = in.term();
        Tensor yv = Tensor.variable(y);
        Tensor[] grads;
        Tensor u;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            u = term.drift(t, yv).mul(h).add(term.noiseType().prod(term.diffusion(t, yv), dw.w()));
            Tensor[] inputs = new Tensor[1 + wanted.size()];
            inputs[0] = yv;
            for (int q = 0; q < wanted.size(); q++) {
                inputs[1 + q] = wanted.get(q);
            }
            grads = Autodiff.grad(new Tensor[] {u}, inputs, new Tensor[] {Tensor.constant(a)}, false);
        }
        INDArray[] at = new INDArray[wanted.size()];
        for (int q = 0; q < at.length; q++) {
            at[q] = grads[1 + q].value().dup('c');
        }
        return new Field(u.value().dup('c'), grads[0].value().dup('c'), at);
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
}
