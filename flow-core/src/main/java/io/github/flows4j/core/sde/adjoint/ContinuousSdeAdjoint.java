package io.github.flows4j.core.sde.adjoint;

import io.github.flows4j.core.DTypeMismatchException;
import io.github.flows4j.core.InvalidConfigException;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.Solution;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.sde.SdeIntegrator;
import io.github.flows4j.core.sde.SdeProblem;
import io.github.flows4j.core.sde.SdeType;
import io.github.flows4j.core.sde.solver.SdeSolver;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The continuous stochastic adjoint ("optimise-then-discretise"; Li, Wong, Chen &amp; Duvenaud, <i>Scalable
 * Gradients for Stochastic Differential Equations</i>, AISTATS 2020, §3–4): the forward solve records nothing and
 * keeps only the states at the requested times; the gradients come from a second SDE solved backward in time on
 * the same Brownian path. For a Stratonovich SDE {@code dy = f(t, y) dt + g(t, y) ∘ dW} and a loss {@code L}, the
 * state, its adjoint {@code a = ∂L/∂y} and the parameter gradient {@code a_θ} satisfy, from {@code t_n} back to
 * {@code t_0} (Li et al., eq. 10 and §3.3),
 * <pre>
 *   dy   =  f dt + g ∘ dW                          (run backward: the path reversed),
 *   da   = −a ∂f/∂y dt − a ∂(g ∘ dW)/∂y,
 *   da_θ = −a ∂f/∂θ dt − a ∂(g ∘ dW)/∂θ,          a(t_n) = ∂L/∂y(t_n),  a_θ(t_n) = 0,
 * </pre>
 * and {@code ∂L/∂y0 = a(t_0)}, {@code ∂L/∂θ = a_θ(t_0)}; at each requested time the incoming gradient is added to
 * {@code a} and {@code y} is reset to the stored forward state (as torchsde does, so that the reconstruction error
 * does not accumulate across outputs). Because the calculus is Stratonovich, the backward SDE is the forward one
 * with time reversed, and any consistent Stratonovich scheme solves it: each backward step is a stochastic Heun
 * step (trapezoidal, strong order 1 on commuting noise) over the same grid interval as the forward step — fixed or
 * adaptive — with the same Brownian increment, where every {@code a ∂(·)/∂(y, θ)} is one vector-Jacobian product of
 * {@code f h + g·ΔW}. Every noise type works (the diffusion enters only through {@code g·ΔW}).
 *
 * <p>Memory does not grow with the number of steps. Unlike {@link ReversibleAdjoint} and {@link CheckpointAdjoint}
 * the gradient is not that of the discrete forward solve: it is the continuous gradient, approximated to
 * {@code O(h)} (the difference from backprop through the solver shrinks with the step; see the user guide). The
 * term must be Stratonovich ({@code term.convertTo(SdeType.STRATONOVICH)} converts an Itô one) and the forward solver
 * one that solves Stratonovich SDEs. Gradients reach {@code y0} and the tensors the term lists in
 * {@code parameters()}; first order only.
 *
 * <pre>{@code
 * SdeTerm strat = itoTerm.convertTo(SdeType.STRATONOVICH);
 * Solution s = Sde.solve(strat, new Heun(), TimeSpan.of(0, 1), y0, brownian,
 *         SdeOptions.builder().dt(0.01).adjoint(new ContinuousSdeAdjoint()).build());
 * s.y(1).square().mean().backward();
 * }</pre>
 */
public record ContinuousSdeAdjoint() implements SdeAdjoint {

    /**
     * @throws InvalidConfigException unless the solver solves Stratonovich SDEs
     */
    @Override
    public void requireCompatible(SdeSolver solver) {
        if (!solver.sdeTypes().contains(SdeType.STRATONOVICH)) {
            throw new InvalidConfigException("ContinuousSdeAdjoint solves the adjoint SDE of a Stratonovich SDE; "
                    + solver.name() + " solves " + solver.sdeTypes() + ": convert the term with "
                    + "term.convertTo(SdeType.STRATONOVICH) and use Heun, EulerHeun, ReversibleHeun or Milstein");
        }
    }

    /**
     * @throws InvalidConfigException if the term is Itô (the message says how to convert it)
     * @throws DTypeMismatchException if a parameter's data type differs from the state's
     */
    @Override
    @SuppressWarnings("try") // the grad-mode scope is held for its side effect
    public Solution solve(SdeProblem problem) {
        if (problem.term().sdeType() != SdeType.STRATONOVICH) {
            throw new InvalidConfigException("ContinuousSdeAdjoint needs a Stratonovich term (Li et al. 2020 write the "
                    + "adjoint for Stratonovich SDEs); the term is " + problem.term().sdeType() + ": pass "
                    + "term.convertTo(SdeType.STRATONOVICH), the same process");
        }
        SdeIntegrator in = SdeIntegrator.of(problem);
        Tensor y0 = problem.y0();
        List<Tensor> params = problem.term().parameters();
        for (int q = 0; q < params.size(); q++) {
            if (params.get(q).dtype() != y0.dtype()) {
                throw new DTypeMismatchException("sdeContinuousAdjoint: term parameter " + q + " is "
                        + params.get(q).dtype() + " but the state is " + y0.dtype());
            }
        }
        SdeIntegrator.Forward forward;
        try (GradMode.Scope off = GradMode.noGrad()) {
            forward = in.forward(in.augment(y0.detach()), false);
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
        Tensor flat = Tensor.fromFunction(value, new ContinuousSdeAdjointFunction(inputs.toArray(new Tensor[0]), in,
                forward));
        List<State> states = new ArrayList<>(forward.outputs().size());
        long off = 0;
        for (Tensor out : forward.outputs()) {
            states.add(in.output(flat.narrow(0, off, out.length()).reshape(out.shape())));
            off += out.length();
        }
        return in.solution(forward, states);
    }
}
