package io.github.flows4j.cnf.likelihood;

import io.github.flows4j.cnf.model.VelocityField;
import io.github.flows4j.core.autodiff.Autodiff;
import io.github.flows4j.core.autodiff.GradMode;
import io.github.flows4j.core.autodiff.Tensor;
import io.github.flows4j.core.autodiff.TensorScope;
import io.github.flows4j.core.ode.State;
import io.github.flows4j.core.ode.term.Term;
import io.github.flows4j.core.random.Rng;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The augmented CNF dynamics on the state [x, ℓ]: dx/dt = v(x, t), dℓ/dt = −div v(x, t) — the instantaneous
 * change of variables (Chen et al. 2018, Theorem 1). Integrated forward from (x₀, log p₀(x₀)) it ends at
 * (x₁, log p₁(x₁)); integrated from t = 1 back to 0 from (x, 0) it gives ℓ(0) = ∫₀¹ div v dt, and
 * log p₁(x) = log p₀(x(0)) − ℓ(0).
 *
 * <p>When grad mode is on (training, or the continuous adjoint's VJPs) the divergence is built with
 * {@code createGraph}, so gradients flow through it; under {@link GradMode#noGrad()} it is computed at a detached
 * point and records nothing beyond the evaluation. Hutchinson probes are drawn once per term, so an adaptive
 * solver sees one smooth field (FFJORD's choice).
 *
 * <pre>{@code
 * Term term = CnfTerm.exact(field);
 * Term noisy = new CnfTerm(field, DivergenceEstimator.hutchinson(Autodiff.Probe.RADEMACHER, 1), rng, x);
 * Solution s = Ode.solve(term, new Dopri5(), TimeSpan.of(1, 0), State.of(x, zeros), options);
 * }</pre>
 */
public final class CnfTerm implements Term {
    private final VelocityField field;
    private final DivergenceEstimator divergence;
    private final INDArray[] probes;

    /**
     * @param field      the velocity field
     * @param divergence exact or Hutchinson
     * @param rng        draws the Hutchinson probes (unused and may be null for the exact divergence)
     * @param like       a [batch, dim] array giving the probes' shape and type (may be null for exact)
     */
    public CnfTerm(VelocityField field, DivergenceEstimator divergence, Rng rng, INDArray like) {
        this.field = field;
        this.divergence = divergence;
        if (divergence instanceof DivergenceEstimator.Hutchinson h) {
            if (rng == null || like == null) {
                throw new IllegalArgumentException("the Hutchinson estimator needs an Rng and the batch shape");
            }
            probes = new INDArray[h.probes()];
            for (int k = 0; k < probes.length; k++) {
                probes[k] = h.probe() == Autodiff.Probe.RADEMACHER ? rng.rademacher(like.dataType(), like.shape())
                        : rng.normal(like.dataType(), like.shape());
            }
        } else {
            probes = null;
        }
    }

    /**
     * @param field the velocity field
     * @return the dynamics with the exact divergence (one vector-Jacobian product per dimension)
     */
    public static CnfTerm exact(VelocityField field) {
        return new CnfTerm(field, DivergenceEstimator.exact(), null, null);
    }

    @Override
    @SuppressWarnings("try")
    public State vectorField(double t, State y) {
        Tensor x = y.get(0);
        if (GradMode.isEnabled()) {
            Tensor[] vd = fieldAndDivergence(x, t, true);
            return State.of(vd[0], vd[1].neg());
        }
        // without gradients, every intermediate of this evaluation (the field's graph, the VJP) is released here
        // instead of waiting for the garbage collector: an image model leaves hundreds of MB per evaluation
        try (TensorScope scope = TensorScope.open(); GradMode.Scope on = GradMode.enableGrad()) {
            Tensor[] vd = fieldAndDivergence(x.asVariable(), t, false);
            try (GradMode.Scope off = GradMode.noGrad()) {
                return State.of(scope.keep(vd[0].detach()), scope.keep(vd[1].neg()));
            }
        }
    }

    private Tensor[] fieldAndDivergence(Tensor x, double t, boolean createGraph) {
        if (probes == null) {
            Autodiff.FieldDivergence fd = Autodiff.divergenceExact(z -> field.velocity(z, t), x, createGraph);
            return new Tensor[] {fd.field(), fd.divergence()};
        }
        Tensor xr = x.requiresGrad() ? x : x.asVariable();
        Tensor v = field.velocity(xr, t);
        Tensor sum = null;
        for (INDArray e : probes) {
            Tensor eps = Tensor.constant(e);
            Tensor vjp = Autodiff.grad(new Tensor[] {v}, new Tensor[] {xr}, new Tensor[] {eps}, createGraph)[0];
            Tensor est = vjp.mul(eps).sum(1, true);
            sum = sum == null ? est : sum.add(est);
        }
        return new Tensor[] {v, probes.length == 1 ? sum : sum.mul(1.0 / probes.length)};
    }

    @Override
    public List<Tensor> parameters() {
        return field.trainableTensors();
    }
}
