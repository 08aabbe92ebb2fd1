package io.github.flows4j.core.sde.adjoint;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.sde.SdeIntegrator;
import io.github.flows4j.core.sde.SdeProblem;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shared forward half of the discrete adjoints: a forward pass that records nothing, then one graph node whose
 * backward rule walks the steps back ({@link StepAdjointFunction}).
 */
final class DiscreteAdjoint {
    private DiscreteAdjoint() {
    }

    @SuppressWarnings("try") // the grad-mode scope is held for its side effect
    static Solution solve(SdeProblem problem, boolean reversible, String name) {
        SdeIntegrator in = SdeIntegrator.of(problem);
        Tensor y0 = problem.y0();
        List<Tensor> params = problem.term().parameters();
        for (int q = 0; q < params.size(); q++) {
            if (params.get(q).dtype() != y0.dtype()) {
                throw new DTypeMismatchException(name + ": term parameter " + q + " is " + params.get(q).dtype()
                        + " but the state is " + y0.dtype());
            }
        }
        SdeIntegrator.Forward forward;
        try (GradMode.Scope off = GradMode.noGrad()) {
            forward = in.forward(in.augment(y0.detach()), !reversible);
        }
        boolean need = y0.requiresGrad();
        for (Tensor p : params) {
            need |= p.requiresGrad();
        }
        if (!need || !GradMode.isEnabled() || !forward.outcome().isSuccessful()) {
            return in.solution(forward);
        }
        List<INDArray> pieces = new ArrayList<>();
        for (Tensor out : forward.outputs()) {
            pieces.add(out.value().dup('c').reshape(out.length()));
        }
        INDArray value = Nd4j.concat(0, pieces.toArray(new INDArray[0]));
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(y0);
        inputs.addAll(params);
        StepAdjointFunction fn = new StepAdjointFunction(inputs.toArray(new Tensor[0]), in, forward, reversible,
                name);
        Tensor flat = Tensor.fromFunction(value, fn);
        List<State> states = new ArrayList<>(forward.outputs().size());
        long off = 0;
        for (Tensor out : forward.outputs()) {
            states.add(in.output(flat.narrow(0, off, out.length()).reshape(out.shape())));
            off += out.length();
        }
        return in.solution(forward, states);
    }
}
