package io.github.flows4j.core.ode.adjoint;

import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;
import java.util.ArrayList;
import java.util.List;

/**
 * The adjoint system of Chen et al. (2018), eq. (4) and Appendix B, integrated backward in time over the augmented
 * state {@code [y, a, a_θ]}: {@code dy/dt = f(t, y)}, {@code da/dt = −aᵀ ∂f/∂y}, {@code da_θ/dt = −aᵀ ∂f/∂θ}. Both
 * vector-Jacobian products come from one reverse pass per evaluation; its graph lives only inside the evaluation.
 */
final class AugmentedTerm implements Term {
    private final Term term;
    private final int stateParts;
    private final List<Tensor> params;

    AugmentedTerm(Term term, int stateParts, List<Tensor> params) {
        this.term = term;
        this.stateParts = stateParts;
        this.params = params;
    }

    @Override
    public State vectorField(double t, State aug) {
        int n = stateParts;
        Tensor[] yv = new Tensor[n];
        for (int p = 0; p < n; p++) {
            yv[p] = Tensor.variable(aug.get(p).value());
        }
        Tensor[] out = new Tensor[2 * n + params.size()];
        GradMode.Scope on = GradMode.enableGrad();
        try {
            State f = term.vectorField(t, State.of(yv));
            List<Tensor> outputs = new ArrayList<>();
            List<Tensor> seeds = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                if (f.get(p).requiresGrad()) {
                    outputs.add(f.get(p));
                    seeds.add(aug.get(n + p));
                }
            }
            Tensor[] inputs = new Tensor[n + params.size()];
            System.arraycopy(yv, 0, inputs, 0, n);
            for (int q = 0; q < params.size(); q++) {
                inputs[n + q] = params.get(q);
            }
            Tensor[] vjp;
            if (outputs.isEmpty()) {
                vjp = null;
            } else {
                vjp = Autodiff.grad(outputs.toArray(new Tensor[0]), inputs, seeds.toArray(new Tensor[0]), false);
            }
            GradMode.Scope off = GradMode.noGrad();
            try {
                for (int p = 0; p < n; p++) {
                    out[p] = f.get(p).detach();
                }
                for (int i = 0; i < inputs.length; i++) {
                    out[n + i] = vjp == null ? Tensor.zeros(aug.dtype(), inputs[i].shape()) : vjp[i].neg();
                }
            } finally {
                off.close();
            }
        } finally {
            on.close();
        }
        return State.of(out);
    }
}
